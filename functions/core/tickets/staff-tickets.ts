import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { normaliseIco } from '../accounts/ico';
import { quoteVersion, type Attachment, type HistoryEvent, type OutboxMail, type Quote, type Ticket } from '../model';
import { renderQuote, renderStaffMessage, type MailSettings, type RenderedMail } from '../mail-out/outbound-mail';
import type { BlobStore, Clock, DueStore, Ids, Logger, QueueStore, StaffStore, TabStatus, TicketStore, TicketView } from '../ports';
import { dueOf, dueWindows, sameDue } from '../deadlines/due';
import { OPEN_STATUSES, type Status } from '../model';
import { decodeCursor, pageOfRows, withCursors, type Cursors } from '../paging';
import { openWorkOf } from './ticket-index';
import { searchTickets, type SearchDeps, type SearchHit, type SearchPage } from '../search/search';
import type { StaffRef } from '../accounts/staff-accounts';
import { Refusal } from '../refusal';
import { adminFields } from '../../shared/messages-admin.cs';
import type { QueueFilter, QuoteInput } from './forms';
import { attachmentFilename } from './attachment-name';
import { MAIL_PREFIXES } from '../mail-in/mail-bucket';

/**
 * What staff do with tickets: the queue, the ticket page, and every action on a ticket. Each action
 * is one TicketChange (ticket fields, history events with who and when, outbox mail) written at once.
 */
export interface StaffTicketDeps {
  tickets: TicketStore;
  queue: QueueStore;
  /** Signs the queue's page cursors. */
  cursors: Cursors;
  /** The full-text index. */
  search: SearchDeps['search'];
  /** The due index, for the deadline tabs. */
  due: Pick<DueStore, 'listDue' | 'countDue'>;
  staff: StaffStore;
  blobs: BlobStore;
  clock: Clock;
  ids: Ids;
  mail: MailSettings;
  logger: Logger;
}

export type QueueTab = QueueFilter['tab'];
export { OPEN_STATUSES };
const FINISHED: Status[] = ['closed', 'cancelled'];
const LIST_LIMIT = 1000;
/** Rows on a page of a queue tab. */
export const QUEUE_PAGE_SIZE = 50;

type DueTab = 'overdue' | 'due-soon';
const isDueTab = (tab: QueueTab): tab is DueTab => tab === 'overdue' || tab === 'due-soon';
const inTab = (t: Ticket, tab: TabStatus) => t.status === tab || (tab === 'closed' && t.status === 'cancelled');

/** The ranges of the due index that make a deadline tab (both kinds of due). */
const dueRanges = (tab: DueTab, now: Date) => {
  const w = dueWindows(now);
  return tab === 'overdue' ? w.overdue : w.dueSoon;
};

export interface QueuePage {
  tickets: Ticket[];
  counts: Record<QueueTab, number>;
  searched: boolean;
  /** The moment the page was read: what the rows' time left is measured from. */
  now: Date;
  /** A search's hits with where each matched (the same tickets as `tickets`). */
  hits?: SearchHit[];
  /** The search had no word to look up (each shorter than 2 characters). */
  noWords?: boolean;
  /** Cursors of the next and the previous page (`?strana=`), when there are such pages. */
  next?: string;
  prev?: string;
}

/** The list a cursor of the queue belongs to: a tab, or one person's *Moje*. */
const queueList = (tab: QueueTab, me: StaffRef) => (tab === 'mine' ? `queue:mine:${me.email}` : `queue:${tab}`);

/**
 * The queue: one tab a page at a time (or a search over all tickets), filtered. The counts come
 * from the counts item and the assignee index, so a page costs the same whatever the history.
 */
