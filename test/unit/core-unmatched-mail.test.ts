import { beforeEach, describe, expect, it } from 'vitest';
import { account, client, colleague, mailSettings, worker } from '../support/core-fixtures';
import {
  attachUnmatched,
  discardUnmatched,
  listFailedMail,
  listUnmatched,
  retryFailedMail,
  type StaffMailDeps,
} from '../../functions/core/mail-in/unmatched-mail';
import type { Attachment, UnmatchedMail } from '../../functions/core/model';
import { createTicket } from '../../functions/core/tickets/client-tickets';
import { MemoryAdminStore } from '../support/memory-admin-store';
import { ManualClock, silentLogger } from '../support/memory-ports';
import { MemoryBlobStore, SequentialIds } from '../support/memory-store';

/**
 * Mail that needs a person (core/mail-in/unmatched-mail.ts) with in-memory ports: inbound mail that
 * matched no ticket is attached or discarded once, failed outbound mail is queued again. What
 * test/integration/admin-tickets.test.ts proves through the admin UI and DynamoDB Local.
 */

const attachment = (i: number): Attachment => ({
  id: `att-${i}`,
  ticket: 0,
  s3Key: `attachments/unmatched/att-${i}`,
  filename: `faktura-${i}.pdf`,
  contentType: 'application/pdf',
  size: 1000 + i,
  sha256: 'a'.repeat(64),
  source: 'ses-unmatched',
  createdAt: '2026-12-02T08:30:00.000Z',
});
const unmatched = (id: string, extra: Partial<UnmatchedMail> = {}): UnmatchedMail => ({
  id,
  sesMessageId: `ses-${id}`,
  rawKey: `inbound/${id}`,
  reason: 'sender_not_allowed',
  from: 'ucetni@demo.cz',
  subject: 'Re: Nefunguje tiskárna',
  receivedAt: '2026-12-02T08:30:00.000Z',
  textPreview: 'Posílám fakturu.',
  attachments: [attachment(1)],
  virus: false,
  state: 'open',
  ...extra,
});

let store: MemoryAdminStore;
let clock: ManualClock;
let deps: StaffMailDeps;
let n: number;

beforeEach(async () => {
  store = new MemoryAdminStore();
  clock = new ManualClock(new Date('2026-12-02T09:00:00.000Z'));
  const ids = new SequentialIds();
  deps = {
    unmatched: store,
    failed: store,
    tickets: store,
    clients: store,
    blobs: new MemoryBlobStore(),
    clock,
    ids,
    logger: silentLogger,
    cursors: { key: 'test' },
  };
  await store.createClient(account());
  n = (
    await createTicket({ tickets: store, clock, ids, mail: mailSettings, logger: silentLogger }, client, {
      contactEmail: 'jana@demo.cz',
      category: 'service',
      subject: 'Nefunguje tiskárna',
      description: 'Tiskárna netiskne.',
    })
  ).ticket.number;
  await store.fileUnmatched(unmatched('m-1'));
  await store.fileUnmatched(unmatched('m-2', { receivedAt: '2026-12-02T08:45:00.000Z', from: 'spam@example.com', reason: 'spam' }));
  clock.advance(60_000);
});

const eventsOf = async (ticket: number) => (await store.getTicketView(ticket))!.events;

