/**
 * In-memory twin of the staff side of the store ports (functions/core/ports.ts: StaffDirectoryStore,
 * ClientDirectoryStore, AccessRequestAdminStore, UnmatchedStore, FailedMailStore, InboxCountStore),
 * on MemoryStore's maps, so tickets, clients, staff, sessions, access requests and unmatched mail
 * are one state. It copies what the staff-side DynamoDB stores (functions/adapters/dynamo/) do
 * where the core depends on it: each write's condition (a decision or handling only while `open`,
 * a requeue only while `failed`, a TOTP step only when later than the last one, an update only of
 * an existing staff member), all or nothing, and the order of each GSI2 list. Conditions are
 * checked and the writes made without an `await` in between, so two calls at once behave as two
 * conditional writes.
 */
import { quoteVersion, type HistoryEvent, type OutboxMail, type Staff } from '../../functions/core/model';
import type {
  AccessDecision,
  AdminStore,
  DecidedAccessRequest,
  HandledUnmatchedMail,
  PageRequest,
  StaffUpdate,
  TicketChange,
  UnmatchedHandling,
} from '../../functions/core/ports';
import type { AccessRequest, Client } from '../../functions/core/model';
import { Refusal } from '../../functions/core/refusal';
import { keyedPage, MemoryStore } from './memory-store';