export async function listQueue(deps: StaffTicketDeps, me: StaffRef, filter: QueueFilter): Promise<QueuePage> {
  const now = deps.clock.now();
  const q = filter.q?.trim() ?? '';
  // A bad cursor is refused before anything is read.
  const request = q ? undefined : decodeCursor(deps.cursors, queueList(filter.tab, me), filter.strana, QUEUE_PAGE_SIZE, now);
  const [count, mine, overdue, dueSoon] = await Promise.all([
    deps.queue.ticketCounts(),
    deps.queue.countOpenWork(me.email),
    ...(['overdue', 'due-soon'] as const).map(async (tab) =>
      (await Promise.all(dueRanges(tab, now).map((r) => deps.due.countDue(r.kind, r.range)))).reduce((a, b) => a + b, 0),
    ),
  ]);
  const counts: Record<QueueTab, number> = {
    new: count.new,
    mine: mine as number,
    overdue: overdue as number,
    'due-soon': dueSoon as number,
    assigned: count.assigned,
    'waiting-for-client': count['waiting-for-client'],
    quoted: count.quoted,
    agreed: count.agreed,
    'in-progress': count['in-progress'],
    resolved: count.resolved,
    closed: count.closed + count.cancelled,
  };

  const ico = filter.ico ? normaliseIco(filter.ico) : '';
  const rows = { category: filter.category, ico, worker: filter.worker };
  const matches = (t: Ticket) =>
    (!filter.category || t.category === filter.category) &&
    (!ico || t.ico === ico) &&
    (!filter.worker || (filter.worker === '-' ? !t.assignee : t.assignee === filter.worker));

  if (q) {
    const found = await search(deps, q, filter.strana);
    const hits = found.hits.filter((h) => matches(h.ticket));
    return {
      tickets: hits.map((h) => h.ticket),
      hits,
      noWords: found.noWords,
      counts,
      searched: true,
      now,
      ...(found.next && { next: found.next }),
    };
  }
  if (isDueTab(filter.tab)) {
    // The index follows the stream a moment behind: a ticket answered just now is left out.
    const listed = await Promise.all(dueRanges(filter.tab, now).map((r) => deps.due.listDue(r.kind, r.range, LIST_LIMIT)));
    const rows = listed.flat().filter((t) => sameDue(dueOf(t), t.due) && matches(t));
    // What is due first comes first (the latest of the late ones on top), a page cut from the open
    // work read (bounded by open work, not by history), by the due time and the number.
    const page = pageOfRows(rows, (t) => `${t.due!.at}#${String(t.number).padStart(10, '0')}`, true, request!);
    const { next, prev } = withCursors(deps.cursors, queueList(filter.tab, me), page, now);
    return { tickets: page.items, counts, searched: false, now, ...(next && { next }), ...(prev && { prev }) };
  }
  const tab = filter.tab;
  const page = tab === 'mine' ? await deps.queue.listOpenWork(me.email, request!, rows) : await deps.queue.listTab(tab, request!, rows);
  // Rows are checked against the tickets as they are: the indexes follow a change a moment later.
  const tickets = page.items.filter((t) => (tab === 'mine' ? openWorkOf(t) === me.email : inTab(t, tab)));
  const { next, prev } = withCursors(deps.cursors, queueList(tab, me), page, now);
  return { tickets, counts, searched: false, now, ...(next && { next }), ...(prev && { prev }) };
}

/** By number (`123`, `#123`: that ticket), else every word of the query in anything a ticket holds (core/search), a page. */
async function search(deps: StaffTicketDeps, q: string, cursor: string | undefined): Promise<SearchPage> {
  const number = /^#?(\d{1,7})$/.exec(q);
  if (number) {
    const t = await deps.tickets.getTicket(Number(number[1]));
    return { hits: t ? [{ ticket: t }] : [], noWords: false };
  }
  return searchTickets(deps, { kind: 'staff' }, q, cursor);
}

/** The ticket page; opening it is what marks a client's new message as seen. */
export async function openTicket(deps: StaffTicketDeps, number: number): Promise<TicketView> {
  const view = await deps.tickets.getTicketView(number);
  if (!view) throw new Refusal('not_found');
  if (view.ticket.attention) await deps.queue.clearAttention(number);
  view.events.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  view.outbox.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return view;
}

async function loadTicket(deps: StaffTicketDeps, number: number): Promise<Ticket> {
  const ticket = await deps.tickets.getTicket(number);
  if (!ticket) throw new Refusal('not_found');
  return ticket;
}

const isFinished = (t: Ticket) => FINISHED.includes(t.status);

function event(
  deps: StaffTicketDeps,
  me: StaffRef,
  ticket: number,
  at: string,
  rest: Omit<HistoryEvent, 'id' | 'ticket' | 'at' | 'actor'>,
): HistoryEvent {
  return { id: deps.ids.id(), ticket, at, actor: { kind: 'staff', email: me.email, name: me.name }, ...rest };
}

function statusEvent(deps: StaffTicketDeps, me: StaffRef, t: Ticket, at: string, to: Status, text?: string): HistoryEvent {
  return event(deps, me, t.number, at, { type: 'status', status: to, ...(text && { text }), data: { from: t.status } });
}

export async function assignTicket(deps: StaffTicketDeps, me: StaffRef, number: number, assigneeEmail: string): Promise<void> {
  const ticket = await loadTicket(deps, number);
  const assignee = assigneeEmail ? await deps.staff.getStaff(assigneeEmail) : undefined;
  if (assigneeEmail && !assignee?.active) throw new Refusal('validation_failed', { assignee: 'Vyberte aktivního pracovníka.' });
  if ((ticket.assignee ?? '') === assigneeEmail) return;
  const at = deps.clock.now().toISOString();
  const events = [
    event(deps, me, number, at, {
      type: 'assignment',
      data: { from: ticket.assignee ?? null, to: assignee?.email ?? null, toName: assignee?.name ?? null },
    }),
  ];
  const moveToAssigned = assignee && ticket.status === 'new';
  if (moveToAssigned) events.push(statusEvent(deps, me, ticket, at, 'assigned'));
  await deps.queue.applyTicketChange({
    ticket: number,
    order: ticket,
    at,
    expectStatus: ticket.status,
    events,
    set: { assignee: assignee?.email ?? null, ...(moveToAssigned && { status: 'assigned' as const }) },
  });
}

