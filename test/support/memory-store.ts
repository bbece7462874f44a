/**
 * In-memory twins of the store ports (functions/core/ports.ts) for unit tests of the core's rules:
 * the same outcomes as the DynamoDB adapter (functions/adapters/dynamo/) where the core
 * depends on them (an atomic counter, all-or-nothing writes, conditional claims, client-scoped
 * reads), in microseconds. The integration tests keep proving the adapter itself.
 */
import type { Readable } from 'node:stream';
import {
  quoteVersion,
  type AccessRequest,
  type Attachment,
  type Client,
  type HistoryEvent,
  type OutboxMail,
  type Session,
  type Staff,
  type Ticket,
  type UnmatchedMail,
  type WorkEntry,
} from '../../functions/core/model';
import {
  IdempotencyKeyTaken,
  type AccessRequestStore,
  type BlobStore,
  type ClientStore,
  type IdempotencyRecord,
  type InboundClaim,
  type InboundFiling,
  type InboundStore,
  type Ids,
  type NewTicketWrite,
  type SessionStore,
  type StaffStore,
  type TicketStore,
  type TicketView,
} from '../../functions/core/ports';
import { subjectKey as sessionSubjectKey } from '../../functions/core/accounts/sessions';
import type {
  DueRange,
  Page,
  PageRequest,
  QueueRowFilter,
  QueueStore,
  TabStatus,
  TicketChange,
  WorkLogStore,
} from '../../functions/core/ports';
import { openWorkOf, queueRank, zeroCounts } from '../../functions/core/tickets/ticket-index';
import { dueOf } from '../../functions/core/deadlines/due';
import type { DueKind } from '../../functions/core/model';
import { isOpenStatus, type Status } from '../../functions/core/model';
import { Refusal } from '../../functions/core/refusal';
import { pageOfRows } from '../../functions/core/paging';

const clone = <T>(value: T): T => structuredClone(value);

/** A page of rows ordered by `key` (reversed unless `forward`), as the adapter's `page`: positions are keys. */
function memoryPage(rows: Ticket[], key: (t: Ticket) => string, forward: boolean, req: PageRequest, filter: QueueRowFilter): Page<Ticket> {
  const kept = rows.filter(
    (t) =>
      (!filter.category || t.category === filter.category) &&
      (!filter.ico || t.ico === filter.ico) &&
      (!filter.worker || (filter.worker === '-' ? !t.assignee : t.assignee === filter.worker)),
  );
  return keyedPage(kept, key, forward, req, (a, b) => a.localeCompare(b));
}

/** A page of `rows` ordered by a unique `key` (reversed unless `forward`), as the adapter's `page`, the rows copied. */
export function keyedPage<T>(
  rows: T[],
  key: (t: T) => string,
  forward: boolean,
  req: PageRequest,
  compare?: (a: string, b: string) => number,
): Page<T> {
  const page = pageOfRows(rows, key, forward, req, compare);
  return { ...page, items: page.items.map(clone) };
}
const normaliseMessageId = (id: string) => id.trim().replace(/^<|>$/g, '').toLowerCase();

interface TicketRecord {
  ticket: Ticket;
  events: HistoryEvent[];
  attachments: Attachment[];
  outbox: OutboxMail[];
}

interface InboundRecord {
  state: 'processing' | 'done';
  owner: string;
  leaseUntil: number;
  outcome?: Record<string, unknown>;
}

