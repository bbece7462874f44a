import { describe, expect, it } from 'vitest';
import { adminApi, htmlPage } from '../../functions/admin/http';
import { originSecretMatches, secretsManagerReference, viewerAddress } from '../../functions/http/cloudfront-edge';
import { originVerifySecretName, parseConfig } from '../../functions/shared/config';
import { clientAddress, httpApi, json, viewerEdge, type HttpEvent, type ViewerEdge } from '../../functions/http/http-api';
import { cs } from '../../functions/shared/messages.cs';
import { adminErrors } from '../../functions/shared/messages-admin.cs';
import { invoke, type DirectHandler, type EventInput } from '../support/gateway-event';

/**
 * The viewer check of both HTTP edges (functions/http/http-api.ts, functions/admin/http.ts): in AWS
 * only requests carrying CloudFront's origin secret get through, and only their
 * CloudFront-Viewer-Address names the caller; locally the gateway's peer does. The secret is given
 * here as a function, where the Lambdas read it from Secrets Manager (test/security covers that path).
 */
const SECRET = 'Zq8dXk2PmW4tVb7nRc5yHs9jLf3gTa6uEo1iKp0wNx2vBz4q';
const EDGE = '130.176.12.34'; // a CloudFront edge: what API Gateway sees as the source of every request
const aws: ViewerEdge = { stage: 'aws', originSecret: async () => SECRET };
const local: ViewerEdge = { stage: 'local' };

/** Answers the address the route was given, so a test sees what the lockout would count. */
const echoAddress = async (event: HttpEvent) => json(200, { address: clientAddress(event) ?? null });
const api = (edge: ViewerEdge) =>
  httpApi([{ method: 'GET', path: '/api/whoami', handler: echoAddress }], ['https://podpora.example'], edge) as DirectHandler;
const admin = (edge: ViewerEdge) =>
  adminApi(
    [{ method: 'GET', path: '/admin/whoami', handler: async (event) => htmlPage(200, clientAddress(event) ?? 'none') }],
    ['https://podpora.example'],
    edge,
  ) as DirectHandler;

const request = (headers: Record<string, string>, path = '/api/whoami'): EventInput => ({ method: 'GET', path, sourceIp: EDGE, headers });
const through = (viewer?: string) => ({ 'x-origin-verify': SECRET, ...(viewer !== undefined && { 'cloudfront-viewer-address': viewer }) });
const addressOf = async (edge: ViewerEdge, headers: Record<string, string>) => {
  const { res } = await invoke(api(edge), request(headers));
  expect(res.statusCode).toBe(200);
  return JSON.parse(res.body!).address as string | null;
};

describe('CloudFront-Viewer-Address', () => {
  it('gives the IPv4 address without the port', () => {
    expect(viewerAddress('203.0.113.7:52344')).toBe('203.0.113.7');
  });

  it('gives an IPv6 address without the port after its last colon', () => {
    expect(viewerAddress('2a01:4f8::1:443')).toBe('2a01:4f8::1');
    expect(viewerAddress('2001:DB8:0:0:8:800:200C:417A:61000')).toBe('2001:db8:0:0:8:800:200c:417a');
  });

  it('gives nothing for a missing, empty or malformed header', () => {
    for (const header of [
      undefined,
      '',
      'abc',
      '203.0.113.7',
      '203.0.113.7:',
      ':443',
      '203.0.113.999:443',
      '203.0.113.7:99999',
      'localhost:443',
      '203.0.113.7:80, 10.0.0.1:80',
      '2a01:4f8::1',
    ]) {
      expect(viewerAddress(header), String(header)).toBeUndefined();
    }
  });
});

describe('origin secret comparison', () => {
  it('matches only the same secret', () => {
    expect(originSecretMatches(SECRET, SECRET)).toBe(true);
    expect(originSecretMatches(SECRET, `${SECRET.slice(0, -1)}X`)).toBe(false);
    expect(originSecretMatches(SECRET, SECRET.slice(1))).toBe(false);
    expect(originSecretMatches(SECRET, `${SECRET} `)).toBe(false);
    expect(originSecretMatches(SECRET, undefined)).toBe(false);
  });

  it('never matches an empty expected secret', () => {
    expect(originSecretMatches('', '')).toBe(false);
  });
});