/** The first mail we sent about the ticket (the confirmation), which replies thread under. */
async function threadOf(deps: StaffTicketDeps, number: number): Promise<string[] | undefined> {
  const view = await deps.tickets.getTicketView(number);
  const first = view?.outbox.sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
  return first ? [first.messageId] : undefined;
}

function outboxItem(number: number, id: string, kind: OutboxMail['kind'], mail: RenderedMail, at: string): OutboxMail {
  return {
    id,
    ticket: number,
    kind,
    messageId: mail.messageId,
    to: mail.to,
    subject: mail.subject,
    message: mail.message,
    state: 'pending',
    attempts: 0,
    dueAt: at,
    createdAt: at,
  };
}

/** A status to set, and when it is `resolved`, the time it was resolved. */
const statusSet = (status: Status, at: string) => ({ status, ...(status === 'resolved' && { resolvedAt: at }) });

/** A reply to the client by e-mail (through the outbox), with an optional status change. */
export async function replyToClient(
  deps: StaffTicketDeps,
  me: StaffRef,
  number: number,
  input: { text: string; then?: Status | undefined },
): Promise<void> {
  const ticket = await loadTicket(deps, number);
  if (isFinished(ticket)) throw new Refusal('ticket_closed');
  const at = deps.clock.now().toISOString();
  const outboxId = deps.ids.id();
  const references = await threadOf(deps, number);
  const mail = await renderStaffMessage(deps.mail, ticket, outboxId, {
    text: input.text,
    staffName: me.name,
    ...(references && { references }),
  });
  const events = [
    event(deps, me, number, at, {
      type: 'email-out',
      text: input.text,
      subject: mail.subject,
      outboxId,
      data: { to: mail.to, kind: 'staff-reply' },
    }),
  ];
  const moves = input.then && input.then !== ticket.status;
  if (moves) events.push(statusEvent(deps, me, ticket, at, input.then!));
  await deps.queue.applyTicketChange({
    ticket: number,
    order: ticket,
    at,
    expectStatus: ticket.status,
    events,
    outbox: outboxItem(number, outboxId, 'staff-reply', mail, at),
    firstResponseAt: at,
    ...(moves && { set: statusSet(input.then!, at) }),
  });
  deps.logger.info('staff reply queued', { ticket: number, by: me.email, outboxId });
}

/** An internal note: never e-mailed, hidden from the client. */
export async function addNote(deps: StaffTicketDeps, me: StaffRef, number: number, text: string): Promise<void> {
  const ticket = await loadTicket(deps, number);
  const at = deps.clock.now().toISOString();
  await deps.queue.applyTicketChange({
    ticket: number,
    order: ticket,
    at,
    events: [event(deps, me, ticket.number, at, { type: 'note', text })],
  });
}

export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

/** A file a staff member adds to the ticket (the client sees it on the portal too). */
export async function uploadAttachment(
  deps: StaffTicketDeps,
  me: StaffRef,
  number: number,
  file: { filename: string; contentType: string; content: Buffer },
): Promise<Attachment> {
  const ticket = await loadTicket(deps, number);
  if (file.content.length === 0) throw new Refusal('file_missing');
  if (file.content.length > MAX_UPLOAD_BYTES) throw new Refusal('file_too_large');
  const id = deps.ids.id();
  const filename = attachmentFilename(file.filename, file.contentType, 1);
  const contentType = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i.test(file.contentType)
    ? file.contentType.toLowerCase()
    : 'application/octet-stream';
  const s3Key = `${MAIL_PREFIXES.staffUploads}${id}`;
  await deps.blobs.write(s3Key, Readable.from(file.content), { contentType, filename });
  const at = deps.clock.now().toISOString();
  const attachment: Attachment = {
    id,
    ticket: number,
    s3Key,
    filename,
    contentType,
    size: file.content.length,
    sha256: createHash('sha256').update(file.content).digest('hex'),
    source: 'staff-upload',
    createdAt: at,
  };
  await deps.queue.applyTicketChange({
    ticket: number,
    order: ticket,
    at,
    attachments: [attachment],
    events: [event(deps, me, ticket.number, at, { type: 'message', attachmentIds: [id], data: { upload: true } })],
  });
  return attachment;
}

