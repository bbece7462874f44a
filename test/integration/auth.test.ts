import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../local/seed';
import type { LocalStack } from '../../local/stack';
import { ApiClient, sampleTicket } from '../support/api-client';
import { signInClient } from '../support/sign-in';
import { createTestClient, testStack, validIco } from '../support/stack';

let stack: LocalStack;
const api = () => new ApiClient(stack.portalUrl);

beforeAll(async () => {
  stack = await testStack();
});
afterAll(() => stack?.stop());

describe('client login', () => {
  it('logs the demo client in with an HttpOnly, Secure, SameSite=Strict session cookie', async () => {
    const client = api();
    const res = await client.login(DEMO.client.ico, DEMO.client.password);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ client: { ico: DEMO.client.ico, name: DEMO.client.name }, mustChangePassword: false });
    const cookie = res.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^sp_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Strict');
    expect((await client.get('/api/me')).status).toBe(200);
  });

  it('rejects a malformed IČO with 400 before looking anything up', async () => {
    const res = await api().login('12345678', 'whatever-password');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_ico');
    expect(res.body.error.fields.ico).toMatch(/IČ/);
  });

  it('answers an unknown IČO exactly like a wrong password', async () => {
    const unknown = await api().login(validIco(1234567), 'some-password-1');
    const wrong = await api().login(DEMO.client.ico, 'some-password-1');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.body.error.code).toBe('invalid_credentials');
  });

  it('locks an IČO for 15 minutes after 5 failures, even for the right password, with Retry-After', async () => {
    const ico = validIco(7654321);
    await createTestClient(ico, 'spravne-heslo-123');
    for (let i = 0; i < 5; i++) expect((await api().login(ico, `spatne-heslo-${i}`)).status).toBe(401);
    const locked = await api().login(ico, 'spravne-heslo-123');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('locked');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(locked.body.error.retryAfterSeconds).toBe(retryAfter);
  });

  it('locks an unknown IČO the same way, so lockout reveals nothing', async () => {
    const ico = validIco(7654322);
    for (let i = 0; i < 5; i++) await api().login(ico, `spatne-heslo-${i}`);
    expect((await api().login(ico, 'cokoli-dalsiho')).status).toBe(429);
  });

  it('does not lock other IČOs when one is locked', async () => {
    expect((await api().login(DEMO.client.ico, DEMO.client.password)).status).toBe(200);
  });
});