describe('client API viewer check in AWS', () => {
  it("takes the caller's IPv4 address from CloudFront-Viewer-Address, not the edge's", async () => {
    expect(await addressOf(aws, through('198.51.100.23:61234'))).toBe('198.51.100.23');
  });

  it("takes the caller's IPv6 address from CloudFront-Viewer-Address", async () => {
    expect(await addressOf(aws, through('2a01:4f8::1:443'))).toBe('2a01:4f8::1');
  });

  it("leaves the address unknown (not the edge's) when the viewer header is missing or garbage", async () => {
    expect(await addressOf(aws, through())).toBeNull();
    expect(await addressOf(aws, through('not-an-address'))).toBeNull();
  });

  it('refuses a request without the origin secret with 403 forbidden_origin, forged viewer address or not', async () => {
    for (const headers of [{}, { 'cloudfront-viewer-address': '198.51.100.23:61234' }] as Record<string, string>[]) {
      const { res } = await invoke(api(aws), request(headers));
      expect(res.statusCode).toBe(403);
      expect(JSON.parse(res.body!)).toEqual({ error: { code: 'forbidden_origin', message: cs.errors.forbidden_origin } });
    }
  });

  it('refuses a request with a wrong origin secret', async () => {
    const { res } = await invoke(
      api(aws),
      request({ 'x-origin-verify': SECRET.toLowerCase(), 'cloudfront-viewer-address': '198.51.100.23:61234' }),
    );
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body!).error.code).toBe('forbidden_origin');
  });

  it('refuses (503, not through) when the origin secret cannot be read', async () => {
    const unreadable: ViewerEdge = {
      stage: 'aws',
      originSecret: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      },
    };
    const { res } = await invoke(api(unreadable), request(through('198.51.100.23:61234')));
    expect(res.statusCode).toBe(503);
  });
});

describe('client API viewer check locally', () => {
  it("takes the gateway's peer address and needs no origin secret", async () => {
    expect(await addressOf(local, {})).toBe(EDGE);
  });

  it('ignores a CloudFront-Viewer-Address header sent to the local gateway', async () => {
    expect(await addressOf(local, { 'cloudfront-viewer-address': '198.51.100.23:61234' })).toBe(EDGE);
  });
});

describe('admin viewer check in AWS', () => {
  it('refuses a request without the origin secret with a plain 403 page', async () => {
    const { res } = await invoke(admin(aws), request({ 'cloudfront-viewer-address': '198.51.100.23:61234' }, '/admin/whoami'));
    expect(res.statusCode).toBe(403);
    expect(res.headers!['Content-Type']).toMatch(/^text\/html/);
    expect(res.body).toContain(adminErrors.forbidden_origin);
  });

  it("passes a request through CloudFront with the viewer's address", async () => {
    const { res } = await invoke(admin(aws), request(through('198.51.100.24:1234'), '/admin/whoami'));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('198.51.100.24');
  });
});

describe('viewer check configuration', () => {
  const base = {
    TABLE_NAME: 'table',
    MAIL_BUCKET: 'bucket',
    MAIL_DOMAIN: 'podpora.example',
    MAIL_FROM_ADDRESS: 'podpora@podpora.example',
    MAIL_FROM_NAME: 'Podpora',
    PORTAL_URL: 'https://podpora.example/',
    ALLOWED_ORIGINS: 'https://podpora.example',
    REPLY_TOKEN_SECRET_PARAMETER: '/reply',
    AWS_REGION: 'eu-west-1',
  };

  it("requires the origin secret's name for the HTTP functions in AWS", () => {
    const cfg = parseConfig({ ...base, STAGE: 'aws' });
    expect(() => originVerifySecretName(cfg)).toThrow(/ORIGIN_VERIFY_SECRET_NAME/);
    expect(() => viewerEdge(cfg)).toThrow(/ORIGIN_VERIFY_SECRET_NAME/);
  });

  it("reads it through Parameter Store's reference to Secrets Manager in AWS", () => {
    const cfg = parseConfig({ ...base, STAGE: 'aws', ORIGIN_VERIFY_SECRET_NAME: 'Stack/origin-verify' });
    expect(viewerEdge(cfg).stage).toBe('aws');
    expect(secretsManagerReference(cfg.ORIGIN_VERIFY_SECRET_NAME!)).toBe('/aws/reference/secretsmanager/Stack/origin-verify');
  });

  it('rejects it locally, where no CloudFront stands in front', () => {
    expect(() => parseConfig({ ...base, STAGE: 'local', ORIGIN_VERIFY_SECRET_NAME: 'Stack/origin-verify' })).toThrow(
      /ORIGIN_VERIFY_SECRET_NAME/,
    );
    expect(viewerEdge(parseConfig({ ...base, STAGE: 'local' })).stage).toBe('local');
  });
});
