import { beforeEach, describe, expect, it } from 'vitest';
import { account, client, colleague, mailSettings, staffMember, worker } from '../support/core-fixtures';
import { staffRefusal } from '../../functions/http/refusals';
import { staffAnswer } from '../support/refusals';
import { clientTicketView } from '../../functions/core/tickets/client-view';
import {
  addNote,
  assignTicket,
  changeStatus,
  proposeQuote,
  replyToClient,
  type StaffTicketDeps,
} from '../../functions/core/tickets/staff-tickets';
import { createTicket } from '../../functions/core/tickets/client-tickets';
import { ManualClock, silentLogger } from '../support/memory-ports';
import { MemoryBlobStore, MemoryStore, SequentialIds } from '../support/memory-store';

/**
 * What staff do with a ticket, with in-memory ports (no I/O): the rules admin-tickets.test.ts
 * proves through the admin UI and DynamoDB Local.
 */

let store: MemoryStore;
let deps: StaffTicketDeps;
let n: number;

beforeEach(async () => {
  store = new MemoryStore();
  await store.createClient(account());
  await store.createStaff(staffMember(worker));
  await store.createStaff(staffMember(colleague));
  await store.createStaff(staffMember({ email: 'byvaly@softech.cz', name: 'Bývalý', role: 'worker' }, false));
  deps = {
    tickets: store,
    queue: store,
    due: store,
    staff: store,
    blobs: new MemoryBlobStore(),
    clock: new ManualClock(new Date('2026-12-02T09:00:00.000Z')),
    ids: new SequentialIds(),
    logger: silentLogger,
    mail: mailSettings,
    cursors: { key: 'unit-test-cursor-key' },
    search: { findTickets: async () => [], ticketTexts: async () => undefined },
  };
  n = (
    await createTicket(deps, client, {
      contactEmail: 'jana@firma.cz',
      category: 'service',
      subject: 'Nefunguje tiskárna',
      description: 'Tiskárna netiskne.',
    })
  ).ticket.number;
});

