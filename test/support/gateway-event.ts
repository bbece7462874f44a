import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

/**
 * API Gateway v2 events built the way local/gateway.ts `toEvent` builds them, for calling a handler
 * directly: tests choose `sourceIp` (the socket address the gateway would pass) and read the time
 * the handler itself took.
 */
export interface EventInput {
  method: 'GET' | 'POST';
  path: string;
  sourceIp: string;
  headers?: Record<string, string>;
  cookies?: string[];
  body?: string;
}

export function gatewayEvent(input: EventInput): APIGatewayProxyEventV2 {
  const now = new Date();
  const headers = { host: 'localhost', 'user-agent': 'security-test', ...input.headers };
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: input.path,
    rawQueryString: '',
    ...(input.cookies?.length && { cookies: input.cookies }),
    headers,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'local',
      http: { method: input.method, path: input.path, protocol: 'HTTP/1.1', sourceIp: input.sourceIp, userAgent: headers['user-agent'] },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(input.body !== undefined && { body: input.body }),
    isBase64Encoded: false,
  };
}

export function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 29_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export type DirectHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

/** Calls a handler with one event; answers its result and the milliseconds the handler took. */
export async function invoke(
  handler: DirectHandler,
  input: EventInput,
  name = 'handler',
): Promise<{ res: APIGatewayProxyStructuredResultV2; ms: number }> {
  const started = performance.now();
  const res = (await handler(gatewayEvent(input), lambdaContext(name))) as APIGatewayProxyStructuredResultV2;
  return { res, ms: performance.now() - started };
}
