import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpRouterHandler from '@middy/http-router';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
// A namespace import: `import { z }` makes esbuild keep every zod locale (+370 KB per bundle).
import * as z from 'zod';
import type { ZodType } from 'zod';
import { config } from './config';
import { HttpError } from './errors';
import { cs } from './messages.cs';
import { logger } from './logger';

/**
 * The HTTP edge shared by every route: header normalising, a 64 KB JSON body rule, the Origin
 * check, security headers and one error mapper that turns everything into
 * `{error:{code,message,fields?}}` with a Czech message. Handlers only declare routes.
 */
export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResponse = APIGatewayProxyStructuredResultV2;

export const MAX_BODY_BYTES = 64 * 1024;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const json = (statusCode: number, body?: unknown, extra: Partial<HttpResponse> = {}): HttpResponse => ({
  statusCode,
  ...extra,
  headers: { ...(body !== undefined && { 'Content-Type': 'application/json; charset=utf-8' }), 'Cache-Control': 'no-store', ...extra.headers },
  body: body === undefined ? '' : JSON.stringify(body),
});

/** Zod issues → `{field: message}`; the first message per field wins (it is the most basic one). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
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

export function parseBody<T extends ZodType>(schema: T, body: unknown): z.infer<T> {
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
      (event as { parsedBody?: unknown }).parsedBody = JSON.parse(text.decode(bytes));
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
    const err = request.error as (Error & { statusCode?: number; expose?: boolean }) | undefined;
    if (err instanceof HttpError) {
      request.response = json(err.status, { error: { code: err.code, message: err.message, ...(err.fields && { fields: err.fields }), ...err.extra } }, { headers: err.headers });
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
    request.response = json(unavailable ? 503 : 500, { error: { code, message: cs.errors[code] } }, unavailable ? { headers: { 'Retry-After': '5' } } : {});
  },
});

/** Network failures and throttling of a dependency: the client may retry (same Idempotency-Key). */
function isUnavailable(err: unknown): boolean {
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown } | undefined;
  if (!e) return false;
  const codes = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN'];
  return (
    codes.includes(e.code ?? '') || codes.some((c) => String(e.name).includes(c)) ||
    e.name === 'TimeoutError' || e.name === 'ProvisionedThroughputExceededException' || e.name === 'ThrottlingException' ||
    e.name === 'RequestLimitExceeded' || e.name === 'InternalServerError' || (e.$metadata?.httpStatusCode ?? 0) >= 500 ||
    (err instanceof AggregateError && err.errors.some(isUnavailable))
  );
}

export const bodyOf = (event: HttpEvent): unknown => (event as { parsedBody?: unknown }).parsedBody;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  handler: (event: HttpEvent) => Promise<HttpResponse>;
}

export function httpApi(routes: Route[], allowedOrigins: readonly string[]) {
  return middy<HttpEvent, APIGatewayProxyResultV2>()
    .use(httpHeaderNormalizer())
    .use(httpSecurityHeaders())
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
 * The caller's address, where it can be trusted. Locally (and behind a bare API Gateway) it is the
 * TCP peer. Behind CloudFront, API Gateway sees CloudFront's edge address, shared by many people:
 * counting failed logins per that address would lock out everyone behind the edge, and the viewer
 * address header cannot be trusted until the API verifies that requests come through CloudFront.
 * So in AWS the per-address lockout is off (per-account lockout stays) until that is built.
 */
export function clientAddress(event: HttpEvent): string | undefined {
  return config().STAGE === 'local' ? event.requestContext.http.sourceIp : undefined;
}
