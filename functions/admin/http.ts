import { createHmac, timingSafeEqual } from 'node:crypto';
import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpRouterHandler from '@middy/http-router';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import type * as z from '../shared/zod';
import { MAX_UPLOAD_BYTES } from '../core/tickets/staff-tickets';
import { EdgeRefusal, StaffError } from '../http/errors';
import { staffRefusal } from '../http/refusals';
import { fieldErrors, viewerCheck, viewerEdge, type HttpEvent, type HttpResponse, type ViewerEdge } from '../http/http-api';
import { logContext, logger } from '../shared/logger';
import { adminErrors, type AdminErrorCode } from '../shared/messages-admin.cs';
import { toNfc } from '../http/nfc';
import { html } from './html';
import { layout } from './layout';
import { adminJs, adminJsPath } from './script';
import { adminCss, adminCssPath, adminFavicon, adminFaviconPath } from './styles';

/**
 * The HTTP edge of the admin UI (server-rendered HTML, forms, no client-side script): the viewer
 * check shared with the client API (in AWS: only through CloudFront), form bodies (URL-encoded, or
 * multipart for uploads), the Origin check, security headers with a strict CSP, and one error
 * mapper that renders a Czech error page. Routes declare the rest.
 */
export interface UploadedFile {
  filename: string;
  contentType: string;
  content: Buffer;
}
export interface Form {
  fields: Record<string, string>;
  files: Record<string, UploadedFile>;
}
export interface AdminRoute {
  method: 'GET' | 'POST';
  path: string;
  handler: (event: HttpEvent) => Promise<HttpResponse>;
}

const MAX_FORM_BYTES = 64 * 1024;
const MAX_MULTIPART_BYTES = MAX_UPLOAD_BYTES + 64 * 1024;

export const formOf = (event: HttpEvent): Form => (event as { form?: Form }).form ?? { fields: {}, files: {} };

export function parseForm<T extends z.ZodMiniType>(schema: T, event: HttpEvent): z.infer<T> {
  const { _csrf: _, ...fields } = formOf(event).fields;
  const result = schema.safeParse(fields);
  if (!result.success) throw new StaffError(400, 'validation_failed', fieldErrors(result.error));
  return result.data;
}

export const htmlPage = (statusCode: number, body: string, extra: Partial<HttpResponse> = {}): HttpResponse => ({
  statusCode,
  ...extra,
  headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...extra.headers },
  body,
});

/** A file to save (an export), never shown inline. `filename` is ASCII. */
export const download = (body: string, filename: string, contentType: string): HttpResponse => ({
  statusCode: 200,
  headers: { 'Content-Type': contentType, 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'no-store' },
  body,
});

/** POST/redirect/GET: 303, so the browser follows with a GET. */
export const redirect = (location: string, cookies?: string[]): HttpResponse => ({
  statusCode: 303,
  headers: { Location: location, 'Cache-Control': 'no-store' },
  ...(cookies && { cookies }),
  body: '',
});

/** A fixed asset served by the admin Lambda itself. */
const assetRoute = (path: string, contentType: string, cacheControl: string, body: string): AdminRoute => ({
  method: 'GET',
  path,
  handler: async () => ({ statusCode: 200, headers: { 'Content-Type': contentType, 'Cache-Control': cacheControl }, body }),
});