/** The Prague calendar day of a moment (YYYY-MM-DD): a quote's deadline may not be earlier than today's (the form checks it with its other fields, the action again). */
export const pragueDay = (at: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Prague' }).format(at);

/**
 * A price and deadline for the client to accept on the portal; e-mailed, status `quoted`. Each
 * proposal is the next version of the ticket's quote and replaces the one before, which can then no
 * longer be answered; two proposals at once cannot both win (`expectQuoteVersion`).
 */
export async function proposeQuote(deps: StaffTicketDeps, me: StaffRef, number: number, input: QuoteInput): Promise<void> {
  const ticket = await loadTicket(deps, number);
  if (isFinished(ticket)) throw new Refusal('ticket_closed');
  const now = deps.clock.now();
  if (input.deadline < pragueDay(now)) throw new Refusal('validation_failed', { deadline: adminFields.deadlinePast });
  const at = now.toISOString();
  const previous = quoteVersion(ticket.quote);
  const quote: Quote = {
    version: previous + 1,
    price: input.price,
    vat: input.vat,
    deadline: input.deadline,
    ...(input.note && { note: input.note }),
    state: 'proposed',
  };
  const outboxId = deps.ids.id();
  const references = await threadOf(deps, number);
  const mail = await renderQuote(deps.mail, ticket, outboxId, quote, { staffName: me.name, ...(references && { references }) });
  const events = [
    event(deps, me, number, at, {
      type: 'quote',
      data: {
        version: quote.version,
        price: quote.price,
        vat: quote.vat,
        deadline: quote.deadline,
        ...(quote.note && { note: quote.note }),
      },
      outboxId,
    }),
    event(deps, me, number, at, { type: 'email-out', subject: mail.subject, outboxId, data: { to: mail.to, kind: 'quote' } }),
  ];
  if (ticket.status !== 'quoted') events.push(statusEvent(deps, me, ticket, at, 'quoted'));
  await deps.queue.applyTicketChange({
    ticket: number,
    order: ticket,
    at,
    expectStatus: ticket.status,
    expectQuoteVersion: previous,
    set: { quote, status: 'quoted' },
    events,
    outbox: outboxItem(number, outboxId, 'quote', mail, at),
    firstResponseAt: at,
  });
}

export async function changeStatus(
  deps: StaffTicketDeps,
  me: StaffRef,
  number: number,
  input: { status: Status; reason?: string | undefined },
): Promise<void> {
  const ticket = await loadTicket(deps, number);
  if (ticket.status === input.status) return;
  const at = deps.clock.now().toISOString();
  await deps.queue.applyTicketChange({
    ticket: number,
    order: ticket,
    at,
    expectStatus: ticket.status,
    set: statusSet(input.status, at),
    events: [statusEvent(deps, me, ticket, at, input.status, input.reason)],
  });
}

/** Closing (done) or cancelling (not done) always states why. */
export async function closeTicket(
  deps: StaffTicketDeps,
  me: StaffRef,
  number: number,
  input: { outcome: 'closed' | 'cancelled'; reason: string },
): Promise<void> {
  const ticket = await loadTicket(deps, number);
  if (isFinished(ticket)) throw new Refusal('ticket_closed');
  const at = deps.clock.now().toISOString();
  await deps.queue.applyTicketChange({
    ticket: number,
    order: ticket,
    at,
    expectStatus: ticket.status,
    // Closed as done without being resolved first: closing it is its resolution (the deadline, the statement).
    set: { status: input.outcome, ...(input.outcome === 'closed' && !ticket.resolvedAt && { resolvedAt: at }) },
    events: [statusEvent(deps, me, ticket, at, input.outcome, input.reason)],
  });
}

export async function staffAttachmentUrl(deps: StaffTicketDeps, number: number, attachmentId: string): Promise<string> {
  const view = await deps.tickets.getTicketView(number);
  const a = view?.attachments.find((x) => x.id === attachmentId);
  if (!a) throw new Refusal('not_found');
  return deps.blobs.downloadUrl(a.s3Key, a.filename, a.contentType);
}

/** The raw message of an inbound mail event, downloaded as an .eml file (never rendered). */
export async function rawMailUrl(deps: StaffTicketDeps, number: number, eventId: string): Promise<string> {
  const view = await deps.tickets.getTicketView(number);
  // a client's mail, or a staff member's reply to an alert kept as a note
  const e = view?.events.find((x) => x.id === eventId && (x.type === 'email-in' || (x.type === 'note' && x.data?.viaAlertReply === true)));
  const rawKey = e?.data?.rawKey;
  if (typeof rawKey !== 'string') throw new Refusal('not_found');
  return deps.blobs.downloadUrl(rawKey, `pozadavek-${number}-zprava.eml`, 'message/rfc822');
}
