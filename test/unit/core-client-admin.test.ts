import { beforeEach, describe, expect, it, vi } from 'vitest';
import { clientOfSession, loginClient } from '../../functions/core/accounts/client-accounts';
import {
  approveAccessRequest,
  createClientAccount,
  listAccessRequests,
  listClients,
  rejectAccessRequest,
  setClientAccountDisabled,
  type StaffClientDeps,
} from '../../functions/core/accounts/client-admin';
import { icoCheckDigit } from '../../functions/core/accounts/ico';
import { verifyPassword } from '../../functions/core/accounts/passwords';
import type { AccessRequest, Client, Session } from '../../functions/core/model';
import { worker } from '../support/core-fixtures';
import { MemoryAdminStore } from '../support/memory-admin-store';
import { ManualClock, MemoryThrottle, silentLogger } from '../support/memory-ports';
import { SequentialIds } from '../support/memory-store';

vi.mock(import('../../functions/core/accounts/passwords'), async (original) => ({
  ...(await original()),
  hashPassword: (await import('../support/fast-passwords')).fastHashPassword,
}));

/**
 * Administrators' management of client accounts and access requests (core/accounts/client-admin.ts)
 * with in-memory ports: the rules test/integration/admin-clients.test.ts proves through the admin UI
 * and DynamoDB Local.
 */
const admin = { email: 'jana@softech.cz', name: 'Jana Adminová', role: 'admin' as const };
const existing = { ico: '27082440', name: 'Demo Klient s.r.o.' };
const other = { ico: '25596641', name: 'Jiná firma a.s.' };
const requested = '45274649';

const account = (c: typeof existing): Client => ({
  ...c,
  passwordHash: 'x',
  mustChangePassword: false,
  knownEmails: ['info@demo.cz'],
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
});
const request = (id: string, extra: Partial<AccessRequest> = {}): AccessRequest => ({
  id,
  ico: requested,
  companyName: 'Nová Firma s.r.o.',
  contactName: 'Karel Nový',
  email: 'Karel@NovaFirma.cz',
  state: 'open',
  createdAt: '2026-12-01T10:00:00.000Z',
  ...extra,
});
const sessionOf = (c: typeof existing, tokenHash: string): Session => ({
  tokenHash,
  subject: { kind: 'client', ...c },
  mustChangePassword: false,
  createdAt: '2026-12-02T08:00:00.000Z',
  expiresAt: 2e9,
});

let store: MemoryAdminStore;
let deps: StaffClientDeps;

beforeEach(async () => {
  store = new MemoryAdminStore();
  const clock = new ManualClock(new Date('2026-12-02T09:00:00.000Z'));
  deps = {
    accounts: { clients: store, staff: store, sessions: store, throttle: new MemoryThrottle(), clock, ids: new SequentialIds() },
    directory: store,
    accessRequests: store,
    tickets: store,
    logger: silentLogger,
    cursors: { key: 'test' },
  };
  await store.createClient(account(existing));
  await store.createClient(account(other));
  await store.putAccessRequest(request('req-1'));
  await store.putAccessRequest(request('req-old', { ico: '00006947', createdAt: '2026-11-01T10:00:00.000Z' }));
  for (const [c, hash] of [
    [existing, 'demo-1'],
    [existing, 'demo-2'],
    [other, 'jina-1'],
  ] as const)
    await store.putSession(sessionOf(c, hash));
});

const sessionsOf = (ico: string) => [...store.sessions.values()].filter((s) => s.subject.kind === 'client' && s.subject.ico === ico).length;

