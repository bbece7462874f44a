import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../functions/core/accounts/passwords';
import { DEMO } from '../../local/seed';
import type { LocalStack } from '../../local/stack';
import { invoke, type DirectHandler, type EventInput } from '../support/gateway-event';
import { createTestClient, createTestStaff, testStack, validIco } from '../support/stack';

/**
 * Password guessing against both logins, with the handlers called directly so each attempt can
 * come from an address of our choosing (the gateway passes the socket address as sourceIp).
 * auth.test.ts and admin-auth.test.ts already cover the plain per-account lock (5 failures → 429)
 * and equal answers for unknown vs wrong; this file covers what they cannot reach over one socket:
 * the per-address lock, a lock spread over many addresses, and equal work for unknown accounts.
 */
let stack: LocalStack;
let clientApi: DirectHandler;
let admin: DirectHandler;
let app: Awaited<ReturnType<typeof import('../../functions/wiring/admin').getAdminApp>>;

let addressCounter = 0;
/** A source address no other attempt in this file has used. */
const freshAddress = () => {
  addressCounter++;
  return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
};

const clientLogin = (ico: string, password: string, sourceIp = freshAddress()): EventInput => ({
  method: 'POST',
  path: '/api/login',
  sourceIp,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ ico, password }),
});

/** A staff login post with a matching login-form token (double submit), as the login page sets it. */
const staffLogin = (email: string, password: string, sourceIp = freshAddress()): EventInput => {
  const token = `t${addressCounter}-login-form-token`;
  return {
    method: 'POST',
    path: '/admin/login',
    sourceIp,
    cookies: [`sp_admin_login=${token}`],
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  };
};

/**
 * Status codes of `count` attempts, a few at a time (scrypt runs on the thread pool). Running them
 * side by side weakens nothing: below the limit every attempt sees fewer failures than the limit,
 * in whatever order they land.
 */
async function statusesOf(count: number, attempt: (i: number) => Promise<{ res: { statusCode?: number } }>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += 4) {
    const batch = await Promise.all(Array.from({ length: Math.min(4, count - i) }, (_, j) => attempt(i + j)));
    statuses.push(...batch.map(({ res }) => res.statusCode!));
  }
  return statuses;
}

const tryClient = (input: EventInput) => invoke(clientApi, input, 'client-api');
const tryStaff = (input: EventInput) => invoke(admin, input, 'admin');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * Handler time of each kind of failed login: one warm-up each (the dummy hash is computed on first
 * use), then `rounds` rounds, the kinds interleaved and their order reversed every other round so
 * drift in machine load hits them alike. `reset` runs before every attempt, outside the timing.
 * A bare scrypt verification is timed in the same rounds as the yardstick of "one scrypt of work".
 */
async function timeFailures(
  kinds: Record<string, () => Promise<{ ms: number; res: { statusCode?: number } }>>,
  reset: () => Promise<void>,
  rounds = 10,
): Promise<Record<string, number>> {
  const stored = await hashPassword('yardstick-password-1');
  const all: Record<string, () => Promise<{ ms: number; res: { statusCode?: number } }>> = {
    ...kinds,
    scrypt: async () => {
      const started = performance.now();
      await verifyPassword('wrong-password-1', stored);
      return { ms: performance.now() - started, res: { statusCode: 401 } };
    },
  };
  const names = Object.keys(all);
  for (const name of names) {
    await reset();
    await all[name]!();
  }
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) {
      await reset();
      const { ms, res } = await all[name]!();
      expect(res.statusCode, name).toBe(401);
      times[name]!.push(ms);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(times[n]!)]));
}

/**
 * Each failure kind costs about what a wrong password costs (within 2×) and at least half a
 * scrypt verification, so timing cannot tell an existing account from a missing one.
 */
function expectComparableWork(m: Record<string, number>, others: readonly string[]) {
  for (const kind of others) {
    const ratio = m[kind]! / m.wrong!;
    expect(ratio, `${kind}/wrong medians ${JSON.stringify(m)}`).toBeGreaterThanOrEqual(0.5);
    expect(ratio, `${kind}/wrong medians ${JSON.stringify(m)}`).toBeLessThanOrEqual(2);
  }
  for (const kind of [...others, 'wrong']) expect(m[kind]!, JSON.stringify(m)).toBeGreaterThanOrEqual(0.5 * m.scrypt!);
}

