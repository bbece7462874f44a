import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_HOURS } from '../../functions/core/accounts/sessions';
import { DEMO } from '../../local/seed';
import type { LocalStack } from '../../local/stack';
import { AdminClient } from '../support/admin-client';
import { ApiClient } from '../support/api-client';
import { writeSession } from '../support/sessions';
import { signInClient, signInStaff } from '../support/sign-in';
import { createTestClient, createTestStaff, testStack, validIco } from '../support/stack';

/**
 * Session handling beyond auth.test.ts and admin-auth.test.ts (which cover the basic cookie flags,
 * logout, a tampered cookie, a new token per login, the client's password change and staff
 * deactivation): cookie scope and clearing, fixation with a planted cookie, the staff password
 * change, and accounts disabled while a session is open, or while a login is still running.
 */
let stack: LocalStack;
let admin: AdminClient;
let app: Awaited<ReturnType<typeof import('../../functions/wiring/admin').getAdminApp>>;

const api = () => new ApiClient(stack.portalUrl);
const staffBrowser = () => new AdminClient(stack.portalUrl);

/** A cookie's attributes by lower-case name (`httponly` → ''), and its name and value. */
function parseSetCookie(header: string) {
  const [pair, ...attributes] = header.split(';').map((s) => s.trim());
  const i = pair!.indexOf('=');
  return {
    name: pair!.slice(0, i),
    value: pair!.slice(i + 1),
    attributes: Object.fromEntries(
      attributes.map((a) => {
        const j = a.indexOf('=');
        return j < 0 ? [a.toLowerCase(), ''] : [a.slice(0, j).toLowerCase(), a.slice(j + 1)];
      }),
    ),
  };
}
const setCookie = (headers: Headers, name: string) => {
  const found = headers
    .getSetCookie()
    .map(parseSetCookie)
    .filter((c) => c.name === name);
  expect(found, `one Set-Cookie for ${name}`).toHaveLength(1);
  return found[0]!;
};

beforeAll(async () => {
  stack = await testStack({ mailer: false, buildWeb: false });
  app = await (await import('../../functions/wiring/admin')).getAdminApp();
  admin = await signInStaff(stack);
});
afterAll(() => stack?.stop());

describe('cookie scope', () => {
  const strict = { httponly: '', secure: '', samesite: 'Strict' };

  it('scopes the client session cookie to /api for 12 hours and clears it at logout with the same scope', async () => {
    const client = api();
    const login = await client.login(DEMO.client.ico, DEMO.client.password);
    const issued = setCookie(login.headers, 'sp_session');
    expect(issued.attributes).toEqual({ ...strict, path: '/api', 'max-age': String(SESSION_HOURS * 3600) });
    const cleared = setCookie((await client.post('/api/logout')).headers, 'sp_session');
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toEqual({ ...strict, path: '/api', 'max-age': '0' });
  });

  it('scopes the staff session cookie to /admin, the login-form cookie to /admin/login, and clears both with the same scope', async () => {
    const person = staffBrowser();
    const form = setCookie((await person.get('/admin/login')).headers, 'sp_admin_login');
    expect(form.attributes).toEqual({ ...strict, path: '/admin/login', 'max-age': '3600' });

    const login = await person.post('/admin/login', { email: DEMO.staff.email, password: DEMO.staff.password });
    expect(setCookie(login.headers, 'sp_admin').attributes).toEqual({ ...strict, path: '/admin', 'max-age': String(SESSION_HOURS * 3600) });
    const formCleared = setCookie(login.headers, 'sp_admin_login');
    expect([formCleared.value, formCleared.attributes]).toEqual(['', { ...strict, path: '/admin/login', 'max-age': '0' }]);

    await person.get('/admin');
    const cleared = setCookie((await person.post('/admin/logout')).headers, 'sp_admin');
    expect([cleared.value, cleared.attributes]).toEqual(['', { ...strict, path: '/admin', 'max-age': '0' }]);
  });
});