describe('unmatched mail (core, in memory)', () => {
  it('attaches a mail to a ticket: an email-in event, its attachments on the ticket, the sender a known address', async () => {
    expect((await listUnmatched(deps)).items.map((m) => m.id)).toEqual(['m-2', 'm-1']);
    await attachUnmatched(deps, worker, 'm-1', { ticket: n, addSender: true });

    expect(await store.getUnmatched('m-1')).toMatchObject({
      state: 'attached',
      handledBy: worker.email,
      handledAt: '2026-12-02T09:01:00.000Z',
      attachedTo: n,
    });
    const view = (await store.getTicketView(n))!;
    expect(view.events.find((e) => e.type === 'email-in')).toMatchObject({
      at: '2026-12-02T08:30:00.000Z',
      actor: { kind: 'email', from: 'ucetni@demo.cz' },
      text: 'Posílám fakturu.',
      attachmentIds: ['att-1'],
      data: { matchedBy: 'staff', attachedBy: { email: worker.email }, unmatchedReason: 'sender_not_allowed', rawKey: 'inbound/m-1' },
    });
    expect(view.attachments).toEqual([{ ...attachment(1), ticket: n }]);
    expect(view.ticket.updatedAt).toBe('2026-12-02T09:01:00.000Z');
    expect((await store.getClient(client.ico))!.knownEmails).toEqual(['jana@demo.cz', 'ucetni@demo.cz']);
    expect((await listUnmatched(deps)).items.map((m) => m.id)).toEqual(['m-2']);
    expect((await store.countInboxes()).unmatched).toBe(1);
  });

  it("attaching without adding the sender leaves the client's known addresses as they were", async () => {
    await attachUnmatched(deps, worker, 'm-1', { ticket: n, addSender: false });
    expect((await store.getClient(client.ico))!.knownEmails).toEqual(['jana@demo.cz']);
  });

  it('files every attachment of a mail with more of them than one transaction holds', async () => {
    const many = Array.from({ length: 120 }, (_, i) => attachment(i));
    await store.fileUnmatched(unmatched('m-big', { attachments: many }));
    await attachUnmatched(deps, worker, 'm-big', { ticket: n, addSender: false });
    expect((await store.getTicketView(n))!.attachments).toHaveLength(120);
    expect((await eventsOf(n)).find((e) => e.type === 'email-in')!.attachmentIds).toHaveLength(120);
  });

  it('discards a mail with its reason; the ticket is untouched', async () => {
    const before = await store.getTicketView(n);
    await discardUnmatched(deps, worker, 'm-2', 'Reklama');
    expect(await store.getUnmatched('m-2')).toMatchObject({ state: 'discarded', handledBy: worker.email, discardReason: 'Reklama' });
    expect(await store.getTicketView(n)).toEqual(before);
    expect((await listUnmatched(deps)).items.map((m) => m.id)).toEqual(['m-1']);
  });

  it('handles a mail once: any second attach or discard is already_handled and writes nothing', async () => {
    await attachUnmatched(deps, worker, 'm-1', { ticket: n, addSender: false });
    const after = await store.getTicketView(n);
    await expect(attachUnmatched(deps, colleague, 'm-1', { ticket: n, addSender: true })).rejects.toMatchObject({
      code: 'already_handled',
    });
    await expect(discardUnmatched(deps, colleague, 'm-1')).rejects.toMatchObject({ code: 'already_handled' });
    await discardUnmatched(deps, worker, 'm-2');
    await expect(attachUnmatched(deps, colleague, 'm-2', { ticket: n, addSender: false })).rejects.toMatchObject({
      code: 'already_handled',
    });
    expect(await store.getTicketView(n)).toEqual(after);
    expect(await store.getUnmatched('m-1')).toMatchObject({ state: 'attached', handledBy: worker.email });
    expect(await store.getUnmatched('m-2')).toMatchObject({ state: 'discarded', handledBy: worker.email });
  });

  const attach = () => attachUnmatched(deps, worker, 'm-1', { ticket: n, addSender: true });
  const discard = () => discardUnmatched(deps, colleague, 'm-1', 'Omyl');
  it.each([
    ['attach and discard', attach, discard],
    ['two attachments', attach, attach],
    ['two discards', discard, discard],
  ])('of two people handling one mail at once (%s), the one who comes second is already_handled', async (_, first, second) => {
    const results = await Promise.allSettled([first(), second()]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'already_handled' } });
    const attached = (await store.getUnmatched('m-1'))!.state === 'attached';
    expect((await eventsOf(n)).filter((e) => e.type === 'email-in')).toHaveLength(attached ? 1 : 0);
    expect((await store.getTicketView(n))!.attachments).toHaveLength(attached ? 1 : 0);
    expect((await store.getClient(client.ico))!.knownEmails.includes('ucetni@demo.cz')).toBe(attached);
  });

  it('refuses to attach to a ticket that does not exist (validation_failed) and the mail stays open', async () => {
    await expect(attachUnmatched(deps, worker, 'm-1', { ticket: 999, addSender: true })).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { ticket: expect.stringMatching(/neexistuje/) },
    });
    expect((await store.getUnmatched('m-1'))!.state).toBe('open');
    expect(store.tickets.has(999)).toBe(false);
    await expect(discardUnmatched(deps, worker, 'm-none')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('failed outbound mail (core, in memory)', () => {
  const confirmation = async () => (await store.getTicketView(n))!.outbox.find((o) => o.kind === 'confirmation')!;

  it('queues a failed mail again with a fresh series of attempts, and the ticket records who did it', async () => {
    const mail = await confirmation();
    await store.markFailed(n, mail.id, 'MessageRejected: Email address is not verified.', clock.now());
    expect((await listFailedMail(deps)).items.map((m) => m.id)).toEqual([mail.id]);
    expect((await store.countInboxes()).failedMail).toBe(1);

    clock.advance(60_000);
    await retryFailedMail(deps, worker, n, mail.id);
    expect(await confirmation()).toMatchObject({ state: 'pending', attempts: 0, dueAt: '2026-12-02T09:02:00.000Z' });
    expect((await eventsOf(n)).filter((e) => e.data?.action === 'mail-retry')).toEqual([
      expect.objectContaining({ type: 'note', outboxId: mail.id, actor: { kind: 'staff', email: worker.email, name: worker.name } }),
    ]);
    expect((await listFailedMail(deps)).items).toEqual([]);
    expect((await store.countInboxes()).failedMail).toBe(0);
  });

  it('refuses a mail that is not failed (not_failed): one queued again already, one never failed, one that does not exist', async () => {
    const mail = await confirmation();
    await store.markFailed(n, mail.id, 'boom', clock.now());
    await retryFailedMail(deps, worker, n, mail.id);
    const events = (await eventsOf(n)).length;
    await expect(retryFailedMail(deps, colleague, n, mail.id)).rejects.toMatchObject({ code: 'not_failed' });
    await expect(retryFailedMail(deps, colleague, n, 'no-such-mail')).rejects.toMatchObject({ code: 'not_failed' });
    await expect(retryFailedMail(deps, colleague, 999, mail.id)).rejects.toMatchObject({ code: 'not_failed' });
    expect((await eventsOf(n)).length).toBe(events);
    expect((await confirmation()).state).toBe('pending');
  });
});