beforeAll(async () => {
  stack = await testStack({ mailer: false, buildWeb: false });
  clientApi = (await import('../../functions/handlers/client-api')).handler as DirectHandler;
  admin = (await import('../../functions/handlers/admin')).handler as DirectHandler;
  app = await (await import('../../functions/wiring/admin')).getAdminApp();
});
afterAll(() => stack?.stop());

describe('client login lockout', () => {
  it('locks an IČO after 5 failures even when each came from another address, with Retry-After', async () => {
    const ico = validIco(6100001);
    await createTestClient(ico, 'spravne-heslo-61');
    expect(await statusesOf(5, (i) => tryClient(clientLogin(ico, `spatne-${i}`)))).toEqual(Array(5).fill(401));
    const { res } = await tryClient(clientLogin(ico, 'spravne-heslo-61'));
    expect(res.statusCode).toBe(429);
    expect(JSON.parse(res.body!).error.code).toBe('locked');
    const retryAfter = Number(res.headers!['Retry-After']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it("starts counting an IČO's failures afresh after a successful login", async () => {
    const ico = validIco(6100002);
    await createTestClient(ico, 'spravne-heslo-62');
    const ip = freshAddress();
    for (let i = 0; i < 4; i++) await tryClient(clientLogin(ico, `spatne-${i}`, ip));
    expect((await tryClient(clientLogin(ico, 'spravne-heslo-62', ip))).res.statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await tryClient(clientLogin(ico, `znovu-spatne-${i}`, ip))).res.statusCode).toBe(401);
    expect((await tryClient(clientLogin(ico, 'spravne-heslo-62', ip))).res.statusCode).toBe(200);
  });

  it('locks an address after 30 failures across 30 IČOs, for every IČO and the right password too, and leaves other addresses alone', async () => {
    const attacker = freshAddress();
    const statuses = await statusesOf(30, (i) => tryClient(clientLogin(validIco(6200000 + i), 'hadam-heslo', attacker)));
    expect(statuses).toEqual(Array(30).fill(401));

    const blocked = await tryClient(clientLogin(DEMO.client.ico, DEMO.client.password, attacker));
    expect(blocked.res.statusCode).toBe(429);
    expect(Number(blocked.res.headers!['Retry-After'])).toBeGreaterThan(14 * 60);
    expect((await tryClient(clientLogin(validIco(6299999), 'jine-heslo', attacker))).res.statusCode).toBe(429);

    expect((await tryClient(clientLogin(DEMO.client.ico, DEMO.client.password, freshAddress()))).res.statusCode).toBe(200);
  });
});

describe('staff login lockout', () => {
  it('locks an address after 30 failed staff logins across 30 e-mails, the right password too, and leaves other addresses alone', async () => {
    const attacker = freshAddress();
    const statuses = await statusesOf(30, (i) => tryStaff(staffLogin(`hadam-${i}@softech.local`, 'hadam-heslo', attacker)));
    expect(statuses).toEqual(Array(30).fill(401));

    const blocked = await tryStaff(staffLogin(DEMO.staff.email, DEMO.staff.password, attacker));
    expect(blocked.res.statusCode).toBe(429);
    expect(Number(blocked.res.headers!['Retry-After'])).toBeGreaterThan(14 * 60);

    const elsewhere = await tryStaff(staffLogin(DEMO.staff.email, DEMO.staff.password, freshAddress()));
    expect(elsewhere.res.statusCode).toBe(303);
    expect(elsewhere.res.headers!.Location).toBe('/admin');
  });
});

/**
 * Equal work, not a time budget: every failed login (unknown account, disabled account, wrong
 * password) does the same store reads and writes plus exactly one scrypt verification (~0.1 s at
 * N=2^15), and scrypt dominates the handler's time. Skipping it for unknown accounts would make
 * them ~10–50× faster, far outside the 0.5–2 band; equal paths land near 1. Medians of 10
 * interleaved tries (order flipped each round) shrug off GC pauses and the load of test files
 * running alongside, which hit both kinds alike. Each kind must also take at least half a bare
 * scrypt verification timed in the same rounds, so the band is not met by two equally cheap paths.
 */
describe('no account enumeration', () => {
  const clientIco = validIco(6300001);
  const disabledIco = validIco(6300002);
  const staffEmail = 'vyctovy-pracovnik@softech.local';
  const inactiveEmail = 'odesly-pracovnik@softech.local';

  beforeAll(async () => {
    await createTestClient(clientIco, 'spravne-heslo-63');
    await createTestClient(disabledIco, 'spravne-heslo-64');
    await app.stores.accounts.setClientDisabled(disabledIco, true);
    for (const [email, active] of [
      [staffEmail, true],
      [inactiveEmail, false],
    ] as const) {
      await createTestStaff(email, 'spravne-heslo-65', { name: email, active });
    }
  });

  const unknownIco = (n: number) => validIco(6400000 + n);
  let tries = 0;

  it('answers an unknown IČO, a disabled account and a wrong password with the same 401 and body', async () => {
    const answers = await Promise.all([
      tryClient(clientLogin(unknownIco(999), 'spravne-heslo-64')),
      tryClient(clientLogin(disabledIco, 'spravne-heslo-64')),
      tryClient(clientLogin(clientIco, 'spravne-heslo-64')),
    ]);
    for (const { res } of answers) {
      expect(res.statusCode).toBe(401);
      expect(res.body).toBe(answers[0]!.res.body);
      expect(res.cookies).toBeUndefined();
    }
  });

  it('spends comparable handler time on an unknown IČO, a disabled account and a wrong password', async () => {
    const m = await timeFailures(
      {
        unknown: () => tryClient(clientLogin(unknownIco(tries++), 'hadane-heslo')),
        disabled: () => tryClient(clientLogin(disabledIco, 'spravne-heslo-64')),
        wrong: () => tryClient(clientLogin(clientIco, 'hadane-heslo')),
      },
      async () => {
        await app.stores.accounts.clear(`acct#${clientIco}`);
        await app.stores.accounts.clear(`acct#${disabledIco}`);
      },
    );
    expectComparableWork(m, ['unknown', 'disabled']);
  });

  /** The login page echoes the e-mail and carries a fresh form token; everything else must match. */
  const comparable = (body: string, email: string) => body.replaceAll(email, 'EMAIL').replace(/name="_csrf" value="[^"]+"/g, '_csrf');

  it('answers an unknown e-mail, a deactivated account and a wrong password with the same 401 page', async () => {
    const attempts = [
      ['nikdo-takovy@softech.local', 'spravne-heslo-65'],
      [inactiveEmail, 'spravne-heslo-65'],
      [staffEmail, 'hadane-heslo'],
    ] as const;
    const pages = await Promise.all(
      attempts.map(async ([email, password]) => ({ email, res: (await tryStaff(staffLogin(email, password))).res })),
    );
    for (const { email, res } of pages) {
      expect(res.statusCode).toBe(401);
      expect(comparable(res.body!, email)).toBe(comparable(pages[0]!.res.body!, pages[0]!.email));
      expect(res.cookies?.some((c) => c.startsWith('sp_admin='))).toBe(false);
    }
  });

  it('spends comparable handler time on an unknown e-mail, a deactivated account and a wrong password', async () => {
    const m = await timeFailures(
      {
        unknown: () => tryStaff(staffLogin(`nikdo-${tries++}@softech.local`, 'hadane-heslo')),
        inactive: () => tryStaff(staffLogin(inactiveEmail, 'spravne-heslo-65')),
        wrong: () => tryStaff(staffLogin(staffEmail, 'hadane-heslo')),
      },
      async () => {
        await app.stores.accounts.clear(`acct#${staffEmail}`);
        await app.stores.accounts.clear(`acct#${inactiveEmail}`);
      },
    );
    expectComparableWork(m, ['unknown', 'inactive']);
  });
});
