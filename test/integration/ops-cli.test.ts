import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { AdminClient, pageText } from '../support/admin-client';
import { ApiClient } from '../support/api-client';
import { runOpsCli } from '../support/ops-cli';
import { signInStaff } from '../support/sign-in';
import { testStack } from '../support/stack';

/**
 * Every credential the administrators' CLI hands out is temporary: whoever signs in with it must choose
 * their own password first, exactly as with accounts made in the admin UI.
 */
let stack: LocalStack;

beforeAll(async () => {
  stack = await testStack();
});
afterAll(() => stack?.stop());

describe('the ops CLI', () => {
  it('creates staff who must change the temporary password at first login, marked so on /admin/staff', async () => {
    const made = await runOpsCli<{ email: string; role: string; temporaryPassword: string }>(stack, [
      'create-staff', '--email', 'Prvni.Spravce@softech.cz', '--name', 'První Správce', '--role', 'admin',
    ]);
    expect(made).toMatchObject({ email: 'prvni.spravce@softech.cz', role: 'admin' });
    expect(made.temporaryPassword).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/);

    const admin = await signInStaff(stack);
    const row = /<tr[^>]*>(?:(?!<\/tr>).)*prvni\.spravce@softech\.cz(?:(?!<\/tr>).)*<\/tr>/s.exec((await admin.get('/admin/staff')).text)?.[0];
    expect(pageText(row ?? '')).toContain('dočasné heslo');

    const person = new AdminClient(stack.portalUrl);
    expect((await person.login(made.email, made.temporaryPassword)).location).toBe('/admin');
    expect((await person.get('/admin')).location).toBe('/admin/account');
  });

  it('creates clients, and resets their password, so that the next login must choose a new one', async () => {
    const made = await runOpsCli<{ ico: string; temporaryPassword: string }>(stack, [
      'create-client', '--ico', '25596641', '--name', 'Pekařství U Mlýna s.r.o.', '--email', 'jana@pekarstvi.cz',
    ]);
    const first = await new ApiClient(stack.portalUrl).login(made.ico, made.temporaryPassword);
    expect(first.status).toBe(200);
    expect(first.body.mustChangePassword).toBe(true);

    const reset = await runOpsCli<{ ico: string; temporaryPassword: string }>(stack, ['reset-password', '--ico', made.ico]);
    expect(reset.temporaryPassword).not.toBe(made.temporaryPassword);
    const again = await new ApiClient(stack.portalUrl).login(made.ico, reset.temporaryPassword);
    expect(again.status).toBe(200);
    expect(again.body.mustChangePassword).toBe(true);
  });
});
