import { beforeEach, describe, expect, it } from 'vitest';
import { clientAnswer } from '../support/refusals';
import type { Client } from '../../functions/core/model';
import { answerQuote, createTicket, getClientTicket, type TicketDeps } from '../../functions/core/tickets/client-tickets';
import type { NewTicket } from '../../functions/core/tickets/bodies';
import { ManualClock, silentLogger } from '../support/memory-ports';
import { MemoryStore, SequentialIds } from '../support/memory-store';

/**
 * The core's intake rules with in-memory ports (no I/O): what tickets.test.ts proves against
 * DynamoDB Local, here in milliseconds.
 */
const client = { ico: '27082440', name: 'Demo Klient s.r.o.' };
const other = { ico: '25596641', name: 'Jiná firma a.s.' };
const request: NewTicket = {
  contactEmail: 'jana@firma.cz',
  category: 'service',
  subject: 'Nefunguje tiskárna',
  description: 'Tiskárna netiskne.',
};

const account = (ico: string, name: string): Client => ({
  ico,
  name,
  mustChangePassword: false,
  knownEmails: [],
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
});

let store: MemoryStore;
let deps: TicketDeps;

beforeEach(async () => {
  store = new MemoryStore();
  await store.createClient(account(client.ico, client.name));
  await store.createClient(account(other.ico, other.name));
  deps = {
    tickets: store,
    clock: new ManualClock(new Date('2026-12-02T09:00:00.000Z')),
    ids: new SequentialIds(),
    logger: silentLogger,
    mail: {
      domain: 'mail.softech.cz',
      fromAddress: 'podpora@mail.softech.cz',
      fromName: 'Softech Podpora',
      replyTokenSecret: 'x'.repeat(32),
      portalUrl: 'https://podpora.softech.cz/',
    },
  };
});

