import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotp, totpStep, decodeBase32 } from '../../functions/core/accounts/totp';
import { DEMO } from '../../local/seed';
import type { LocalStack } from '../../local/stack';
import { AdminClient, oneTimePassword, pageText } from '../support/admin-client';
import { signInClient, signInStaff } from '../support/sign-in';
import { testStack } from '../support/stack';

let stack: LocalStack;
let admin: AdminClient;

const codeFor = (secret: string, offsetSteps = 0) => hotp(decodeBase32(secret), totpStep(new Date()) + offsetSteps);

/** An admin creates a staff member; they log in with the shown password and set their own. */
async function newStaff(email: string, role: 'admin' | 'worker', password = 'vlastni-heslo-2026', opts: { totpRequired?: boolean } = {}) {
  await admin.get('/admin/staff');
  const created = await admin.post('/admin/staff', {
    name: `Pracovník ${email}`,
    email,
    role,
    ...(opts.totpRequired && { totpRequired: 'on' }),
  });
  expect(created.status).toBe(200);
  const temporary = oneTimePassword(created.text)!;
  expect(temporary).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/);
  const person = new AdminClient(stack.portalUrl);
  const login = await person.login(email, temporary);
  expect(login.location).toBe('/admin');
  expect((await person.get('/admin')).location).toBe('/admin/account');
  await person.get('/admin/account');
  const changed = await person.post('/admin/account/password', { currentPassword: temporary, newPassword: password });
  expect(changed.status).toBe(303);
  return person;
}

beforeAll(async () => {
  stack = await testStack();
  admin = await signInStaff(stack);
});
afterAll(() => stack?.stop());

describe('signing in', () => {
  it('sends an anonymous visitor of any admin page to the login page', async () => {
    const anonymous = new AdminClient(stack.portalUrl);
    expect((await anonymous.get('/admin')).location).toBe('/admin/login');
    expect((await anonymous.get('/admin/tickets/1')).location).toBe('/admin/login?next=%2Fadmin%2Ftickets%2F1');
    expect((await anonymous.get('/admin/clients')).location).toMatch(/^\/admin\/login/);
    expect((await anonymous.post('/admin/tickets/1/note', { text: 'x' })).location).toBe('/admin/login');
  });

  it('logs the demo administrator in with a separate, strict staff cookie and lands on the queue', async () => {
    const person = new AdminClient(stack.portalUrl);
    await person.get('/admin/login');
    const res = await person.post('/admin/login', { email: DEMO.staff.email, password: DEMO.staff.password });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/admin');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sp_admin='))!;
    expect(cookie).toMatch(/Path=\/admin;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const queue = await person.get('/admin');
    expect(queue.status).toBe(200);
    expect(pageText(queue.text)).toContain('Fronta');
  });

  it('follows a local "next" after login but never an outside address', async () => {
    const person = new AdminClient(stack.portalUrl);
    await person.get('/admin/login');
    expect(
      (await person.post('/admin/login', { email: DEMO.staff.email, password: DEMO.staff.password, next: '/admin/outbox' })).location,
    ).toBe('/admin/outbox');
    const other = new AdminClient(stack.portalUrl);
    await other.get('/admin/login');
    expect(
      (await other.post('/admin/login', { email: DEMO.staff.email, password: DEMO.staff.password, next: 'https://evil.example/admin' }))
        .location,
    ).toBe('/admin');
  });

  it('refuses a wrong password with the same Czech message as an unknown e-mail', async () => {
    const person = new AdminClient(stack.portalUrl);
    const wrong = await person.login(DEMO.staff.email, 'spatne-heslo');
    const unknown = await person.login('nikdo@softech.local', 'spatne-heslo');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(pageText(wrong.text)).toContain('Nesprávný e-mail, heslo nebo ověřovací kód.');
    expect(pageText(unknown.text)).toContain('Nesprávný e-mail, heslo nebo ověřovací kód.');
    expect(person.cookies.has('sp_admin')).toBe(false);
  });

  it('locks an e-mail after five failures in a row, even for the right password', async () => {
    const email = 'zamek@softech.local';
    await newStaff(email, 'worker', 'spravne-heslo-2026');
    const person = new AdminClient(stack.portalUrl);
    for (let i = 0; i < 5; i++) expect((await person.login(email, `spatne-${i}`)).status).toBe(401);
    const locked = await person.login(email, 'spravne-heslo-2026');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(pageText(locked.text)).toContain('Příliš mnoho neúspěšných pokusů');
  });

  it('refuses a login post without the login form token', async () => {
    const person = new AdminClient(stack.portalUrl);
    const res = await person.post('/admin/login', { email: DEMO.staff.email, password: DEMO.staff.password }, { csrf: false });
    expect(res.status).toBe(403);
    expect(person.cookies.has('sp_admin')).toBe(false);
  });

  it('ends the session on logout', async () => {
    const person = new AdminClient(stack.portalUrl);
    await person.login(DEMO.staff.email, DEMO.staff.password);
    const stolen = person.cookies.get('sp_admin');
    await person.get('/admin');
    expect((await person.post('/admin/logout')).location).toBe('/admin/login');
    const replay = new AdminClient(stack.portalUrl);
    replay.cookies.set('sp_admin', stolen!);
    expect((await replay.get('/admin')).location).toBe('/admin/login');
  });

  it('does not let a client session into the admin UI', async () => {
    const client = await signInClient(stack);
    const intruder = new AdminClient(stack.portalUrl);
    intruder.cookies.set('sp_admin', client.sessionCookie!.split('=')[1]!);
    expect((await intruder.get('/admin')).location).toBe('/admin/login');
  });
});

