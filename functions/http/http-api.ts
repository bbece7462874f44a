import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpRouterHandler from '@middy/http-router';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from '../shared/zod';
import {
  ORIGIN_VERIFY_HEADER,
  VIEWER_ADDRESS_HEADER,
  originSecretMatches,
  secretsManagerReference,
  viewerAddress,
} from './cloudfront-edge';
import { config, originVerifySecretName, type Config } from '../shared/config';
import { HttpError } from './errors';
import { clientRefusal } from './refusals';
import { cs } from '../shared/messages.cs';
import { logContext, logger } from '../shared/logger';
import { toNfc } from './nfc';

/**
 * The HTTP edge shared by every route: header normalising, the viewer check (in AWS: came through
 * CloudFront, and from which address), a 64 KB JSON body rule, the Origin check, security headers
 * and one error mapper that turns everything into `{error:{code,message,fields?}}` with a Czech
 * message. Handlers only declare routes.
 */
export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResponse = APIGatewayProxyStructuredResultV2;

export const MAX_BODY_BYTES = 64 * 1024;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const json = (statusCode: number, body?: unknown, extra: Partial<HttpResponse> = {}): HttpResponse => ({
  statusCode,
  ...extra,
  headers: {
    ...(body !== undefined && { 'Content-Type': 'application/json; charset=utf-8' }),
    'Cache-Control': 'no-store',
    ...extra.headers,
  },
  body: body === undefined ? '' : JSON.stringify(body),
});

/** Zod issues → `{field: message}`; the first message per field wins (it is the most basic one). */
export function fieldErrors(error: z.core.$ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[key] ??= cs.fields.unknownField;
      continue;
    }
    const field = issue.path.length > 0 ? issue.path.join('.') : '_';
    fields[field] ??= issue.message || cs.fields.invalid;
  }
  return fields;
}

export function parseBody<T extends z.ZodMiniType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) throw new HttpError(400, 'validation_failed', fieldErrors(result.error));
  return result.data;
}

/**
 * Written here rather than taken from @middy/http-json-body-parser: that one answers 415 for
 * malformed JSON too and has no size limit, and we need 413/415/400 told apart.
 */
const jsonBody = (): MiddlewareObj<HttpEvent> => ({
  before: (request) => {
    const event = request.event;
    if (!WRITE_METHODS.has(event.requestContext.http.method)) return;
    const raw = event.body ?? '';
    const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
    if (bytes.length > MAX_BODY_BYTES) throw new HttpError(413, 'payload_too_large');
    if (!/^application\/json\s*(;.*)?$/i.test(event.headers['content-type'] ?? '')) throw new HttpError(415, 'unsupported_media_type');
    if (bytes.length === 0) {
      (event as { parsedBody?: unknown }).parsedBody = {};
      return;
    }
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
    try {
      (event as { parsedBody?: unknown }).parsedBody = toNfc(JSON.parse(text.decode(bytes)));
    } catch {
      throw new HttpError(400, 'bad_json');
    }
  },
});

/** Cross-site requests are refused: a browser always sends Origin on a cross-origin write. */
const originCheck = (allowed: readonly string[]): MiddlewareObj<HttpEvent> => ({
  before: (request) => {
    const { method } = request.event.requestContext.http;
    const origin = request.event.headers.origin;
    if (WRITE_METHODS.has(method) && origin !== undefined && !allowed.includes(origin)) {
      throw new HttpError(403, 'forbidden_origin');
    }
  },
});

const errorJson = (): MiddlewareObj<HttpEvent, APIGatewayProxyResultV2> => ({
  onError: (request) => {
    const err = clientRefusal(request.error) as (Error & { statusCode?: number; expose?: boolean }) | undefined;
    if (err instanceof HttpError) {
      request.response = json(
        err.status,
        { error: { code: err.code, message: err.message, ...(err.fields && { fields: err.fields }), ...err.extra } },
        { headers: err.headers },
      );
      return;
    }
    if (err?.statusCode === 404 || err?.statusCode === 405) {
      const code = err.statusCode === 404 ? 'route_not_found' : 'method_not_allowed';
      request.response = json(err.statusCode, { error: { code, message: cs.errors[code] } });
      return;
    }
    const unavailable = isUnavailable(err);
    logger.error(unavailable ? 'dependency unavailable' : 'unhandled error', { error: err });
    const code = unavailable ? 'unavailable' : 'internal';
    request.response = json(
      unavailable ? 503 : 500,
      { error: { code, message: cs.errors[code] } },
      unavailable ? { headers: { 'Retry-After': '5' } } : {},
    );
  },
});

/** Network failures and throttling of a dependency: the client may retry (same Idempotency-Key). */
function isUnavailable(err: unknown): boolean {
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown } | undefined;
  if (!e) return false;
  const codes = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN'];
  return (
    codes.includes(e.code ?? '') ||
    codes.some((c) => String(e.name).includes(c)) ||
    e.name === 'TimeoutError' ||
    e.name === 'ProvisionedThroughputExceededException' ||
    e.name === 'ThrottlingException' ||
    e.name === 'RequestLimitExceeded' ||
    e.name === 'InternalServerError' ||
    (e.$metadata?.httpStatusCode ?? 0) >= 500 ||
    (err instanceof AggregateError && err.errors.some(isUnavailable))
  );
}