describe('staff actions (core, in memory)', () => {
  it('assigning a new ticket to a worker moves it to assigned and records who did it', async () => {
    await assignTicket(deps, worker, n, colleague.email);
    const view = (await store.getTicketView(n))!;
    expect(view.ticket).toMatchObject({ status: 'assigned', assignee: colleague.email });
    expect(view.events.find((e) => e.type === 'assignment')).toMatchObject({
      actor: { kind: 'staff', email: worker.email },
      data: { to: colleague.email },
    });
  });

  it('refuses to assign a deactivated staff member', async () => {
    await expect(staffAnswer(assignTicket(deps, worker, n, 'byvaly@softech.cz'))).rejects.toMatchObject({ status: 400 });
    expect((await store.getTicket(n))!.assignee).toBeUndefined();
  });

  it('queues a reply to the contact address, threaded under the confirmation', async () => {
    await replyToClient(deps, worker, n, { text: 'Dobrý den, kdy vám můžeme zavolat?', then: 'waiting-for-client' });
    const view = (await store.getTicketView(n))!;
    const confirmation = view.outbox.find((o) => o.kind === 'confirmation')!;
    const reply = view.outbox.find((o) => o.kind === 'staff-reply')!;
    expect(reply).toMatchObject({ to: ['jana@firma.cz'], state: 'pending' });
    expect(reply.message.references).toEqual([confirmation.messageId]);
    expect(view.ticket.status).toBe('waiting-for-client');
  });

  it('stamps the first staff e-mail to the client once (a note does not count), and when the ticket is resolved', async () => {
    const clock = deps.clock as ManualClock;
    await addNote(deps, worker, n, 'Zavolám mu.');
    expect((await store.getTicket(n))!.firstResponseAt).toBeUndefined();
    await replyToClient(deps, worker, n, { text: 'Podíváme se na to.' });
    const first = clock.now().toISOString();
    expect((await store.getTicket(n))!.firstResponseAt).toBe(first);
    clock.advance(3_600_000);
    await replyToClient(deps, colleague, n, { text: 'Hotovo.', then: 'resolved' });
    expect(await store.getTicket(n)).toMatchObject({ firstResponseAt: first, status: 'resolved', resolvedAt: clock.now().toISOString() });
  });

  it('counts a quote as the first answer to the client', async () => {
    await proposeQuote(deps, worker, n, { price: 1500, vat: 'without', deadline: '2026-12-20', note: undefined });
    expect((await store.getTicket(n))!.firstResponseAt).toBe(deps.clock.now().toISOString());
  });

  it("keeps an internal note out of the client's view of the ticket", async () => {
    await addNote(deps, worker, n, 'Interní: klient dluží za minulý měsíc.');
    const seen = JSON.stringify(clientTicketView((await store.getTicketView(n))!));
    expect(seen).not.toContain('dluží');
  });

  it('refuses a quote with a deadline in the past', async () => {
    await expect(
      staffAnswer(proposeQuote(deps, worker, n, { price: 150_000, vat: 'without', deadline: '2026-12-01', note: undefined })),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('a proposed quote is e-mailed to the client and the ticket becomes quoted', async () => {
    await proposeQuote(deps, worker, n, { price: 150_000, vat: 'without', deadline: '2026-12-20', note: undefined });
    const view = (await store.getTicketView(n))!;
    expect(view.ticket).toMatchObject({ status: 'quoted', quote: { price: 150_000, state: 'proposed', deadline: '2026-12-20' } });
    expect(view.outbox.find((o) => o.kind === 'quote')).toMatchObject({ to: ['jana@firma.cz'] });
  });

  it('numbers each quote of a ticket (1, 2, …); the mail of a later one says it replaces the one before', async () => {
    await proposeQuote(deps, worker, n, { price: 0.01, vat: 'without', deadline: '2026-12-20', note: undefined });
    await proposeQuote(deps, worker, n, { price: 95_000, vat: 'without', deadline: '2027-06-30', note: undefined });
    const view = (await store.getTicketView(n))!;
    expect(view.ticket.quote).toMatchObject({ version: 2, price: 95_000 });
    expect(view.events.filter((e) => e.type === 'quote').map((e) => e.data?.version)).toEqual([1, 2]);
    const [first, second] = view.outbox.filter((o) => o.kind === 'quote');
    expect(first!.message.text).not.toContain('nahrazuje');
    expect(second!.message.text).toContain('Tato nabídka (č. 2) nahrazuje naši předchozí nabídku');
  });

  it('refuses the second of two new quotes proposed at once on a quoted ticket (409), so no two quotes share a version', async () => {
    await proposeQuote(deps, worker, n, { price: 500, vat: 'without', deadline: '2026-12-20', note: undefined });
    const results = await Promise.allSettled([
      proposeQuote(deps, worker, n, { price: 1000, vat: 'without', deadline: '2026-12-20', note: undefined }),
      proposeQuote(deps, colleague, n, { price: 2000, vat: 'without', deadline: '2026-12-21', note: undefined }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected');
    expect({ reason: staffRefusal(rejected?.reason) }).toMatchObject({ reason: { status: 409 } });
    const view = (await store.getTicketView(n))!;
    expect(view.events.filter((e) => e.type === 'quote').map((e) => e.data?.version)).toEqual([1, 2]);
    expect(view.ticket.quote?.version).toBe(2);
  });

  it('refuses the second of two people changing the status from the same state (409)', async () => {
    const stale = (await store.getTicket(n))!;
    await changeStatus(deps, worker, n, { status: 'in-progress' });
    await expect(
      staffAnswer(
        store.applyTicketChange({
          ticket: n,
          order: stale,
          at: stale.updatedAt,
          expectStatus: stale.status,
          events: [],
          set: { status: 'resolved' },
        }),
      ),
    ).rejects.toMatchObject({ status: 409, code: 'conflict' });
    expect((await store.getTicket(n))!.status).toBe('in-progress');
  });
});