describe('sessions', () => {
  it('refuses requests without a session with 401 unauthenticated', async () => {
    const res = await api().get('/api/tickets');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('refuses a tampered session cookie', async () => {
    const client = api();
    await client.login(DEMO.client.ico, DEMO.client.password);
    client.useSession(client.sessionCookie!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
    expect((await client.get('/api/me')).status).toBe(401);
  });

  it('ends the session on the server at logout, so the old cookie stops working', async () => {
    const client = api();
    await client.login(DEMO.client.ico, DEMO.client.password);
    const cookie = client.sessionCookie;
    const out = await client.post('/api/logout');
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toContain('Max-Age=0');
    expect((await api().useSession(cookie).get('/api/me')).status).toBe(401);
  });

  it('issues a new session token at every login (no fixation)', async () => {
    const a = api();
    await a.login(DEMO.client.ico, DEMO.client.password);
    const first = a.sessionCookie;
    await a.login(DEMO.client.ico, DEMO.client.password);
    expect(a.sessionCookie).not.toBe(first);
  });
});

describe('first login with a temporary password', () => {
  it('allows only me, password change and logout until the password is changed', async () => {
    const ico = validIco(1111111);
    await createTestClient(ico, 'docasne-heslo-1', { mustChangePassword: true });
    const client = api();
    const login = await client.login(ico, 'docasne-heslo-1');
    expect(login.body.mustChangePassword).toBe(true);
    expect((await client.get('/api/me')).body.mustChangePassword).toBe(true);

    const blocked = await client.post('/api/tickets', sampleTicket());
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('password_change_required');

    const short = await client.post('/api/password', { currentPassword: 'docasne-heslo-1', newPassword: 'kratke' });
    expect(short.status).toBe(400);
    expect(short.body.error.fields.newPassword).toMatch(/10 znaků/);

    const wrongCurrent = await client.post('/api/password', { currentPassword: 'nespravne', newPassword: 'nove-dlouhe-heslo' });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body.error.fields.currentPassword).toBeDefined();

    expect((await client.post('/api/password', { currentPassword: 'docasne-heslo-1', newPassword: 'nove-dlouhe-heslo' })).status).toBe(204);
    expect((await client.post('/api/tickets', sampleTicket())).status).toBe(201);
    expect((await api().login(ico, 'docasne-heslo-1')).status).toBe(401);
    expect((await api().login(ico, 'nove-dlouhe-heslo')).body.mustChangePassword).toBe(false);
  });

  it("ends the client's other sessions when the password changes", async () => {
    const ico = validIco(2222222);
    await createTestClient(ico, 'puvodni-heslo-1');
    const phone = api();
    const laptop = api();
    await phone.login(ico, 'puvodni-heslo-1');
    await laptop.login(ico, 'puvodni-heslo-1');
    expect((await laptop.post('/api/password', { currentPassword: 'puvodni-heslo-1', newPassword: 'uplne-nove-heslo' })).status).toBe(204);
    expect((await phone.get('/api/me')).status).toBe(401);
    expect((await laptop.get('/api/me')).status).toBe(200);
  });
});

describe('choosing a new password (NIST SP 800-63B)', () => {
  it('refuses ten spaces, 1111111111, aaaaaaaaaa, common ones and ones holding the IČO, name or e-mail; the old password stays and ten spaces never log in', async () => {
    const ico = validIco(3333333);
    await createTestClient(ico, 'docasne-heslo-3', {
      mustChangePassword: true,
      name: 'Žluťoučký Kůň s.r.o.',
      emails: ['jana.novakova@kun.cz'],
    });
    const client = api();
    expect((await client.login(ico, 'docasne-heslo-3')).status).toBe(200);
    for (const newPassword of [
      ' '.repeat(10),
      '1111111111',
      'aaaaaaaaaa',
      'password123',
      `heslo-${ico}`,
      'zlutoucky-stul-2026',
      'novakova-modra-obloha',
    ]) {
      const res = await client.post('/api/password', { currentPassword: 'docasne-heslo-3', newPassword });
      expect(res.status, JSON.stringify(newPassword)).toBe(400);
      expect(['validation_failed', 'weak_password']).toContain(res.body.error.code);
      expect(res.body.error.fields.newPassword).toMatch(/Zvolte/);
    }
    expect((await api().login(ico, ' '.repeat(10))).status).toBe(401);
    expect((await api().login(ico, '1111111111')).status).toBe(401);
    expect((await api().login(ico, 'docasne-heslo-3')).body.mustChangePassword).toBe(true);
    // A password stored before the rules (here: set directly in the store) still logs in; only new ones are checked.
    const legacy = validIco(3333334);
    await createTestClient(legacy, 'aaaaaaaaaa');
    expect((await api().login(legacy, 'aaaaaaaaaa')).status).toBe(200);
  });

  it('names the reason in code and words: weak_password with a Czech field message telling how to choose a better one', async () => {
    const ico = validIco(3333335);
    await createTestClient(ico, 'puvodni-heslo-3');
    const client = api();
    await client.login(ico, 'puvodni-heslo-3');
    const res = await client.post('/api/password', { currentPassword: 'puvodni-heslo-3', newPassword: 'heslo12345' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'weak_password',
      reason: 'guessable',
      fields: { newPassword: expect.stringMatching(/nesouvisejících slov/) },
    });
  });
});

describe('request validation', () => {
  let client: ApiClient;
  beforeAll(async () => {
    client = await signInClient(stack);
  });

  it('accepts 8000 × "ř" and rejects 8001 with a Czech message on the field', async () => {
    expect((await client.post('/api/tickets', sampleTicket({ description: 'ř'.repeat(8000) }))).status).toBe(201);
    const res = await client.post('/api/tickets', sampleTicket({ description: 'ř'.repeat(8001) }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.fields.description).toBe('Podrobnější specifikace zadání může mít nejvýše 8000 znaků.');
  });

  it('names every invalid field in Czech', async () => {
    const res = await client.post('/api/tickets', {
      contactEmail: 'neni-email',
      category: 'pizza',
      subject: '',
      description: '   ',
      extra: 1,
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['category', 'contactEmail', 'description', 'extra', 'subject']);
  });

  it('rejects CR/LF in the subject (no header injection into the confirmation)', async () => {
    const res = await client.post('/api/tickets', sampleTicket({ subject: 'Ahoj\r\nBcc: obet@example.com' }));
    expect(res.status).toBe(400);
    expect(res.body.error.fields.subject).toBeDefined();
  });

  it('answers 415 for a body that is not declared as JSON', async () => {
    const res = await client.request('POST', '/api/tickets', JSON.stringify(sampleTicket()), { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  it('answers 400 bad_json for malformed JSON', async () => {
    const res = await client.request('POST', '/api/tickets', '{"contactEmail":', {});
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_json');
  });

  it('answers 413 for a body over 64 KB', async () => {
    const res = await client.post('/api/tickets', sampleTicket({ description: 'x'.repeat(70_000) }));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('refuses a write from a foreign Origin with 403', async () => {
    const res = await client.post('/api/tickets', sampleTicket(), { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden_origin');
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await client.get('/api/neexistuje');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('route_not_found');
  });
});

describe('access requests ("Nemáte heslo?")', () => {
  it('accepts a valid request without login with 202', async () => {
    const res = await api().post('/api/access-requests', {
      ico: validIco(3333333),
      companyName: 'Nová firma s.r.o.',
      contactName: 'Jan Novák',
      email: 'jan@novafirma.cz',
      phone: '+420 777 123 456',
    });
    expect(res.status).toBe(202);
  });

  it('rejects an invalid IČO in an access request', async () => {
    const res = await api().post('/api/access-requests', { ico: '11111111', companyName: 'X', contactName: 'Y', email: 'a@b.cz' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.ico).toBeDefined();
  });
});
