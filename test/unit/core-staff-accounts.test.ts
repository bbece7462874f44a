import { beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyPassword } from '../../functions/core/accounts/passwords';
import { hashToken, subjectKey } from '../../functions/core/accounts/sessions';
import {
  createStaffAccount,
  listStaff,
  loginStaff,
  resetStaffTotp,
  setStaffActive,
  setStaffRole,
  staffOfSession,
  type StaffAccountDeps,
} from '../../functions/core/accounts/staff-accounts';
import { decodeBase32, hotp, newTotpSecret, totpStep } from '../../functions/core/accounts/totp';
import type { Session, Staff } from '../../functions/core/model';
import { colleague, worker } from '../support/core-fixtures';
import { fastHashPassword } from '../support/fast-passwords';
import { MemoryAdminStore } from '../support/memory-admin-store';
import { ManualClock, MemoryThrottle, silentLogger } from '../support/memory-ports';
import { SequentialIds } from '../support/memory-store';

vi.mock(import('../../functions/core/accounts/passwords'), async (original) => ({
  ...(await original()),
  hashPassword: (await import('../support/fast-passwords')).fastHashPassword,
}));

/**
 * Administrators' management of staff accounts (core/accounts/staff-accounts.ts) with in-memory ports:
 * the rules test/integration/admin-auth.test.ts proves through the admin UI and DynamoDB Local.
 */
const admin = { email: 'jana@softech.cz', name: 'Jana Adminová', role: 'admin' as const };
const PASSWORD = 'modra-obloha-nad-brnem';
const secret = newTotpSecret(Buffer.from('12345678901234567890'));

const member = (s: typeof admin | typeof worker, extra: Partial<Staff> = {}): Staff => ({
  ...s,
  passwordHash: 'x',
  active: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});
const sessionOf = (s: typeof admin | typeof worker, tokenHash: string): Session => ({
  tokenHash,
  subject: { kind: 'staff', ...s },
  mustChangePassword: false,
  createdAt: '2026-12-02T08:00:00.000Z',
  expiresAt: 2e9,
});

let store: MemoryAdminStore;
let clock: ManualClock;
let deps: StaffAccountDeps;

beforeEach(async () => {
  store = new MemoryAdminStore();
  clock = new ManualClock(new Date('2026-12-02T09:00:00.000Z'));
  deps = { staff: store, sessions: store, throttle: new MemoryThrottle(), clock, ids: new SequentialIds(), logger: silentLogger };
  await store.createStaff(member(admin));
  await store.createStaff(member(worker));
  await store.createStaff(member(colleague));
  for (const [s, hash] of [
    [worker, 'petr-pc'],
    [worker, 'petr-phone'],
    [colleague, 'eva-pc'],
    [admin, 'jana-pc'],
  ] as const)
    await store.putSession(sessionOf(s, hash));
});

const sessionsOf = (s: { email: string }) =>
  [...store.sessions.values()].filter((x) => subjectKey(x.subject) === `STAFF#${s.email}`).map((x) => x.tokenHash);