describe('choosing a new staff password', () => {
  it('refuses weak passwords at the first-login change and at a later change, with the advice at the field, and keeps the old password', async () => {
    const email = 'slabe.heslo@softech.local';
    await admin.get('/admin/staff');
    const temporary = oneTimePassword((await admin.post('/admin/staff', { name: 'Jana Slabá', email, role: 'worker' })).text)!;
    const person = new AdminClient(stack.portalUrl);
    expect((await person.login(email, temporary)).location).toBe('/admin');
    await person.get('/admin/account');
    for (const newPassword of [
      ' '.repeat(10),
      '1111111111',
      'aaaaaaaaaa',
      'password123',
      'slaba-modra-obloha',
      'slabe.heslo@softech.local',
    ]) {
      const res = await person.post('/admin/account/password', { currentPassword: temporary, newPassword });
      expect(res.status, JSON.stringify(newPassword)).toBe(400);
      expect(pageText(res.text)).toMatch(/Zvolte/);
    }
    expect((await person.get('/admin')).location).toBe('/admin/account');
    await person.get('/admin/account');
    expect(
      (await person.post('/admin/account/password', { currentPassword: temporary, newPassword: 'modrý pták zpívá u řeky' })).status,
    ).toBe(303);
    await person.get('/admin/account');
    const later = await person.post('/admin/account/password', { currentPassword: 'modrý pták zpívá u řeky', newPassword: 'aaaaaaaaaa' });
    expect(later.status).toBe(400);
    expect(pageText(later.text)).toMatch(/Zvolte/);
    expect((await new AdminClient(stack.portalUrl).login(email, 'aaaaaaaaaa')).status).toBe(401);
    expect((await new AdminClient(stack.portalUrl).login(email, 'modrý pták zpívá u řeky')).location).toBe('/admin');
  });
});