describe('ticket intake (core, in memory)', () => {
  it('numbers 200 concurrent submissions 1…200, each once', async () => {
    const created = await Promise.all(
      Array.from({ length: 200 }, (_, i) => createTicket(deps, client, { ...request, subject: `Požadavek ${i}` })),
    );
    expect(created.map((c) => c.ticket.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('stamps when the first answer is due in Czech business time: 8 hours for a service request, 2 for an express one', async () => {
    // filed on Wednesday 2 December 2026 at 10:00 in Prague
    const normal = await createTicket(deps, client, request);
    expect(normal.ticket.firstResponseDue).toBe('2026-12-03T08:00:00.000Z'); // Thursday 9:00
    const express = await createTicket(deps, client, { ...request, category: 'service-express' });
    expect(express.ticket.firstResponseDue).toBe('2026-12-02T11:00:00.000Z'); // the same day, 12:00
    expect((await store.getTicket(normal.ticket.number))!.firstResponseDue).toBe('2026-12-03T08:00:00.000Z');
  });

  it('queues one confirmation to the contact address, threaded by its Message-ID', async () => {
    const { ticket } = await createTicket(deps, client, request);
    const view = await getClientTicket(deps, client, ticket.number);
    expect(view.outbox).toHaveLength(1);
    expect(view.outbox[0]).toMatchObject({ kind: 'confirmation', to: ['jana@firma.cz'], state: 'pending' });
    expect(view.outbox[0]!.subject).toContain(`[Softech #${ticket.number}]`);
    expect(await store.ticketForMessageIds([view.outbox[0]!.messageId])).toBe(ticket.number);
  });

  it("adds the contact address to the client's known addresses", async () => {
    await createTicket(deps, client, request);
    expect((await store.getClient(client.ico))!.knownEmails).toEqual(['jana@firma.cz']);
  });

  it('answers a repeated submit with the same Idempotency-Key with the first ticket', async () => {
    const first = await createTicket(deps, client, request, 'klic-opakovani-1');
    const again = await createTicket(deps, client, request, 'klic-opakovani-1');
    expect(again).toEqual({ ticket: first.ticket, replayed: true });
    expect(store.tickets.size).toBe(1);
  });

  it('refuses an Idempotency-Key reused for other content with 409', async () => {
    await createTicket(deps, client, request, 'klic-opakovani-2');
    await expect(
      clientAnswer(createTicket(deps, client, { ...request, subject: 'Něco jiného' }, 'klic-opakovani-2')),
    ).rejects.toMatchObject({
      status: 409,
      code: 'idempotency_conflict',
    });
  });

  it('makes one ticket of ten simultaneous double-clicks', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => createTicket(deps, client, request, 'dvojklik-1234')));
    expect(new Set(results.map((r) => r.ticket.number)).size).toBe(1);
    expect(store.tickets.size).toBe(1);
  });

  it('refuses a disabled client with 403, leaving a logged gap and no ticket', async () => {
    await store.setClientDisabled(client.ico, true);
    await expect(clientAnswer(createTicket(deps, client, request))).rejects.toMatchObject({ status: 403, code: 'account_disabled' });
    expect(store.tickets.size).toBe(0);
  });

  it("hides another client's ticket as not found (404)", async () => {
    const { ticket } = await createTicket(deps, client, request);
    await expect(clientAnswer(getClientTicket(deps, other, ticket.number))).rejects.toMatchObject({ status: 404 });
  });

  it('lets the client answer an open quote once, and refuses a second answer with 409', async () => {
    const { ticket } = await createTicket(deps, client, request);
    store.tickets.get(ticket.number)!.ticket.quote = { price: 150_000, vat: 'without', deadline: '2026-12-20', state: 'proposed' };
    const agreed = await answerQuote(deps, client, ticket.number, { accept: true, quoteVersion: 1 });
    expect(agreed).toMatchObject({ status: 'agreed', quote: { state: 'accepted' } });
    await expect(clientAnswer(answerQuote(deps, client, ticket.number, { accept: false, quoteVersion: 1 }))).rejects.toMatchObject({
      status: 409,
    });
  });

  it("refuses an answer naming another version than the ticket's quote (409 quote_changed), and records the version answered", async () => {
    const { ticket } = await createTicket(deps, client, request);
    store.tickets.get(ticket.number)!.ticket.quote = {
      version: 2,
      price: 95_000,
      vat: 'without',
      deadline: '2027-06-30',
      state: 'proposed',
    };
    for (const accept of [true, false]) {
      await expect(clientAnswer(answerQuote(deps, client, ticket.number, { accept, quoteVersion: 1 }))).rejects.toMatchObject({
        status: 409,
        code: 'quote_changed',
      });
    }
    expect((await store.getTicketView(ticket.number))!).toMatchObject({ ticket: { status: 'new', quote: { state: 'proposed' } } });
    await answerQuote(deps, client, ticket.number, { accept: true, quoteVersion: 2 });
    const view = (await store.getTicketView(ticket.number))!;
    expect(view.events.filter((e) => e.type === 'acceptance').map((e) => e.data)).toEqual([
      { accepted: true, version: 2, price: 95_000, vat: 'without', deadline: '2027-06-30' },
    ]);
  });

  it("says quote_changed when the quote is replaced between its read and the answer's write", async () => {
    const { ticket } = await createTicket(deps, client, request);
    const record = store.tickets.get(ticket.number)!;
    record.ticket.quote = { version: 1, price: 0.01, vat: 'without', deadline: '2026-12-20', state: 'proposed' };
    const read = store.getTicket.bind(store);
    let reads = 0;
    // The first read sees quote 1; before the write, staff propose quote 2.
    store.getTicket = async (n) => {
      const seen = await read(n);
      if (++reads === 1) record.ticket.quote = { version: 2, price: 95_000, vat: 'without', deadline: '2027-06-30', state: 'proposed' };
      return seen;
    };
    await expect(clientAnswer(answerQuote(deps, client, ticket.number, { accept: true, quoteVersion: 1 }))).rejects.toMatchObject({
      status: 409,
      code: 'quote_changed',
    });
    expect(record.ticket).toMatchObject({ status: 'new', quote: { version: 2, state: 'proposed' } });
    expect(record.events.some((e) => e.type === 'acceptance')).toBe(false);
  });
});
