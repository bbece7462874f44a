import fc from 'fast-check';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientAnswer, staffAnswer } from '../support/refusals';
import { changeClientPassword, type AccountDeps } from '../../functions/core/accounts/client-accounts';
import type { Client, Session, Staff } from '../../functions/core/model';
import { hashPassword, verifyPassword } from '../../functions/core/accounts/passwords';
import { changeStaffPassword, type StaffAccountDeps } from '../../functions/core/accounts/staff-accounts';
import { ManualClock, silentLogger } from '../support/memory-ports';
import { MemoryStore, SequentialIds } from '../support/memory-store';

/**
 * Every path where a person chooses a password refuses a weak one and keeps the old password:
 * the client's change (first login included) and the staff member's change (first login
 * included), in memory. The HTTP answers are in test/integration/auth.test.ts and admin-auth.test.ts.
 */
const CURRENT = 'puvodni-heslo-2026';
const ico = '27082440';
const clientSession: Session = {
  tokenHash: 't1',
  subject: { kind: 'client', ico, name: 'Žluťoučký Kůň s.r.o.' },
  mustChangePassword: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  expiresAt: 2e9,
};

/** Weak new passwords: the defect's three, and generated ones of each kind the rules refuse. */
const defectExamples = [' '.repeat(10), '1111111111', 'aaaaaaaaaa'];
const weak = fc.oneof(
  fc.constantFrom(...defectExamples, 'password123', 'heslo12345', 'qwertzuiop'),
  fc
    .tuple(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), fc.integer({ min: 10, max: 60 }))
    .map(([c, n]) => c.repeat(n)),
  fc.tuple(fc.string({ unit: 'grapheme-ascii', minLength: 2, maxLength: 3 }), fc.integer({ min: 5, max: 20 })).map(([g, n]) => g.repeat(n)),
  fc.constantFrom(`heslo-${ico}`, 'zlutoucky-kun-na-louce', 'ZLUŤOUČKÝ stůl na dvoře', 'jana.novakova-modra-obloha'),
  fc
    .string({ unit: 'binary', maxLength: 9 })
    .map((s) => `   ${s}   `)
    .filter((s) => [...s.normalize('NFC').trim()].length < 10),
);

describe('client password change refuses weak passwords', () => {
  let store: MemoryStore;
  let deps: AccountDeps;
  let currentHash: string;
  beforeAll(async () => {
    currentHash = await hashPassword(CURRENT);
  });
  beforeEach(async () => {
    store = new MemoryStore();
    const client: Client = {
      ico,
      name: 'Žluťoučký Kůň s.r.o.',
      passwordHash: currentHash,
      mustChangePassword: true,
      knownEmails: ['jana.novakova@kun.cz'],
      disabled: false,
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    await store.createClient(client);
    deps = {
      clients: store,
      staff: store,
      sessions: store,
      throttle: undefined as never,
      clock: new ManualClock(),
      ids: new SequentialIds(),
    };
  });

  it.each(defectExamples)('refuses %j with 400 weak_password on the new password, and the old password stays', async (newPassword) => {
    await expect(clientAnswer(changeClientPassword(deps, clientSession, { currentPassword: CURRENT, newPassword }))).rejects.toMatchObject({
      status: 400,
      code: 'weak_password',
      fields: { newPassword: expect.stringMatching(/Zvolte/) },
    });
    expect(store.clients.get(ico)!.passwordHash).toBe(currentHash);
    expect(store.clients.get(ico)!.mustChangePassword).toBe(true);
  });

  it('refuses every generated weak password (short, repeated, common, holding the IČO, company name or e-mail)', async () => {
    await fc.assert(
      fc.asyncProperty(weak, async (newPassword) => {
        await expect(
          clientAnswer(changeClientPassword(deps, clientSession, { currentPassword: CURRENT, newPassword })),
        ).rejects.toMatchObject({
          status: 400,
        });
        expect(store.clients.get(ico)!.passwordHash).toBe(currentHash);
      }),
      { numRuns: 25 },
    );
  });

  it('still takes a good passphrase', async () => {
    await changeClientPassword(deps, clientSession, { currentPassword: CURRENT, newPassword: 'modrý pták zpívá u řeky' });
    expect(await verifyPassword('modrý pták zpívá u řeky', store.clients.get(ico)!.passwordHash!)).toBe(true);
  });
});

describe('staff password change (first login included) refuses weak passwords', () => {
  const staff: Staff = {
    email: 'jana.novakova@softech.cz',
    name: 'Jana Nováková',
    role: 'worker',
    passwordHash: '',
    active: true,
    mustChangePassword: true,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
  const staffSession: Session = {
    tokenHash: 't2',
    subject: { kind: 'staff', email: staff.email, name: staff.name, role: 'worker' },
    mustChangePassword: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    expiresAt: 2e9,
  };
  let updates: unknown[];
  let deps: StaffAccountDeps;
  beforeAll(async () => {
    staff.passwordHash = await hashPassword(CURRENT);
  });
  beforeEach(() => {
    updates = [];
    const store = new MemoryStore();
    deps = {
      staff: Object.assign(store, {
        updateStaff: async (...args: unknown[]) => void updates.push(args),
        listStaff: async () => [],
        useTotpStep: async () => true,
      }),
      sessions: store,
      throttle: undefined as never,
      clock: new ManualClock(),
      ids: new SequentialIds(),
      logger: silentLogger,
    };
  });

  // The client's weak ones that are weak only for the client (its company name, its IČO) are not the staff member's.
  const folded = (p: string) => p.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const weakForStaff = fc.oneof(
    weak.filter((p) => !/kun|zlutoucky|27082440/.test(folded(p))),
    fc.constantFrom('novakova-modra-obloha', 'JanaNovakova2026!', 'jana.novakova@softech.cz'),
  );

  it.each(defectExamples)('refuses %j with the Czech advice on the new password, and stores nothing', async (newPassword) => {
    await expect(
      staffAnswer(changeStaffPassword(deps, staffSession, staff, { currentPassword: CURRENT, newPassword })),
    ).rejects.toMatchObject({
      status: 400,
      code: 'validation_failed',
      fields: { newPassword: expect.stringMatching(/Zvolte/) },
    });
    expect(updates).toEqual([]);
  });

  it('refuses every generated weak password (short, repeated, common, holding the own name or e-mail)', async () => {
    await fc.assert(
      fc.asyncProperty(weakForStaff, async (newPassword) => {
        await expect(
          staffAnswer(changeStaffPassword(deps, staffSession, staff, { currentPassword: CURRENT, newPassword })),
        ).rejects.toMatchObject({
          status: 400,
        });
        expect(updates).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it('still takes a good passphrase', async () => {
    await changeStaffPassword(deps, staffSession, staff, { currentPassword: CURRENT, newPassword: 'modrý pták zpívá u řeky' });
    expect(updates).toHaveLength(1);
  });
});