export const bodyOf = (event: HttpEvent): unknown => (event as { parsedBody?: unknown }).parsedBody;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  handler: (event: HttpEvent) => Promise<HttpResponse>;
}

export function httpApi(routes: Route[], allowedOrigins: readonly string[], edge: ViewerEdge = viewerEdge()) {
  return middy<HttpEvent, APIGatewayProxyResultV2>()
    .use(logContext())
    .use(httpHeaderNormalizer())
    .use(httpSecurityHeaders())
    .use(viewerCheck(edge, () => new HttpError(403, 'forbidden_origin')))
    .use(jsonBody())
    .use(originCheck(allowedOrigins))
    .use(errorJson())
    .handler(httpRouterHandler(routes.map((r) => ({ method: r.method, path: r.path, handler: r.handler }))) as never);
}

export function cookies(event: HttpEvent): Record<string, string> {
  const out: Record<string, string> = {};
  const all = [...(event.cookies ?? []), ...(event.headers.cookie?.split(';') ?? [])];
  for (const pair of all) {
    const i = pair.indexOf('=');
    if (i <= 0) continue;
    try {
      out[pair.slice(0, i).trim()] ??= decodeURIComponent(pair.slice(i + 1).trim());
    } catch {
      // a malformed cookie is ignored, as browsers do
    }
  }
  return out;
}

/**
 * Who may call the HTTP functions and how the caller's address is known, decided once when a
 * handler loads. Locally the gateway hands over the TCP peer. In AWS the API sits behind CloudFront,
 * whose edge address is all API Gateway sees (shared by many viewers: counting failed logins per
 * that address would lock out everyone behind an edge), while the API's execute-api address can
 * also be called directly, bypassing CloudFront. So a request must carry the origin secret that
 * only CloudFront adds (see cloudfront-edge.ts), and then, and only then, its
 * `CloudFront-Viewer-Address` names the caller.
 */
export type ViewerEdge = { stage: 'local' } | { stage: 'aws'; originSecret: () => Promise<string> };

/** How long a Lambda keeps the origin secret before reading it again (a rotation shows up within it). */
export const ORIGIN_SECRET_MAX_AGE_SECONDS = 300;

/**
 * The edge of this process's configuration. The secret is read through Parameter Store's reference
 * to Secrets Manager (`GetParameter /aws/reference/secretsmanager/<name>`) with the SSM client and
 * Powertools provider that both HTTP bundles already carry for the reply-token secret, rather than
 * with @aws-sdk/client-secrets-manager: that would add a second service client (its commands and
 * serialisers) to both bundles for this one call. Powertools caches the value for the max age.
 */
export function viewerEdge(cfg: Config = config()): ViewerEdge {
  const secretName = originVerifySecretName(cfg);
  if (secretName === undefined) return { stage: 'local' };
  const parameterName = secretsManagerReference(secretName);
  return {
    stage: 'aws',
    originSecret: async () => {
      const value = await getParameter(parameterName, { decrypt: true, maxAge: ORIGIN_SECRET_MAX_AGE_SECONDS });
      if (!value) throw new Error('the origin secret is empty');
      return value;
    },
  };
}

const VIEWER_ADDRESS = Symbol('viewerAddress');
type CheckedEvent = HttpEvent & { [VIEWER_ADDRESS]?: string };

/**
 * Refuses (with the caller's own error, JSON or HTML) a request that did not come through
 * CloudFront, and records the viewer's address for `clientAddress`. First in the chain after the
 * header normaliser: a refused request is not even parsed.
 */
export const viewerCheck = (edge: ViewerEdge, refuse: () => Error): MiddlewareObj<HttpEvent> => ({
  before: async (request) => {
    const event = request.event as CheckedEvent;
    if (edge.stage === 'local') {
      event[VIEWER_ADDRESS] = event.requestContext.http.sourceIp;
      return;
    }
    if (!originSecretMatches(await edge.originSecret(), event.headers[ORIGIN_VERIFY_HEADER.toLowerCase()])) {
      logger.warn('request without the origin secret refused', { sourceIp: event.requestContext.http.sourceIp, path: event.rawPath });
      throw refuse();
    }
    const address = viewerAddress(event.headers[VIEWER_ADDRESS_HEADER.toLowerCase()]);
    if (address !== undefined) event[VIEWER_ADDRESS] = address;
  },
});

/**
 * The caller's address as `viewerCheck` established it (undefined when CloudFront's header was
 * missing or malformed: the per-address lockout then skips the request, the per-account one not).
 */
export function clientAddress(event: HttpEvent): string | undefined {
  return (event as CheckedEvent)[VIEWER_ADDRESS];
}