describe('forms and headers', () => {
  it("rejects a forged post without the CSRF token, and one with another session's token", async () => {
    const page = await admin.get('/admin/staff');
    expect(page.status).toBe(200);
    const noToken = await admin.post('/admin/staff', { name: 'Podvrh', email: 'podvrh@softech.local', role: 'admin' }, { csrf: false });
    expect(noToken.status).toBe(403);
    expect(pageText(noToken.text)).toContain('Formulář vypršel');
    const other = await signInStaff(stack);
    await other.get('/admin');
    const foreign = await admin.post('/admin/staff', { _csrf: other.csrf!, name: 'Podvrh', email: 'podvrh@softech.local', role: 'admin' });
    expect(foreign.status).toBe(403);
    expect(pageText((await admin.get('/admin/staff')).text)).not.toContain('podvrh@softech.local');
  });

  it('rejects a cross-site post even with a valid token', async () => {
    await admin.get('/admin/staff');
    const res = await admin.post(
      '/admin/staff',
      { name: 'Podvrh', email: 'podvrh2@softech.local', role: 'admin' },
      { headers: { origin: 'https://evil.example' } },
    );
    expect(res.status).toBe(403);
    expect(pageText(res.text)).toContain('nepovolené adresy');
  });

  it('answers every page with a strict CSP, no framing and no caching', async () => {
    const res = await admin.get('/admin');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    // Scripts from this origin only: the one enhancement script, never inline.
    expect(csp).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text).not.toMatch(/style=|<style/i);
    expect([...res.text.matchAll(/<script[^>]*>/gi)].map((m) => m[0])).toEqual([
      expect.stringMatching(/^<script src="\/admin\/assets\/admin-[0-9a-f]{10}\.js" defer>$/),
    ]);
    expect(res.text).not.toMatch(/<script[^>]*>[^<]/i);
    const login = await new AdminClient(stack.portalUrl).get('/admin/login');
    expect(login.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(login.headers.get('x-frame-options')).toBe('DENY');
  });

  it('serves its stylesheet from the admin function', async () => {
    const page = await admin.get('/admin');
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(page.text)![1]!;
    const css = await admin.get(href);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('serves its one script from the admin function, cached for good under its hash', async () => {
    const page = await admin.get('/admin');
    const src = /<script src="([^"]+)" defer>/.exec(page.text)![1]!;
    const js = await admin.get(src);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(js.text).toContain('template-texts');
  });

  it('shows a Czech 404 page for an unknown admin address', async () => {
    const res = await admin.get('/admin/neexistuje');
    expect(res.status).toBe(404);
    expect(pageText(res.text)).toContain('Tato stránka neexistuje.');
  });
});

describe('roles', () => {
  let worker: AdminClient;
  beforeAll(async () => {
    worker = await newStaff('pracovnik@softech.local', 'worker');
  });

  it('lets a worker use the queue, unmatched mail and the outbox', async () => {
    for (const path of ['/admin', '/admin/unmatched', '/admin/outbox', '/admin/account']) expect((await worker.get(path)).status).toBe(200);
  });

  it('shows a worker a 403 page for clients, access requests and staff, and refuses their posts', async () => {
    for (const path of [
      '/admin/clients',
      '/admin/clients/new',
      '/admin/access-requests',
      '/admin/staff',
      `/admin/clients/${DEMO.client.ico}`,
    ]) {
      const res = await worker.get(path);
      expect(res.status, path).toBe(403);
      expect(pageText(res.text)).toContain('nemáte oprávnění');
    }
    await worker.get('/admin');
    expect((await worker.post('/admin/clients', { ico: '25596641', companyName: 'Podvrh s.r.o.' })).status).toBe(403);
    expect((await worker.post('/admin/staff', { name: 'Já', email: 'ja@softech.local', role: 'admin' })).status).toBe(403);
    expect((await worker.post(`/admin/clients/${DEMO.client.ico}/disable`)).status).toBe(403);
    expect((await worker.post(`/admin/staff/${encodeURIComponent(DEMO.staff.email)}/active`, { value: 'off' })).status).toBe(403);
  });

  it('does not show a worker the admin-only navigation', async () => {
    const text = (await worker.get('/admin')).text;
    expect(text).not.toContain('href="/admin/clients"');
    expect(text).not.toContain('href="/admin/staff"');
  });

  it('gives a promoted worker the admin pages at once', async () => {
    const promoted = await newStaff('povyseny@softech.local', 'worker');
    expect((await promoted.get('/admin/clients')).status).toBe(403);
    await admin.get('/admin/staff');
    expect((await admin.post(`/admin/staff/${encodeURIComponent('povyseny@softech.local')}/role`, { role: 'admin' })).location).toBe(
      '/admin/staff?done=role',
    );
    expect((await promoted.get('/admin/clients')).status).toBe(200);
  });

  it("ends a deactivated staff member's sessions and refuses their login", async () => {
    const leaving = await newStaff('odchazi@softech.local', 'worker', 'rozlucka-v-pondeli-2026');
    expect((await leaving.get('/admin')).status).toBe(200);
    await admin.get('/admin/staff');
    await admin.post(`/admin/staff/${encodeURIComponent('odchazi@softech.local')}/active`, { value: 'off' });
    expect((await leaving.get('/admin')).location).toBe('/admin/login');
    expect((await new AdminClient(stack.portalUrl).login('odchazi@softech.local', 'rozlucka-v-pondeli-2026')).status).toBe(401);
  });

  it('does not let an administrator deactivate or demote themselves', async () => {
    await admin.get('/admin/staff');
    expect((await admin.post(`/admin/staff/${encodeURIComponent(DEMO.staff.email)}/active`, { value: 'off' })).status).toBe(409);
    expect((await admin.post(`/admin/staff/${encodeURIComponent(DEMO.staff.email)}/role`, { role: 'worker' })).status).toBe(409);
    expect((await admin.get('/admin/staff')).status).toBe(200);
  });
});