describe('client administration (core, in memory)', () => {
  it('creates an account with a one-time password that must be changed at first login', async () => {
    const created = await createClientAccount(deps, admin, {
      ico: requested,
      companyName: ' Nová Firma s.r.o. ',
      emails: ['Karel@NovaFirma.cz'],
    });
    expect(created).toEqual({ ico: requested, temporaryPassword: expect.stringMatching(/^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/) });
    const stored = (await store.getClient(requested))!;
    expect(stored).toMatchObject({
      name: 'Nová Firma s.r.o.',
      mustChangePassword: true,
      disabled: false,
      knownEmails: ['karel@novafirma.cz'],
    });
    expect(await verifyPassword(created.temporaryPassword, stored.passwordHash!)).toBe(true);
    expect((await listClients(deps, admin, 'nova firma')).items.map((c) => c.ico)).toEqual([requested]);

    const login = await loginClient(deps.accounts, { ico: requested, password: created.temporaryPassword });
    expect(login.mustChangePassword).toBe(true);
  });

  const validIco = (firstSeven: number) => {
    const digits = String(firstSeven).padStart(7, '0');
    return digits + icoCheckDigit(digits);
  };

  it('finds a client by its IČO however written, by a part of an IČO or address as a word, and pages the list with signed cursors', async () => {
    for (let i = 0; i < 55; i++)
      await createClientAccount(deps, admin, { ico: validIco(4_400_000 + i), companyName: `Tiskárny ${i}`, emails: [`t${i}@tisk.cz`] });
    const one = validIco(4_400_007);
    for (const typed of [one, `CZ${one}`, ` ${one} `])
      expect(
        (await listClients(deps, admin, typed)).items.map((c) => c.ico),
        typed,
      ).toEqual([one]);
    // Anything else is words: here a part of an address.
    expect((await listClients(deps, admin, 't7@tisk')).items.map((c) => c.ico)).toEqual([one]);
    const first = await listClients(deps, admin, 'TISKARNY');
    expect(first.items).toHaveLength(50);
    const second = await listClients(deps, admin, 'TISKARNY', first.next);
    expect([...first.items, ...second.items].map((c) => c.ico).sort()).toEqual(
      Array.from({ length: 55 }, (_, i) => validIco(4_400_000 + i)).sort(),
    );
    expect(second.next).toBeUndefined();
    expect((await listClients(deps, admin, 'TISKARNY', second.prev)).items).toEqual(first.items);
    // The cursor belongs to its words.
    await expect(listClients(deps, admin, 'tisk', first.next)).rejects.toMatchObject({ code: 'bad_cursor' });
    await expect(listClients(deps, admin, 'TISKARNY', `${first.next}x`)).rejects.toMatchObject({ code: 'bad_cursor' });
  });

  it('refuses a second account for an IČO (client_exists), also when two administrators create it at once', async () => {
    const before = (await store.getClient(existing.ico))!;
    await expect(createClientAccount(deps, admin, { ico: existing.ico, companyName: 'Jiný název', emails: [] })).rejects.toMatchObject({
      code: 'client_exists',
      fields: { ico: expect.stringMatching(/už má účet/) },
    });
    expect(await store.getClient(existing.ico)).toEqual(before);

    const results = await Promise.allSettled([
      createClientAccount(deps, admin, { ico: requested, companyName: 'První', emails: [] }),
      createClientAccount(deps, admin, { ico: requested, companyName: 'Druhý', emails: [] }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'client_exists' } });
  });

  it('refuses a worker (forbidden): no account, no decision, no disabling', async () => {
    await expect(createClientAccount(deps, worker, { ico: requested, companyName: 'X', emails: [] })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(approveAccessRequest(deps, worker, 'req-1', { channel: 'telefon' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(rejectAccessRequest(deps, worker, 'req-1', 'ne')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(setClientAccountDisabled(deps, worker, existing.ico, true)).rejects.toMatchObject({ code: 'forbidden' });
    expect(store.clients.has(requested)).toBe(false);
    expect((await store.getAccessRequest('req-1'))!.state).toBe('open');
    expect((await store.getClient(existing.ico))!.disabled).toBe(false);
  });

  it('approves a request once: the account is created and the decision recorded; a second approval or a rejection is already_decided', async () => {
    expect((await listAccessRequests(deps, admin)).items.map((r) => r.id)).toEqual(['req-1', 'req-old']);
    const created = await approveAccessRequest(deps, admin, 'req-1', { channel: 'telefon', note: 'Ověřeno na čísle z ARES.' });
    expect(created.ico).toBe(requested);
    expect(await store.getAccessRequest('req-1')).toMatchObject({
      state: 'approved',
      decidedBy: admin.email,
      decidedAt: '2026-12-02T09:00:00.000Z',
      verifiedVia: 'telefon',
      verificationNote: 'Ověřeno na čísle z ARES.',
    });
    const account = (await store.getClient(requested))!;
    expect(account).toMatchObject({ name: 'Nová Firma s.r.o.', knownEmails: ['karel@novafirma.cz'], mustChangePassword: true });
    expect((await listAccessRequests(deps, admin)).items.map((r) => r.id)).toEqual(['req-old']);
    expect((await store.countInboxes()).accessRequests).toBe(1);

    await expect(approveAccessRequest(deps, admin, 'req-1', { channel: 'telefon' })).rejects.toMatchObject({ code: 'already_decided' });
    await expect(rejectAccessRequest(deps, admin, 'req-1', 'omyl')).rejects.toMatchObject({ code: 'already_decided' });
    expect((await store.getAccessRequest('req-1'))!.state).toBe('approved');
    expect((await store.getAccessRequest('req-1'))!.rejectReason).toBeUndefined();
    expect((await store.getClient(requested))!.passwordHash).toBe(account.passwordHash);
  });

  it('rejects a request once with its reason; then neither a second rejection nor an approval goes through (already_decided)', async () => {
    await rejectAccessRequest(deps, admin, 'req-1', 'Firmu se nepodařilo ověřit.');
    expect(await store.getAccessRequest('req-1')).toMatchObject({
      state: 'rejected',
      decidedBy: admin.email,
      rejectReason: 'Firmu se nepodařilo ověřit.',
    });
    await expect(rejectAccessRequest(deps, admin, 'req-1', 'znovu')).rejects.toMatchObject({ code: 'already_decided' });
    await expect(approveAccessRequest(deps, admin, 'req-1', { channel: 'telefon' })).rejects.toMatchObject({ code: 'already_decided' });
    expect((await store.getAccessRequest('req-1'))!.rejectReason).toBe('Firmu se nepodařilo ověřit.');
    expect(store.clients.has(requested)).toBe(false);
    await expect(rejectAccessRequest(deps, admin, 'req-none', 'x')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('leaves no account behind when a rejection wins the race with an approval, and one decision either way', async () => {
    const [approval, rejection] = await Promise.allSettled([
      approveAccessRequest(deps, admin, 'req-1', { channel: 'telefon' }),
      rejectAccessRequest(deps, { ...admin, email: 'eva@softech.cz' }, 'req-1', 'Firmu se nepodařilo ověřit.'),
    ]);
    const decided = (await store.getAccessRequest('req-1'))!;
    expect([approval.status, rejection.status].sort()).toEqual(['fulfilled', 'rejected']);
    // whichever lost is told already_decided, and the account exists exactly when the approval won
    const lost = (approval.status === 'rejected' ? approval : rejection) as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ code: 'already_decided' });
    expect(decided.state).toBe(approval.status === 'fulfilled' ? 'approved' : 'rejected');
    expect(store.clients.has(requested)).toBe(decided.state === 'approved');
  });

  it('refuses an approval when the IČO got an account meanwhile (client_exists), and the request stays open', async () => {
    await createClientAccount(deps, admin, { ico: requested, companyName: 'Nová Firma s.r.o.', emails: [] });
    await expect(approveAccessRequest(deps, admin, 'req-1', { channel: 'telefon' })).rejects.toMatchObject({ code: 'client_exists' });
    expect((await store.getAccessRequest('req-1'))!.state).toBe('open');
  });

  it('disabling ends every session of that client and no other; enabling lets it in again', async () => {
    await setClientAccountDisabled(deps, admin, existing.ico, true);
    expect((await store.getClient(existing.ico))!.disabled).toBe(true);
    expect(sessionsOf(existing.ico)).toBe(0);
    expect(sessionsOf(other.ico)).toBe(1);
    // A session read just before the disabling no longer names a usable account.
    expect(await clientOfSession(deps.accounts, sessionOf(existing, 'demo-1'))).toBeUndefined();

    await setClientAccountDisabled(deps, admin, existing.ico, false);
    expect((await store.getClient(existing.ico))!.disabled).toBe(false);
    await expect(setClientAccountDisabled(deps, admin, '12345678', true)).rejects.toMatchObject({ code: 'not_found' });
  });
});
