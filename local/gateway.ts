import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import pLimit from 'p-limit';
import { portalHeaders } from '../functions/http/security-headers';

/**
 * The local stand-in for CloudFront + API Gateway (HTTP API, payload 2.0): `/api/*` and `/admin*`
 * become API Gateway v2 events for the real handlers, everything else is the static portal.
 */
export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

const MAX_REQUEST_BYTES = 10 * 1024 * 1024; // API Gateway's payload limit

/**
 * How many handler invocations run at once; the rest wait for a free one. In AWS every invocation
 * runs in an instance of its own, with its own connections, and its time budget (29 s, API
 * Gateway's limit) starts when it runs. Here one process serves everything: without a limit, 1000
 * simultaneous submissions all start their clocks at once and the last ones spend their 29 s
 * queued behind the others for DynamoDB Local's sockets (the numbering test took 28.5 s for 1000
 * on a quiet machine; on a busy one the tail was cut off by middy's timeout as 503).
 */
const LOCAL_CONCURRENCY = 64;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

function lambdaContext(functionName: string): Context {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, 29_000 - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function toEvent(req: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = req.headers.cookie?.split(/;\s*/).filter(Boolean);
  const textual = /json|text|x-www-form-urlencoded/i.test(headers['content-type'] ?? '');
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies && { cookies }),
    headers,
    ...(url.search && { queryStringParameters: query }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 && { body: textual ? body.toString('utf8') : body.toString('base64') }),
    isBase64Encoded: body.length > 0 && !textual,
  };
}

function sendResult(res: ServerResponse, result: APIGatewayProxyResultV2) {
  const structured: APIGatewayProxyStructuredResultV2 = typeof result === 'string' ? { statusCode: 200, body: result } : result;
  // API Gateway drops headers without a value (middy unsets `Server` that way); so do we.
  const headers: Record<string, string | string[]> = Object.fromEntries(
    Object.entries(structured.headers ?? {})
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [k, String(v)]),
  );
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  res.writeHead(structured.statusCode ?? 200, headers);
  res.end(structured.body ? Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8') : undefined);
}

function jsonError(res: ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: { code, message } }));
}

/** Static files from `root`, gzip when the browser takes it, index.html for `/`. */
function serveStatic(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  cache: Map<string, { raw: Buffer; gz: Buffer; mtime: number }>,
) {
  const url = new URL(req.url ?? '/', 'http://local');
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return jsonError(res, 400, 'bad_request', 'Neplatná adresa.');
  }
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.resolve(root, `.${rel}`);
  if (!file.startsWith(path.resolve(root) + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...portalHeaders });
    return res.end('Stránka nenalezena (404).');
  }
  const mtime = statSync(file).mtimeMs;
  let entry = cache.get(file);
  if (!entry || entry.mtime !== mtime) {
    const raw = readFileSync(file);
    entry = { raw, gz: gzipSync(raw, { level: 9 }), mtime };
    cache.set(file, entry);
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': rel.endsWith('.html') ? 'no-cache' : 'public, max-age=300',
    vary: 'accept-encoding',
    ...(gzip && { 'content-encoding': 'gzip' }),
    ...portalHeaders,
  });
  res.end(req.method === 'HEAD' ? undefined : gzip ? entry.gz : entry.raw);
}

export interface GatewayOptions {
  port: number;
  webRoot: string;
  api: HttpHandler;
  admin?: HttpHandler;
}

export async function startGateway(
  opts: GatewayOptions,
): Promise<{ url: string; port: number; server: http.Server; stop(): Promise<void> }> {
  const cache = new Map<string, { raw: Buffer; gz: Buffer; mtime: number }>();
  const invocations = pLimit(LOCAL_CONCURRENCY);
  const server = http.createServer(async (req, res) => {
    try {
      const pathname = (req.url ?? '/').split('?')[0]!;
      const target =
        pathname === '/api' || pathname.startsWith('/api/')
          ? { fn: opts.api, name: 'client-api' }
          : (pathname === '/admin' || pathname.startsWith('/admin/')) && opts.admin
            ? { fn: opts.admin, name: 'admin' }
            : undefined;
      if (!target) return serveStatic(opts.webRoot, req, res, cache);
      const body = await readBody(req);
      if (body === 'too-large') return jsonError(res, 413, 'payload_too_large', 'Odeslaná data jsou příliš velká.');
      sendResult(res, await invocations(() => target.fn(toEvent(req, body), lambdaContext(target.name))));
    } catch (err) {
      console.error('gateway: handler crashed', err);
      if (!res.headersSent) jsonError(res, 502, 'bad_gateway', 'Služba neodpověděla správně.');
      else res.destroy();
    }
  });
  server.keepAliveTimeout = 65_000; // longer than clients keep idle sockets, so they close first
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: a burst of a thousand new connections must queue, not be reset.
    server.listen({ port: opts.port, host: '127.0.0.1', backlog: 4096 }, () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