export const faviconRoute = assetRoute(adminFaviconPath, 'image/svg+xml', 'public, max-age=86400', adminFavicon);
export const cssRoute = assetRoute(adminCssPath, 'text/css; charset=utf-8', 'public, max-age=31536000, immutable', adminCss);
export const jsRoute = assetRoute(adminJsPath, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable', adminJs);

/**
 * Form bodies. Multipart goes through the WHATWG `Response.formData()` parser built into Node
 * (undici) rather than busboy: API Gateway hands the whole body over in the event anyway, so a
 * streaming parser would gain nothing, and there is no dependency to add.
 */
const formBody = (): MiddlewareObj<HttpEvent> => ({
  before: async (request) => {
    const event = request.event;
    if (event.requestContext.http.method !== 'POST') return;
    const raw = event.body ?? '';
    const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
    const type = event.headers['content-type'] ?? '';
    const form: Form = { fields: {}, files: {} };
    if (/^application\/x-www-form-urlencoded\s*(;.*)?$/i.test(type) || (bytes.length === 0 && type === '')) {
      if (bytes.length > MAX_FORM_BYTES) throw new StaffError(413, 'payload_too_large');
      for (const [k, v] of new URLSearchParams(bytes.toString('utf8'))) form.fields[k] ??= v;
    } else if (/^multipart\/form-data\s*;/i.test(type)) {
      if (bytes.length > MAX_MULTIPART_BYTES) throw new StaffError(413, 'file_too_large');
      let data: FormData;
      try {
        data = await new Response(bytes, { headers: { 'content-type': type } }).formData();
      } catch {
        throw new StaffError(400, 'validation_failed');
      }
      for (const [k, v] of data) {
        if (typeof v === 'string') form.fields[k] ??= v;
        else if (v.size > 0 || v.name)
          form.files[k] ??= {
            filename: v.name,
            contentType: v.type || 'application/octet-stream',
            content: Buffer.from(await v.arrayBuffer()),
          };
      }
    } else {
      throw new StaffError(415, 'unsupported_media_type');
    }
    form.fields = toNfc(form.fields);
    (event as { form?: Form }).form = form;
  },
});

/** A browser always sends Origin (and Sec-Fetch-Site) on a cross-site POST: such posts are refused before anything else. */
const originCheck = (allowed: readonly string[]): MiddlewareObj<HttpEvent> => ({
  before: (request) => {
    const { headers, requestContext } = request.event;
    if (requestContext.http.method !== 'POST') return;
    const origin = headers.origin;
    const site = headers['sec-fetch-site'];
    if ((origin !== undefined && origin !== 'null' && !allowed.includes(origin)) || origin === 'null' || site === 'cross-site') {
      throw new StaffError(403, 'forbidden_origin');
    }
  },
});

export function errorPage(status: number, message: string, fields?: Record<string, string>): HttpResponse {
  const body = html`<div class="card"><h1>${status === 404 ? 'Nenalezeno' : status === 403 ? 'Přístup odepřen' : 'Akci nelze provést'}</h1>
    <p>${message}</p>
    ${fields && Object.keys(fields).length ? html`<ul>${Object.entries(fields).map(([, m]) => html`<li>${m}</li>`)}</ul>` : ''}
    <p class="actions"><a class="button secondary" href="/admin">Zpět do fronty</a></p></div>`;
  return htmlPage(status, layout({ title: 'Chyba', body }));
}

const errorHtml = (): MiddlewareObj<HttpEvent, APIGatewayProxyResultV2> => ({
  onError: (request) => {
    const err = staffRefusal(request.error) as (Error & { statusCode?: number }) | undefined;
    if (err instanceof EdgeRefusal) {
      const res = errorPage(err.status, err.message, err.fields);
      request.response = { ...res, headers: { ...res.headers, ...err.headers } };
      return;
    }
    if (err?.statusCode === 404 || err?.statusCode === 405) {
      const code: AdminErrorCode = err.statusCode === 404 ? 'route_not_found' : 'method_not_allowed';
      request.response = errorPage(err.statusCode, adminErrors[code]);
      return;
    }
    logger.error('admin: unhandled error', { error: err });
    request.response = errorPage(500, adminErrors.internal);
  },
});

/** Security headers for every admin answer; the CSP allows nothing but this origin's stylesheet, script (admin/script.ts; none inline), images and form posts. */
const securityHeaders = () =>
  httpSecurityHeaders({
    contentSecurityPolicy: {
      'default-src': "'none'",
      'style-src': "'self'",
      'script-src': "'self'",
      'img-src': "'self'",
      'form-action': "'self'",
      'frame-ancestors': "'none'",
      'base-uri': "'none'",
      'navigate-to': undefined,
      'report-to': undefined,
      sandbox: undefined,
      'upgrade-insecure-requests': undefined,
    },
    referrerPolicy: { policy: 'same-origin' },
  } as never);

export function adminApi(routes: AdminRoute[], allowedOrigins: readonly string[], edge: ViewerEdge = viewerEdge()) {
  return middy<HttpEvent, APIGatewayProxyResultV2>()
    .use(logContext())
    .use(httpHeaderNormalizer())
    .use(securityHeaders())
    .use(viewerCheck(edge, () => new StaffError(403, 'forbidden_origin')))
    .use(originCheck(allowedOrigins))
    .use(formBody())
    .use(errorHtml())
    .handler(httpRouterHandler(routes.map((r) => ({ method: r.method, path: r.path, handler: r.handler }))) as never);
}

/** The CSRF token of a session: an HMAC keyed with the session token itself, so it needs no stored state and dies with the session. */
export const csrfToken = (sessionToken: string, purpose = 'admin-form') =>
  createHmac('sha256', sessionToken).update(purpose).digest('base64url');

export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