describe('session fixation', () => {
  it('does not adopt a client session cookie planted before login: login issues a new token and the planted value stays unauthenticated', async () => {
    const planted = `sp_session=${randomBytes(32).toString('base64url')}`;
    const victim = api().useSession(planted);
    expect((await victim.login(DEMO.client.ico, DEMO.client.password)).status).toBe(200);
    expect(victim.sessionCookie).toMatch(/^sp_session=/);
    expect(victim.sessionCookie).not.toBe(planted);
    expect((await api().useSession(planted).get('/api/me')).status).toBe(401);
  });

  it("does not upgrade another client's planted session: the login gets a new token and the planted one still belongs to its owner", async () => {
    const ico = validIco(7100001);
    await createTestClient(ico, 'utocnikovo-heslo-1');
    const attacker = await signInClient(stack, ico, 'utocnikovo-heslo-1');
    const planted = attacker.sessionCookie!;
    const victim = api().useSession(planted);
    await victim.login(DEMO.client.ico, DEMO.client.password);
    expect(victim.sessionCookie).not.toBe(planted);
    expect((await api().useSession(planted).get('/api/me')).body.client.ico).toBe(ico);
    expect((await victim.get('/api/me')).body.client.ico).toBe(DEMO.client.ico);
  });

  it('does not adopt a staff session cookie planted before login: login issues a new token and the planted value stays signed out', async () => {
    const planted = randomBytes(32).toString('base64url');
    const victim = staffBrowser();
    victim.cookies.set('sp_admin', planted);
    expect((await victim.login(DEMO.staff.email, DEMO.staff.password)).status).toBe(303);
    expect(victim.cookies.get('sp_admin')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(victim.cookies.get('sp_admin')).not.toBe(planted);
    const replay = staffBrowser();
    replay.cookies.set('sp_admin', planted);
    expect((await replay.get('/admin')).location).toBe('/admin/login');
  });

  it("does not upgrade a worker's planted session when an administrator logs in over it", async () => {
    await createTestStaff('podstrceny@softech.local', 'podstrcene-heslo-1');
    const attacker = await signInStaff(stack, 'podstrceny@softech.local', 'podstrcene-heslo-1');
    const planted = attacker.cookies.get('sp_admin')!;
    const victim = staffBrowser();
    victim.cookies.set('sp_admin', planted);
    await victim.login(DEMO.staff.email, DEMO.staff.password);
    expect(victim.cookies.get('sp_admin')).not.toBe(planted);
    expect((await attacker.get('/admin/clients')).status).toBe(403);
    expect((await victim.get('/admin/clients')).status).toBe(200);
  });
});

describe('sessions end when the account changes', () => {
  it("ends a staff member's other sessions when they change their password, keeping the one that changed it", async () => {
    const email = 'meni-heslo@softech.local';
    await createTestStaff(email, 'puvodni-heslo-2026');
    const desk = await signInStaff(stack, email, 'puvodni-heslo-2026');
    const laptop = await signInStaff(stack, email, 'puvodni-heslo-2026');
    expect((await desk.get('/admin')).status).toBe(200);
    await laptop.get('/admin/account');
    expect(
      (await laptop.post('/admin/account/password', { currentPassword: 'puvodni-heslo-2026', newPassword: 'uplne-nove-tajne-2026' }))
        .location,
    ).toBe('/admin?done=password');
    expect((await desk.get('/admin')).location).toBe('/admin/login');
    expect((await laptop.get('/admin')).status).toBe(200);
  });

  it("ends a disabled client's open sessions at once, and enabling the account again does not revive them", async () => {
    const ico = validIco(7200001);
    await createTestClient(ico, 'heslo-blokovane-1');
    const client = await signInClient(stack, ico, 'heslo-blokovane-1');
    expect((await client.get('/api/me')).status).toBe(200);
    await admin.get(`/admin/clients/${ico}`);
    expect((await admin.post(`/admin/clients/${ico}/disable`)).status).toBe(303);
    expect((await client.get('/api/me')).status).toBe(401);
    await admin.post(`/admin/clients/${ico}/enable`);
    expect((await client.get('/api/tickets')).status).toBe(401);
  });

  it("refuses a disabled client's session that outlived the disabling (a login that raced it)", async () => {
    const ico = validIco(7200002);
    await createTestClient(ico, 'heslo-zavodu-1');
    await admin.get(`/admin/clients/${ico}`);
    expect((await admin.post(`/admin/clients/${ico}/disable`)).status).toBe(303);
    // The login checked the account before the disabling and wrote its session after it.
    const token = await writeSession(app.stores.accounts, { kind: 'client', ico, name: `Firma ${ico} s.r.o.` });
    expect((await api().useSession(`sp_session=${token}`).get('/api/me')).status).toBe(401);
    expect((await api().useSession(`sp_session=${token}`).get('/api/tickets')).status).toBe(401);
  });

  it("refuses a deactivated staff member's session that outlived the deactivation (a login that raced it)", async () => {
    const email = 'zavod@softech.local';
    await createTestStaff(email, 'heslo-zavodu-2026', { role: 'admin' });
    await admin.get('/admin/staff');
    expect((await admin.post(`/admin/staff/${encodeURIComponent(email)}/active`, { value: 'off' })).status).toBe(303);
    const late = staffBrowser();
    late.cookies.set(
      'sp_admin',
      await writeSession(app.stores.accounts, { kind: 'staff', email, name: `Pracovník ${email}`, role: 'admin' }),
    );
    expect((await late.get('/admin')).location).toBe('/admin/login');
  });
});
