import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKOUT } from '../../functions/core/accounts/login-throttle';
import { DEMO } from '../../local/seed';
import type { LocalStack } from '../../local/stack';
import { invoke, type DirectHandler, type EventInput } from '../support/gateway-event';
import { testStack, validIco } from '../support/stack';

/**
 * The per-address login lockout as it runs in AWS, behind CloudFront (brute-force.test.ts covers it
 * locally; configuration is per process, hence a file of its own). The handlers run with STAGE=aws
 * against the local stand-ins, and read the origin secret the way the Lambdas do: GetParameter on
 * Parameter Store's reference to Secrets Manager, here answered by a small Parameter Store
 * stand-in (the SDK's AWS_ENDPOINT_URL_SSM points at it). Every request comes from the same
 * CloudFront edge address, as API Gateway would see it; the viewer is in CloudFront-Viewer-Address.
 */
const SECRET_NAME = 'SoftechSupportStack/origin-verify';
const SECRET = 'Kd8sN2wQ7xZp4Lm9Rt3Vb6Yc1Hj5Fg0Ua8Ei2Oo7Sn4Wq3Xk';
const PARAMETER = `/aws/reference/secretsmanager/${SECRET_NAME}`;
const EDGE = '130.176.12.34';
const OTHER_EDGE = '64.252.70.1';

interface ParameterCall {
  target: string;
  input: { Name?: string; WithDecryption?: boolean };
}

/** Answers GetParameter (JSON 1.1 protocol) for one parameter, refusing it without WithDecryption as SSM does. */
function startParameterStore(name: string, value: string): Promise<{ server: Server; endpoint: string; calls: ParameterCall[] }> {
  const calls: ParameterCall[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const call: ParameterCall = { target: String(req.headers['x-amz-target'] ?? ''), input: JSON.parse(body || '{}') };
      calls.push(call);
      res.setHeader('Content-Type', 'application/x-amz-json-1.1');
      if (call.target !== 'AmazonSSM.GetParameter' || call.input.Name !== name || call.input.WithDecryption !== true) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'ParameterNotFound', message: `no parameter ${call.input.Name}` }));
        return;
      }
      res.end(JSON.stringify({ Parameter: { Name: name, Type: 'SecureString', Value: value, Version: 1, DataType: 'text' } }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls });
    }),
  );
}

let parameterStore: Awaited<ReturnType<typeof startParameterStore>>;
let stack: LocalStack;
let clientApi: DirectHandler;
let admin: DirectHandler;

let viewerCounter = 0;
/** A viewer address (with CloudFront's port suffix) no other request in this file has used. */
const freshViewer = () => {
  viewerCounter++;
  return `198.51.${(viewerCounter >> 8) & 255}.${viewerCounter & 255}:${40000 + viewerCounter}`;
};

/** The headers CloudFront adds: the origin secret and the viewer's address. */
const viaCloudFront = (viewer: string) => ({ 'x-origin-verify': SECRET, 'cloudfront-viewer-address': viewer });

const clientLogin = (ico: string, password: string, headers: Record<string, string>, sourceIp = EDGE): EventInput => ({
  method: 'POST',
  path: '/api/login',
  sourceIp,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ ico, password }),
});

const staffLogin = (email: string, password: string, headers: Record<string, string>): EventInput => {
  const token = `t${viewerCounter}-login-form-token`;
  return {
    method: 'POST',
    path: '/admin/login',
    sourceIp: EDGE,
    cookies: [`sp_admin_login=${token}`],
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  };
};

const tryClient = async (input: EventInput) => (await invoke(clientApi, input, 'client-api')).res;
const tryStaff = async (input: EventInput) => (await invoke(admin, input, 'admin')).res;

/** Status codes of `count` attempts, four at a time (scrypt runs on the thread pool). */
async function statusesOf(count: number, attempt: (i: number) => Promise<{ statusCode?: number }>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += 4) {
    const batch = await Promise.all(Array.from({ length: Math.min(4, count - i) }, (_, j) => attempt(i + j)));
    statuses.push(...batch.map((res) => res.statusCode!));
  }
  return statuses;
}

beforeAll(async () => {
  parameterStore = await startParameterStore(PARAMETER, SECRET);
  stack = await testStack({
    mailer: false,
    buildWeb: false,
    extraEnv: {
      STAGE: 'aws',
      ORIGIN_VERIFY_SECRET_NAME: SECRET_NAME,
      AWS_ENDPOINT_URL_SSM: parameterStore.endpoint,
      // In the aws stage the SDK takes credentials from the environment; the stand-ins accept these.
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    },
  });
  clientApi = (await import('../../functions/handlers/client-api')).handler as DirectHandler;
  admin = (await import('../../functions/handlers/admin')).handler as DirectHandler;
});
afterAll(async () => {
  await stack?.stop();
  await new Promise((resolve) => parameterStore?.server.close(resolve));
});

describe('origin secret', () => {
  it("is read once through Parameter Store's reference to Secrets Manager, decrypted, and then kept", async () => {
    for (let i = 0; i < 3; i++) {
      expect(
        (await tryClient({ method: 'GET', path: '/api/health', sourceIp: EDGE, headers: viaCloudFront(freshViewer()) })).statusCode,
      ).toBe(200);
    }
    expect(parameterStore.calls).toEqual([{ target: 'AmazonSSM.GetParameter', input: { Name: PARAMETER, WithDecryption: true } }]);
  });
});