describe('second factor (TOTP)', () => {
  async function enrol(person: AdminClient) {
    await person.get('/admin/account');
    await person.post('/admin/account/totp/start');
    const page = await person.get('/admin/account');
    const secret = /id="totp-secret">([A-Z2-7]+)</.exec(page.text)![1]!;
    const uri = /id="totp-uri">([^<]+)</.exec(page.text)![1]!.replace(/&amp;/g, '&');
    return { secret, uri };
  }

  it('enrols with a code from the app and then requires a fresh code at login, refusing a replayed one', async () => {
    const email = 'dvoufazove@softech.local';
    const person = await newStaff(email, 'worker', 'druhy-faktor-z-mobilu-2026');
    const { secret, uri } = await enrol(person);
    expect(uri).toBe(
      `otpauth://totp/Softech%20Podpora%3A${encodeURIComponent(email)}?secret=${secret}&issuer=Softech+Podpora&algorithm=SHA1&digits=6&period=30`,
    );
    expect((await person.post('/admin/account/totp/confirm', { code: '000000' === codeFor(secret) ? '111111' : '000000' })).status).toBe(
      400,
    );
    expect((await person.post('/admin/account/totp/confirm', { code: codeFor(secret) })).location).toBe('/admin/account?done=totp_enabled');

    expect((await new AdminClient(stack.portalUrl).login(email, 'druhy-faktor-z-mobilu-2026')).status).toBe(401);
    const code = codeFor(secret, 1);
    expect((await new AdminClient(stack.portalUrl).login(email, 'druhy-faktor-z-mobilu-2026', code)).status).toBe(303);
    expect((await new AdminClient(stack.portalUrl).login(email, 'druhy-faktor-z-mobilu-2026', code)).status).toBe(401);
  });

  it('sends a staff member whom an administrator requires to use TOTP to set it up before anything else', async () => {
    const email = 'povinne2fa@softech.local';
    const person = await newStaff(email, 'worker', 'povinne-heslo-2026', { totpRequired: true });
    expect((await person.get('/admin')).location).toBe('/admin/account');
    expect(pageText((await person.get('/admin/account')).text)).toContain('vyžaduje dvoufázové ověření');
    const { secret } = await enrol(person);
    await person.post('/admin/account/totp/confirm', { code: codeFor(secret) });
    expect((await person.get('/admin')).status).toBe(200);
  });
});