const clone = <T>(value: T): T => structuredClone(value);
/** DynamoDB orders string sort keys by their bytes; for these keys that is code-unit order. */
const byKey =
  <T>(key: (item: T) => string, newestFirst: boolean) =>
  (a: T, b: T) => {
    const [x, y] = newestFirst ? [key(b), key(a)] : [key(a), key(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  };
/** How many attachments the adapter writes in one transaction with the rest of attaching a mail (its TRANSACTION_FILES). */
const TRANSACTION_FILES = 90;

export class MemoryAdminStore extends MemoryStore implements AdminStore {
  /** When each outbox mail failed (`${ticket}#${id}`): the adapter's GSI2 sort key of OUTBOX#failed, which the mail itself does not carry. */
  private readonly failedAt = new Map<string, string>();

  // ── staff ──────────────────────────────────────────────────────────────────
  /** The STAFF partition: every staff member, by e-mail. */
  async listStaff() {
    return [...this.staff.values()].sort(byKey((s) => s.email, false)).map(clone);
  }

  /** Nothing to write is no write; otherwise the staff member must exist (the adapter's `attribute_exists(pk)` throws). */
  async updateStaff(email: string, update: StaffUpdate) {
    const sets = Object.entries(update.set ?? {}).filter(([, v]) => v !== undefined);
    const removes = update.remove ?? [];
    if (sets.length === 0 && removes.length === 0) return;
    const staff = this.staff.get(email);
    if (!staff) throw new Error(`staff ${email} does not exist (conditional check failed)`);
    Object.assign(staff, clone(Object.fromEntries(sets)) as Partial<Staff>);
    for (const key of removes) delete staff[key];
  }

  async useTotpStep(email: string, step: number) {
    const staff = this.staff.get(email);
    if (!staff || (staff.totpLastStep !== undefined && staff.totpLastStep >= step)) return false;
    staff.totpLastStep = step;
    return true;
  }

  // ── tickets ────────────────────────────────────────────────────────────────
  /** As MemoryStore's, plus the adapter's condition on a known address: the client must exist. */
  override async applyTicketChange(change: TicketChange) {
    if (this.changeRefused(change)) throw new Refusal('conflict');
    await super.applyTicketChange(change);
  }

  /** Whether the adapter's transaction for this change would be cancelled (changeItems' conditions). */
  private changeRefused(c: TicketChange): boolean {
    const record = this.tickets.get(c.ticket);
    return (
      !record ||
      (c.expectStatus !== undefined && record.ticket.status !== c.expectStatus) ||
      (c.expectQuoteVersion !== undefined && quoteVersion(record.ticket.quote) !== c.expectQuoteVersion) ||
      (c.knownEmail !== undefined && !this.clients.has(c.knownEmail.ico))
    );
  }

  // ── clients ────────────────────────────────────────────────────────────────
  /** The CLIENTS partition, by lower-cased name then IČO; known addresses sorted, as the adapter's toClient. */
  async pageClients(req: PageRequest, keep?: (client: Client) => boolean) {
    const all = [...this.clients.values()].map((c) => ({ ...clone(c), knownEmails: [...c.knownEmails].sort() }));
    return keyedPage(keep ? all.filter(keep) : all, (c) => `${c.name.toLowerCase()}#${c.ico}`, true, req);
  }

  // ── access requests ────────────────────────────────────────────────────────
  /** STATUS#access-<state>, newest first (the sort key stays the creation time when a request is decided). */
  async pageAccessRequests(state: AccessRequest['state'], req: PageRequest) {
    const rows = [...this.accessRequests.values()].filter((r) => r.state === state) as DecidedAccessRequest[];
    return keyedPage(rows, (r) => `${r.createdAt}#${r.id}`, false, req);
  }

  async getAccessRequest(id: string) {
    const request = this.accessRequests.get(id);
    return request && (clone(request) as DecidedAccessRequest);
  }

  /** Only while the request is open (a missing one fails the same condition). */
  async decideAccessRequest(id: string, decision: AccessDecision) {
    const request = this.accessRequests.get(id);
    if (request?.state !== 'open') return false;
    Object.assign(request, definedFields(decision));
    return true;
  }

  /** One transaction: the decision while the request is open and the account while the IČO has none. */
  async approveAccessRequest(id: string, decision: AccessDecision & { state: 'approved' }, client: Client) {
    const request = this.accessRequests.get(id);
    if (request?.state !== 'open') return 'already_decided' as const;
    if (this.clients.has(client.ico)) return 'client_exists' as const;
    Object.assign(request, definedFields(decision));
    this.clients.set(client.ico, clone(client));
    return 'approved' as const;
  }

  // ── unmatched mail ─────────────────────────────────────────────────────────
  /** STATUS#unmatched holds only open mail, newest first. */
  async pageOpenUnmatched(req: PageRequest) {
    return keyedPage(
      [...this.unmatched.values()].filter((m) => m.state === 'open'),
      (m) => `${m.receivedAt}#${m.id}`,
      false,
      req,
    );
  }

  async getUnmatched(id: string) {
    const mail = this.unmatched.get(id);
    return mail && (clone(mail) as HandledUnmatchedMail);
  }

  /**
   * One transaction: the mail marked (only while open) and the ticket change (the adapter's
   * conditions); false when any condition fails, and then nothing is written. Past TRANSACTION_FILES
   * attachments they are written after it, and attaching a mail again to the ticket it is attached
   * to writes them again (same keys) and answers true, as the adapter.
   */
  async handleUnmatched(id: string, handling: UnmatchedHandling, change?: TicketChange) {
    const files = change?.attachments ?? [];
    const split = change !== undefined && files.length > TRANSACTION_FILES;
    const inTransaction = split ? { ...change, attachments: [] } : change;
    const mail = this.unmatched.get(id);
    const ok = mail?.state === 'open' && !(inTransaction && this.changeRefused(inTransaction));
    if (ok) {
      Object.assign(mail, definedFields(handling));
      // Checked above, so it cannot be refused; its writes run before its first await.
      if (inTransaction) void super.applyTicketChange(inTransaction);
    }
    if (!split) return ok;
    if (!ok) {
      const current = this.unmatched.get(id) as HandledUnmatchedMail | undefined;
      if (!(handling.state === 'attached' && current?.state === 'attached' && current.attachedTo === change.ticket)) return false;
    }
    const record = this.tickets.get(change.ticket);
    if (!record) throw new Error(`ticket ${change.ticket} is gone`);
    for (const a of files) record.attachments = [...record.attachments.filter((x) => x.id !== a.id), clone(a)];
    return true;
  }

  // ── outbox ─────────────────────────────────────────────────────────────────
  /** The mailer's OutboxStore.markFailed on a mail of a ticket here: failed for good, with its error and when. */
  async markFailed(ticket: number, id: string, error: string, now: Date) {
    const mail = this.outboxMail(ticket, id);
    if (!mail) throw new Error(`no outbox mail ${ticket}/${id}`);
    Object.assign(mail, { state: 'failed', lastError: error.slice(0, 1000) });
    this.failedAt.set(`${ticket}#${id}`, now.toISOString());
  }

  /** OUTBOX#failed, the latest failure first. */
  async pageFailedOutbox(req: PageRequest) {
    const failed = [...this.tickets.values()].flatMap((r) => r.outbox).filter((m) => m.state === 'failed');
    return keyedPage(failed, (m) => `${this.failedAt.get(`${m.ticket}#${m.id}`) ?? m.dueAt}#${m.ticket}#${m.id}`, false, req);
  }

  /** Only while the mail is failed (a missing one fails the same condition): pending, due now, attempts from 0, and the event on its ticket. */
  async requeueOutbox(ticket: number, id: string, now: string, event?: HistoryEvent) {
    const mail = this.outboxMail(ticket, id);
    if (mail?.state !== 'failed') return false;
    Object.assign(mail, { state: 'pending', dueAt: now, attempts: 0 });
    this.failedAt.delete(`${ticket}#${id}`);
    if (event) this.tickets.get(ticket)!.events.push(clone(event));
    return true;
  }

  private outboxMail(ticket: number, id: string): OutboxMail | undefined {
    return this.tickets.get(ticket)?.outbox.find((m) => m.id === id);
  }

  // ── navigation badges ──────────────────────────────────────────────────────
  async countInboxes() {
    return {
      accessRequests: [...this.accessRequests.values()].filter((r) => r.state === 'open').length,
      unmatched: [...this.unmatched.values()].filter((m) => m.state === 'open').length,
      failedMail: [...this.tickets.values()].flatMap((r) => r.outbox).filter((m) => m.state === 'failed').length,
    };
  }
}

/** A decision or handling as the adapter writes it: its state and every field that has a value. */
function definedFields<T extends object>(fields: T): Partial<T> {
  return clone(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined))) as Partial<T>;
}