describe('client login lockout behind CloudFront', () => {
  it('locks a viewer after 30 failures while another viewer behind the same edge still logs in', async () => {
    const attacker = freshViewer();
    const failures = await statusesOf(LOCKOUT.perAddress, (i) =>
      tryClient(clientLogin(validIco(7100000 + i), 'hadam-heslo', viaCloudFront(attacker))),
    );
    expect(failures).toEqual(Array(LOCKOUT.perAddress).fill(401));

    expect((await tryClient(clientLogin(DEMO.client.ico, DEMO.client.password, viaCloudFront(attacker)))).statusCode).toBe(429);
    expect((await tryClient(clientLogin(DEMO.client.ico, DEMO.client.password, viaCloudFront(freshViewer())))).statusCode).toBe(200);
  });

  it('keeps a locked viewer locked when it comes through another edge', async () => {
    const attacker = freshViewer();
    await statusesOf(LOCKOUT.perAddress, (i) => tryClient(clientLogin(validIco(7200000 + i), 'hadam-heslo', viaCloudFront(attacker))));
    const elsewhere = await tryClient(clientLogin(DEMO.client.ico, DEMO.client.password, viaCloudFront(attacker), OTHER_EDGE));
    expect(elsewhere.statusCode).toBe(429);
  });

  it('locks an IPv6 viewer by its address, whatever port CloudFront reports', async () => {
    const attacker = (port: number) => `2001:db8:7::${viewerCounter.toString(16)}:${port}`;
    viewerCounter++;
    await statusesOf(LOCKOUT.perAddress, (i) =>
      tryClient(clientLogin(validIco(7300000 + i), 'hadam-heslo', viaCloudFront(attacker(50000 + i)))),
    );
    expect((await tryClient(clientLogin(DEMO.client.ico, DEMO.client.password, viaCloudFront(attacker(443))))).statusCode).toBe(429);
  });

  it('counts an IPv6 viewer by its /64: rotating addresses inside it does not escape the lock, the next /64 is not locked', async () => {
    const inBlock = (i: number) => `2001:db8:8:1:${(i + 1).toString(16)}::${i + 7}:443`;
    await statusesOf(LOCKOUT.perAddress, (i) => tryClient(clientLogin(validIco(7350000 + i), 'hadam-heslo', viaCloudFront(inBlock(i)))));
    expect((await tryClient(clientLogin(DEMO.client.ico, DEMO.client.password, viaCloudFront(inBlock(999))))).statusCode).toBe(429);
    expect((await tryClient(clientLogin(DEMO.client.ico, DEMO.client.password, viaCloudFront('2001:db8:8:2::1:443')))).statusCode).toBe(
      200,
    );
  });

  it('does not trust a CloudFront-Viewer-Address that comes without the origin secret: 403, and nothing counted', async () => {
    const victim = freshViewer();
    const forged = await statusesOf(LOCKOUT.perAddress, (i) =>
      tryClient(
        clientLogin(validIco(7400000 + i), 'hadam-heslo', {
          'cloudfront-viewer-address': victim,
          ...(i % 2 === 1 && { 'x-origin-verify': `${SECRET.slice(0, -1)}x` }),
        }),
      ),
    );
    expect(forged).toEqual(Array(LOCKOUT.perAddress).fill(403));

    const res = await tryClient(clientLogin(DEMO.client.ico, DEMO.client.password, viaCloudFront(victim)));
    expect(res.statusCode).toBe(200);
  });

  it('answers a request that bypasses CloudFront with 403 forbidden_origin JSON', async () => {
    const res = await tryClient(clientLogin(DEMO.client.ico, DEMO.client.password, { 'cloudfront-viewer-address': freshViewer() }));
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body!).error.code).toBe('forbidden_origin');
    expect(res.cookies).toBeUndefined();
  });
});

describe('staff login lockout behind CloudFront', () => {
  it('locks a viewer after 30 failed staff logins while another viewer behind the same edge still logs in', async () => {
    const attacker = freshViewer();
    const failures = await statusesOf(LOCKOUT.perAddress, (i) =>
      tryStaff(staffLogin(`hadam-${i}@softech.local`, 'hadam-heslo', viaCloudFront(attacker))),
    );
    expect(failures).toEqual(Array(LOCKOUT.perAddress).fill(401));

    expect((await tryStaff(staffLogin(DEMO.staff.email, DEMO.staff.password, viaCloudFront(attacker)))).statusCode).toBe(429);
    const elsewhere = await tryStaff(staffLogin(DEMO.staff.email, DEMO.staff.password, viaCloudFront(freshViewer())));
    expect(elsewhere.statusCode).toBe(303);
    expect(elsewhere.headers!.Location).toBe('/admin');
  });

  it('answers an admin page requested around CloudFront with a 403 page, and serves it through CloudFront', async () => {
    const bypass = await tryStaff({
      method: 'GET',
      path: '/admin/login',
      sourceIp: EDGE,
      headers: { 'cloudfront-viewer-address': freshViewer() },
    });
    expect(bypass.statusCode).toBe(403);
    expect(bypass.headers!['Content-Type']).toMatch(/^text\/html/);

    const through = await tryStaff({ method: 'GET', path: '/admin/login', sourceIp: EDGE, headers: viaCloudFront(freshViewer()) });
    expect(through.statusCode).toBe(200);
  });
});
