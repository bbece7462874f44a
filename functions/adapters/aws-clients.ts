import { Agent } from 'node:https';
import { Agent as HttpAgent } from 'node:http';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../shared/config';

/**
 * Options every SDK client shares. In local mode the endpoints point at the stand-ins, which accept
 * any credentials; keep-alive pools are sized for the local gateway, where one process serves many
 * concurrent requests (a Lambda instance serves one at a time). Each service's client is made in its
 * own module (this one: DynamoDB), so a Lambda bundles only the SDK clients it uses.
 */
const requestHandler = {
  httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 256 }),
  httpsAgent: new Agent({ keepAlive: true, maxSockets: 256 }),
};

/** Attempts per SDK call: the first and two retries (the SDK's default, named for DynamoDB). */
const SDK_ATTEMPTS = 3;

export function clientOptions(cfg: Config, endpoint: string | undefined) {
  return {
    region: cfg.AWS_REGION,
    requestHandler,
    ...(endpoint && { endpoint }),
    ...(cfg.STAGE === 'local' && {
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      retryStrategy: perRequestRetries(SDK_ATTEMPTS),
    }),
  };
}

type RetryStrategy = NonNullable<DynamoDBClientConfig['retryStrategy']>;
type RetryToken = Awaited<ReturnType<Extract<RetryStrategy, { acquireInitialRetryToken: unknown }>['acquireInitialRetryToken']>>;

const retryToken = (count: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => 0 });

/**
 * Retries for the local stage, where one process serves every concurrent request of the desk. The
 * SDK's standard strategy keeps one retry budget per client (500 tokens, 14 per transient retry):
 * a Lambda instance serves one request at a time, so that budget only stops retry storms against a
 * struggling service; shared by a few hundred requests in flight, one burst of ~36 connection resets
 * empties it and every further reset fails on its first attempt (test/integration/sdk-retries.test.ts:
 * with the standard strategy 46 of 600 submissions answered 503 after two blips). Here each
 * request gets its own attempts, with full-jitter exponential backoff (≤ 2 s), for the same errors
 * the SDK calls retryable (transient and throttling); anything else fails at once.
 */
export function perRequestRetries(maxAttempts: number): RetryStrategy {
  return {
    mode: 'standard',
    acquireInitialRetryToken: async () => retryToken(0),
    async refreshRetryTokenForRetry(token, { errorType }) {
      const count = token.getRetryCount() + 1;
      if (count >= maxAttempts || (errorType !== 'TRANSIENT' && errorType !== 'THROTTLING')) throw new Error('No retry token available');
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2000, 100 * 2 ** count)));
      return retryToken(count);
    },
    recordSuccess: () => {},
  };
}

export function createDynamoClients(cfg: Config) {
  const dynamo = new DynamoDBClient({ ...clientOptions(cfg, cfg.AWS_ENDPOINT_DYNAMODB), maxAttempts: SDK_ATTEMPTS });
  return { dynamo, doc: DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }) };
}