export class MemoryStore
  implements ClientStore, StaffStore, SessionStore, TicketStore, AccessRequestStore, InboundStore, QueueStore, WorkLogStore
{
  readonly clients = new Map<string, Client>();
  readonly staff = new Map<string, Staff>();
  readonly sessions = new Map<string, Session>();
  readonly tickets = new Map<number, TicketRecord>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  readonly messageIds = new Map<string, number>();
  readonly accessRequests = new Map<string, AccessRequest>();
  readonly inbound = new Map<string, InboundRecord>();
  readonly unmatched = new Map<string, UnmatchedMail>();
  /** Work log entries by `<ticket>#<id>` (the adapter's WORK# items). */
  readonly work = new Map<string, WorkEntry>();
  private counter = 0;

  // ── clients and staff ──────────────────────────────────────────────────────
  async getClient(ico: string) {
    const client = this.clients.get(ico);
    return client && { ...clone(client), knownEmails: [...client.knownEmails].sort() };
  }

  async createClient(client: Client) {
    if (this.clients.has(client.ico)) return false;
    this.clients.set(client.ico, clone(client));
    return true;
  }

  async setClientPassword(ico: string, passwordHash: string, mustChangePassword: boolean) {
    const client = this.clients.get(ico);
    if (client) Object.assign(client, { passwordHash, mustChangePassword });
  }

  async setClientDisabled(ico: string, disabled: boolean) {
    const client = this.clients.get(ico);
    if (client) client.disabled = disabled;
  }

  async getStaff(email: string) {
    const found = this.staff.get(email);
    return found && clone(found);
  }

  async createStaff(staff: Staff) {
    if (this.staff.has(staff.email)) return false;
    this.staff.set(staff.email, clone(staff));
    return true;
  }

  // ── sessions ───────────────────────────────────────────────────────────────
  async putSession(session: Session) {
    this.sessions.set(session.tokenHash, clone(session));
  }

  async getSession(tokenHash: string) {
    const session = this.sessions.get(tokenHash);
    return session && clone(session);
  }

  async deleteSession(tokenHash: string) {
    this.sessions.delete(tokenHash);
  }

  async deleteSessionsOf(subjectKey: string, except?: string) {
    let ended = 0;
    for (const [hash, session] of this.sessions) {
      if (sessionSubjectKey(session.subject) === subjectKey && hash !== except) {
        this.sessions.delete(hash);
        ended++;
      }
    }
    return ended;
  }

  async clearMustChangePassword(tokenHash: string) {
    const session = this.sessions.get(tokenHash);
    if (session) session.mustChangePassword = false;
  }

  // ── tickets ────────────────────────────────────────────────────────────────
  async nextTicketNumber() {
    return ++this.counter;
  }

  /** All or nothing, with the adapter's conditions: a new number, an active client, an unused key. */
  async createTicket(w: NewTicketWrite) {
    const n = w.ticket.number;
    const client = this.clients.get(w.ticket.ico);
    if (this.tickets.has(n)) throw new Error(`ticket ${n} exists (conditional check failed)`);
    if (!client || client.disabled) throw new Refusal('account_disabled');
    const idempotencyKey = w.idempotency && `${w.idempotency.ico}#${w.idempotency.key}`;
    if (idempotencyKey && this.idempotency.has(idempotencyKey)) throw new IdempotencyKeyTaken();
    this.tickets.set(n, { ticket: clone(w.ticket), events: [clone(w.event)], attachments: [], outbox: [clone(w.outbox)] });
    this.messageIds.set(normaliseMessageId(w.outbox.messageId), n);
    client.knownEmails = [...new Set([...client.knownEmails, w.contactEmail])];
    if (idempotencyKey && w.idempotency) this.idempotency.set(idempotencyKey, clone(w.idempotency.record));
  }

  async findIdempotency(ico: string, key: string) {
    const record = this.idempotency.get(`${ico}#${key}`);
    return record && clone(record);
  }

  async getTicket(n: number) {
    const record = this.tickets.get(n);
    return record && clone(record.ticket);
  }

  async getTicketView(n: number): Promise<TicketView | undefined> {
    const record = this.tickets.get(n);
    if (!record) return undefined;
    const bySortKey = <T extends { id: string }>(items: T[], key: (item: T) => string) =>
      clone(items).sort((a, b) => key(a).localeCompare(key(b)));
    return {
      ticket: clone(record.ticket),
      events: bySortKey(record.events, (e) => `${e.at}#${e.id}`),
      attachments: bySortKey(record.attachments, (a) => a.id),
      outbox: bySortKey(record.outbox, (o) => o.id),
    };
  }

  /** GSI1 `CLIENT#<ičo>`, newest first, the statuses filtered as the adapter's FilterExpression. */
  async pageClientTickets(ico: string, req: PageRequest, statuses?: readonly Status[]) {
    const rows = [...this.tickets.values()].map((r) => r.ticket).filter((t) => t.ico === ico && (!statuses || statuses.includes(t.status)));
    return memoryPage(rows, (t) => `${t.createdAt}#${t.number}`, false, req, {});
  }

  async listClientTickets(ico: string, limit: number) {
    return [...this.tickets.values()]
      .map((r) => r.ticket)
      .filter((t) => t.ico === ico)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit)
      .map(clone);
  }

  async answerQuote(n: number, ico: string, answer: { accepted: boolean; version: number }, event: HistoryEvent, status: Ticket['status']) {
    const record = this.tickets.get(n);
    if (
      !record ||
      record.ticket.ico !== ico ||
      record.ticket.quote?.state !== 'proposed' ||
      quoteVersion(record.ticket.quote) !== answer.version
    )
      return false;
    record.ticket.quote.state = answer.accepted ? 'accepted' : 'declined';
    record.ticket.status = status;
    record.ticket.updatedAt = event.at;
    record.events.push(clone(event));
    return true;
  }

  // ── the staff queue ────────────────────────────────────────────────────────
  /** The due index as the stream keeps it, here kept at once: what each ticket has due now. */
  async listDue(kind: DueKind, range: DueRange, limit: number) {
    const inRange = (at: string) => ('before' in range ? at < range.before : at >= range.from && at <= range.through);
    return [...this.tickets.values()]
      .map((r) => ({ ...r.ticket, due: dueOf(r.ticket) }))
      .filter((t) => t.due?.kind === kind && inRange(t.due.at))
      .sort((a, b) => a.due!.at.localeCompare(b.due!.at))
      .slice(0, limit)
      .map(clone);
  }

  async countDue(kind: DueKind, range: DueRange) {
    return (await this.listDue(kind, range, Number.POSITIVE_INFINITY)).length;
  }

  /** A tab in its order, as the adapter's GSI2 keys give it (queueIndex): the position is the row's sort key and number. */
  async listTab(status: TabStatus, req: PageRequest, filter: QueueRowFilter) {
    const open = isOpenStatus(status);
    const rows = [...this.tickets.values()]
      .map((r) => r.ticket)
      .filter((t) => t.status === status || (status === 'closed' && t.status === 'cancelled'));
    return memoryPage(rows, (t) => `${open ? `${queueRank(t.category)}#` : ''}${t.createdAt}#${t.number}`, open, req, filter);
  }

  /** The assignee index as the stream keeps it, here kept at once. */
  async listOpenWork(email: string, req: PageRequest, filter: QueueRowFilter) {
    const rows = [...this.tickets.values()].map((r) => r.ticket).filter((t) => openWorkOf(t) === email);
    return memoryPage(rows, (t) => `${queueRank(t.category)}#${t.createdAt}#${t.number}`, true, req, filter);
  }

  async countOpenWork(email: string) {
    return [...this.tickets.values()].filter((r) => openWorkOf(r.ticket) === email).length;
  }

  /** The counts as the stream keeps them, here kept at once. */
  async ticketCounts() {
    const counts = zeroCounts();
    for (const r of this.tickets.values()) counts[r.ticket.status]++;
    return counts;
  }

  // ── work log: each write with its event, conditional as the adapter's transactions ─
  async listWork(ticket: number) {
    return [...this.work.values()].filter((w) => w.ticket === ticket).map(clone);
  }

  async getWork(ticket: number, id: string) {
    const w = this.work.get(`${ticket}#${id}`);
    return w && clone(w);
  }

  async putWork(entry: WorkEntry, event: HistoryEvent) {
    const key = `${entry.ticket}#${entry.id}`;
    if (this.work.has(key)) throw new Error(`work entry ${entry.id} exists`);
    this.work.set(key, clone(entry));
    this.tickets.get(entry.ticket)?.events.push(clone(event));
  }

  async replaceWork(entry: WorkEntry, expectVersion: number, event: HistoryEvent) {
    const key = `${entry.ticket}#${entry.id}`;
    const now = this.work.get(key);
    if (!now || now.version !== expectVersion || now.by !== entry.by) return false;
    this.work.set(key, clone(entry));
    this.tickets.get(entry.ticket)?.events.push(clone(event));
    return true;
  }

  async deleteWork(entry: WorkEntry, event: HistoryEvent) {
    const key = `${entry.ticket}#${entry.id}`;
    const now = this.work.get(key);
    if (!now || now.version !== entry.version || now.by !== entry.by) return false;
    this.work.delete(key);
    this.tickets.get(entry.ticket)?.events.push(clone(event));
    return true;
  }

  async clearAttention(ticket: number) {
    const record = this.tickets.get(ticket);
    if (record) delete record.ticket.attention;
  }

  /** All or nothing; refused (409 `conflict`) when the ticket is gone, its status moved on or its quote was replaced, as the adapter's condition. */
  async applyTicketChange(change: TicketChange) {
    const record = this.tickets.get(change.ticket);
    if (
      !record ||
      (change.expectStatus && record.ticket.status !== change.expectStatus) ||
      (change.expectQuoteVersion !== undefined && quoteVersion(record.ticket.quote) !== change.expectQuoteVersion)
    )
      throw new Refusal('conflict');
    const { set } = change;
    if (set?.status) record.ticket.status = set.status;
    if (set?.assignee === null) delete record.ticket.assignee;
    else if (set?.assignee !== undefined) record.ticket.assignee = set.assignee;
    if (set?.quote) record.ticket.quote = clone(set.quote);
    if (set?.resolvedAt) record.ticket.resolvedAt = set.resolvedAt;
    if (change.firstResponseAt) record.ticket.firstResponseAt ??= change.firstResponseAt;
    record.ticket.updatedAt = change.at;
    record.events.push(...clone(change.events));
    record.attachments.push(...clone(change.attachments ?? []));
    if (change.outbox) {
      record.outbox.push(clone(change.outbox));
      this.messageIds.set(normaliseMessageId(change.outbox.messageId), change.ticket);
    }
    if (change.knownEmail) {
      const client = this.clients.get(change.knownEmail.ico);
      if (client) client.knownEmails = [...new Set([...client.knownEmails, change.knownEmail.email])];
    }
  }

  // ── access requests ────────────────────────────────────────────────────────
  async putAccessRequest(request: AccessRequest) {
    this.accessRequests.set(request.id, clone(request));
  }

  // ── inbound mail ───────────────────────────────────────────────────────────
  async claimInbound(sesMessageId: string, owner: string, now: Date, leaseMs: number): Promise<InboundClaim> {
    const held = this.inbound.get(sesMessageId);
    if (held?.state === 'done') return 'done';
    if (held && held.owner !== owner && held.leaseUntil >= now.getTime()) return 'in-progress';
    this.inbound.set(sesMessageId, { state: 'processing', owner, leaseUntil: now.getTime() + leaseMs });
    return 'claimed';
  }

  async ticketForMessageIds(messageIds: string[]) {
    const wanted = [...new Set(messageIds.map(normaliseMessageId))].filter((id) => id.length > 0 && id.length < 900).slice(-100);
    if (wanted.length === 0) return undefined;
    // In-Reply-To first, then References from the newest (as the adapter).
    for (const id of [wanted[0]!, ...wanted.slice(1).reverse()]) {
      const found = this.messageIds.get(id);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  async fileInbound(f: InboundFiling) {
    const record = this.tickets.get(f.ticket);
    if (!record) throw new Error(`ticket ${f.ticket} is gone (conditional check failed)`);
    record.attachments.push(...clone(f.attachments));
    record.events.push(clone(f.event), ...(f.statusChange ? [clone(f.statusChange.event)] : []));
    if (f.messageId) this.messageIds.set(normaliseMessageId(f.messageId), f.ticket);
    record.ticket.updatedAt = f.now;
    if (f.attention) record.ticket.attention = true;
    if (f.statusChange) record.ticket.status = f.statusChange.to;
    this.finishInbound(f.sesMessageId, { kind: 'filed', ticket: f.ticket });
  }

  async fileUnmatched(mail: UnmatchedMail) {
    this.unmatched.set(mail.id, clone(mail));
    this.finishInbound(mail.sesMessageId, { kind: 'unmatched', id: mail.id, reason: mail.reason });
  }

  private finishInbound(sesMessageId: string, outcome: Record<string, unknown>) {
    const held = this.inbound.get(sesMessageId);
    this.inbound.set(sesMessageId, { owner: held?.owner ?? '', leaseUntil: 0, state: 'done', outcome });
  }
}

/** Objects kept in memory, like S3 keeps them; download links are plain, recognisable strings. */
export class MemoryBlobStore implements BlobStore {
  readonly objects = new Map<string, { body: Buffer; contentType: string; filename: string }>();

  async read(key: string): Promise<Readable> {
    const object = this.objects.get(key);
    if (!object) throw new Error(`no object ${key}`);
    const { Readable } = await import('node:stream');
    return Readable.from([object.body]);
  }

  async write(key: string, body: Readable, meta: { contentType: string; filename: string }) {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
    this.objects.set(key, { body: Buffer.concat(chunks), ...meta });
  }

  async downloadUrl(key: string, filename: string) {
    return `memory://${key}?filename=${encodeURIComponent(filename)}`;
  }
}

/** Ids in order (`id-1`, `id-2`…), so a test can name what it expects. */
export class SequentialIds implements Ids {
  private next = 0;
  id() {
    return `id-${++this.next}`;
  }
  secret(bytes: number) {
    return 's'.repeat(Math.ceil((bytes * 4) / 3));
  }
}