describe('staff accounts (core, in memory)', () => {
  it('creates an active account with a one-time password that must be changed at first login', async () => {
    const created = await createStaffAccount(deps, admin, {
      email: 'nova@softech.cz',
      name: 'Nová Kolegyně',
      role: 'worker',
      totpRequired: true,
    });
    expect(created).toEqual({
      email: 'nova@softech.cz',
      temporaryPassword: expect.stringMatching(/^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/),
    });
    const stored = (await store.getStaff('nova@softech.cz'))!;
    expect(stored).toMatchObject({
      role: 'worker',
      active: true,
      mustChangePassword: true,
      totpRequired: true,
      createdAt: '2026-12-02T09:00:00.000Z',
    });
    expect(await verifyPassword(created.temporaryPassword, stored.passwordHash)).toBe(true);
    expect((await listStaff(deps, admin)).map((s) => s.email)).toContain('nova@softech.cz');

    const { token } = await loginStaff(deps, { email: 'nova@softech.cz', password: created.temporaryPassword });
    expect(store.sessions.get(hashToken(token))).toMatchObject({ mustChangePassword: true, subject: { email: 'nova@softech.cz' } });
  });

  it('refuses a second account for the same e-mail (staff_exists) and leaves the first one as it was', async () => {
    const before = (await store.getStaff(worker.email))!;
    await expect(
      createStaffAccount(deps, admin, { email: worker.email, name: 'Jiný Petr', role: 'admin', totpRequired: false }),
    ).rejects.toMatchObject({
      code: 'staff_exists',
      fields: { email: expect.stringMatching(/už existuje/) },
    });
    expect(await store.getStaff(worker.email)).toEqual(before);
  });

  it('refuses a worker every administrator action (forbidden), and nothing changes', async () => {
    const before = structuredClone([...store.staff.values()]);
    await expect(
      createStaffAccount(deps, worker, { email: 'x@softech.cz', name: 'X', role: 'admin', totpRequired: false }),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(setStaffRole(deps, worker, colleague.email, 'admin')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(setStaffActive(deps, worker, colleague.email, false)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(resetStaffTotp(deps, worker, colleague.email)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listStaff(deps, worker)).rejects.toMatchObject({ code: 'forbidden' });
    expect([...store.staff.values()]).toEqual(before);
    expect(sessionsOf(colleague)).toEqual(['eva-pc']);
  });

  it('an administrator cannot change their own role nor deactivate themselves (not_yourself)', async () => {
    await expect(setStaffRole(deps, admin, admin.email, 'worker')).rejects.toMatchObject({ code: 'not_yourself' });
    await expect(setStaffActive(deps, admin, admin.email, false)).rejects.toMatchObject({ code: 'not_yourself' });
    await expect(resetStaffTotp(deps, admin, admin.email)).rejects.toMatchObject({ code: 'not_yourself' });
    expect(await store.getStaff(admin.email)).toMatchObject({ role: 'admin', active: true });
    expect(sessionsOf(admin)).toEqual(['jana-pc']);
  });

  it('changes the role of another staff member; an unknown one is not_found', async () => {
    await setStaffRole(deps, admin, worker.email, 'admin');
    expect((await store.getStaff(worker.email))!.role).toBe('admin');
    await expect(setStaffRole(deps, admin, 'nikdo@softech.cz', 'admin')).rejects.toMatchObject({ code: 'not_found' });
    expect(store.staff.has('nikdo@softech.cz')).toBe(false);
  });

  it('deactivation ends every session of that account at once and no other', async () => {
    await setStaffActive(deps, admin, worker.email, false);
    expect((await store.getStaff(worker.email))!.active).toBe(false);
    expect(sessionsOf(worker)).toEqual([]);
    expect(sessionsOf(colleague)).toEqual(['eva-pc']);
    expect(sessionsOf(admin)).toEqual(['jana-pc']);
    // A session read just before the deactivation no longer names a usable account.
    expect(await staffOfSession(deps, sessionOf(worker, 'petr-pc'))).toBeUndefined();

    await setStaffActive(deps, admin, worker.email, true);
    expect((await store.getStaff(worker.email))!.active).toBe(true);
  });

  it('TOTP reset (a lost phone) removes the second factor, keeps it required, and ends the sessions', async () => {
    await store.updateStaff(worker.email, {
      set: { totpSecret: secret, totpPendingSecret: 'PENDING', totpLastStep: 42, totpRequired: true },
    });
    await resetStaffTotp(deps, admin, worker.email);
    const stored = (await store.getStaff(worker.email))!;
    expect(stored.totpSecret).toBeUndefined();
    expect(stored.totpPendingSecret).toBeUndefined();
    expect(stored.totpLastStep).toBeUndefined();
    expect(stored.totpRequired).toBe(true);
    expect(sessionsOf(worker)).toEqual([]);
    expect(sessionsOf(colleague)).toEqual(['eva-pc']);
  });

  it('one authenticator code opens one session: two logins with it at once, the second is invalid_login', async () => {
    await store.updateStaff(worker.email, { set: { passwordHash: await fastHashPassword(PASSWORD), totpSecret: secret } });
    const code = hotp(decodeBase32(secret), totpStep(clock.now()));
    const results = await Promise.allSettled([
      loginStaff(deps, { email: worker.email, password: PASSWORD, code }),
      loginStaff(deps, { email: worker.email, password: PASSWORD, code }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'invalid_login' } });
    expect((await store.getStaff(worker.email))!.totpLastStep).toBe(totpStep(clock.now()));
  });
});
