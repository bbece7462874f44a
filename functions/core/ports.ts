import type { AlertEntry } from './alerts/alert-mail';
import type { Reminder } from './deadlines/due';
import type { Readable } from 'node:stream';
import type { ParsedMail, ParseMailOptions } from './mail-in/parsed-mail';
import type { OutgoingMessage } from './mail-out/outbound-mail';
import type {
  AccessRequest,
  Attachment,
  BillingSettings,
  Client,
  ClientBilling,
  Due,
  DueKind,
  HistoryEvent,
  OutboxMail,
  Quote,
  Session,
  Staff,
  Ticket,
  UnmatchedMail,
  WorkEntry,
} from './model';
import type { Status } from './model';

/**
 * Ports that the domain needs from the outside world. Adapters (functions/adapters) implement them
 * with the AWS SDK; unit tests implement them in memory.
 */
export interface Clock {
  now(): Date;
}

export interface Ids {
  /** A random, URL-safe identifier (no meaning, no order). */
  id(): string;
  /** `bytes` of cryptographically strong randomness, base64url. */
  secret(bytes: number): string;
}

export interface Logger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface ClientStore {
  getClient(ico: string): Promise<Client | undefined>;
  /** Creates the client; false when that IČO already has an account. */
  createClient(client: Client): Promise<boolean>;
  setClientPassword(ico: string, passwordHash: string, mustChangePassword: boolean): Promise<void>;
  setClientDisabled(ico: string, disabled: boolean): Promise<void>;
}

export interface StaffStore {
  getStaff(email: string): Promise<Staff | undefined>;
  createStaff(staff: Staff): Promise<boolean>;
}

export interface SessionStore {
  putSession(session: Session): Promise<void>;
  getSession(tokenHash: string): Promise<Session | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Ends every session of one client or staff member (password change, disabling), but `except`. */
  deleteSessionsOf(subjectKey: string, except?: string): Promise<number>;
  clearMustChangePassword(tokenHash: string): Promise<void>;
}

export interface ThrottleState {
  failures: number;
  windowEndsAt: number; // epoch ms
}

/** Counts failed logins per key (an IČO, an e-mail, a source address) in a fixed window. */
export interface LoginThrottle {
  get(key: string, now: Date): Promise<ThrottleState | undefined>;
  recordFailure(key: string, now: Date, windowMs: number): Promise<ThrottleState>;
  clear(key: string): Promise<void>;
}

export interface IdempotencyRecord {
  ticket: number;
  fingerprint: string;
}

/** Everything one ticket creation writes, all or nothing. */
export interface NewTicketWrite {
  ticket: Ticket;
  event: HistoryEvent;
  outbox: OutboxMail;
  /** The first reminder of what the new ticket has due (`ticket.due`). */
  reminder?: Reminder;
  idempotency?: { ico: string; key: string; record: IdempotencyRecord; expiresAt: number };
  contactEmail: string;
}

export class IdempotencyKeyTaken extends Error {
  constructor() {
    super('idempotency key already used');
  }
}

export interface TicketView {
  ticket: Ticket;
  events: HistoryEvent[];
  attachments: Attachment[];
  outbox: OutboxMail[];
}

export interface TicketStore {
  nextTicketNumber(): Promise<number>;
  /** Throws IdempotencyKeyTaken when a concurrent request with the same key won. */
  createTicket(write: NewTicketWrite): Promise<void>;
  findIdempotency(ico: string, key: string): Promise<IdempotencyRecord | undefined>;
  getTicket(number: number): Promise<Ticket | undefined>;
  getTicketView(number: number): Promise<TicketView | undefined>;
  listClientTickets(ico: string, limit: number): Promise<Ticket[]>;
  /** A page of a client's tickets, newest first (their own index partition), optionally only those of some statuses. */
  pageClientTickets(ico: string, page: PageRequest, statuses?: readonly Status[]): Promise<Page<Ticket>>;
  /**
   * Sets the quote's state when the ticket's quote is still `proposed` and still the one answered
   * (`version`; a quote stored without one is version 1); false if not.
   */
  answerQuote(
    number: number,
    ico: string,
    answer: { accepted: boolean; version: number },
    event: HistoryEvent,
    status: Ticket['status'],
  ): Promise<boolean>;
}

export interface OutboxStore {
  getOutbox(ticket: number, id: string): Promise<OutboxMail | undefined>;
  /** Takes the mail for sending if it is due and nobody holds it; undefined when it is not ours. */
  claim(ticket: number, id: string, now: Date, leaseUntil: Date): Promise<OutboxMail | undefined>;
  markSent(ticket: number, id: string, sesMessageId: string, now: Date): Promise<void>;
  markRetry(ticket: number, id: string, error: string, dueAt: Date): Promise<void>;
  markFailed(ticket: number, id: string, error: string, now: Date): Promise<void>;
  listDue(now: Date, limit: number): Promise<Array<{ ticket: number; id: string }>>;
}

/** One entry for one person: a new alert mail, or added to that person's alert for the ticket not yet sent. */
export interface AlertFiling {
  ticket: number;
  recipient: { email: string; name: string };
  entry: AlertEntry;
  now: Date;
  /** At most one alert per ticket and person within this time; what comes meanwhile joins the next one. */
  spacingMs: number;
  /** Writes the mail for the entries it will carry (the store calls it again when one is added). */
  render(id: string, entries: AlertEntry[]): { subject: string; message: OutgoingMessage };
}

export interface AlertStore {
  /** 'duplicate' when this entry was already filed for this person (a stream record seen twice). */
  fileAlert(filing: AlertFiling): Promise<'new' | 'joined' | 'duplicate'>;
  /** Keeps the entry for the person's next daily digest (with the ticket's subject); false when it is kept already. */
  addDigestEntry(email: string, ticket: number, entry: AlertEntry, about?: string): Promise<boolean>;
  /** The Message-ID of the ticket's first mail (its confirmation), which alerts thread under. */
  threadRoot(ticket: number): Promise<string | undefined>;
}

/** A ticket's reminder entry as the due index holds it. */
export interface ReminderEntry extends Reminder {
  ticket: number;
}

/** Due times (ISO 8601, UTC) before a moment, or from one through another (both included). */
export type DueRange = { before: string } | { from: string; through: string };

/** The due index (core/deadlines/due.ts): what each open ticket has due, and its next reminder. */
export interface DueStore {
  /** Reminders due by `until`, earliest first, at most `limit`. */
  dueReminders(until: Date, limit: number): Promise<ReminderEntry[]>;
  /** Moves a reminder on to the next one (or removes it), unless it changed meanwhile (false). */
  advanceReminder(entry: ReminderEntry, next: Reminder | undefined): Promise<boolean>;
  /** Open tickets with this kind due in the range, earliest first. */
  listDue(kind: DueKind, range: DueRange, limit: number): Promise<Ticket[]>;
  countDue(kind: DueKind, range: DueRange): Promise<number>;
}

/** The tickets per status. */
export type StatusCounts = Record<Status, number>;

/** What the stream writes beside a ticket so its indexes match it (core/tickets/ticket-index.ts). */
export interface TicketIndexChange {
  /** What the ticket has due changed: record it with its fresh first reminder, or remove both. */
  due?: { due: Due | undefined; reminder: Reminder | undefined };
  /** The counts move the ticket (from `undefined`: it was never counted). */
  count?: { from: Status | undefined; to: Status };
  /** The assignee whose open work lists the ticket now, or null for nobody. */
  listedFor?: string | null;
  /** The month whose statement lists the ticket now (its resolution's, Prague), or null for none. */
  billMonth?: string | null;
}

/**
 * What the stream keeps beside each ticket (core/tickets/ticket-index.ts): the due index and its
 * reminder, the counts per status, the assignee index of open work.
 */
export interface TicketIndexStore {
  /**
   * Writes the change in one transaction, unless the ticket changed since the stream saw it or the
   * counts no longer hold it as `change.count.from` says (then `stale`: the newer record does it).
   */
  recordIndex(ticket: Ticket, change: TicketIndexChange): Promise<'recorded' | 'stale'>;
  /** The tickets per status, as counted (one item read). */
  readCounts(): Promise<StatusCounts>;
  /** Adds to the counts (`ops recount` repairing drift), and marks them recounted. */
  adjustCounts(delta: Partial<StatusCounts>): Promise<void>;
}

/** Whose tickets a search looks in: everyone's (staff), or one client's own (the portal, subjects only). */
export type SearchScope = { kind: 'staff' } | { kind: 'client'; ico: string };

/** The full-text index (core/search/search.ts): postings per term, newest ticket first. */
export interface SearchStore {
  /** The terms the ticket is indexed under already (so that only new ones are written). */
  indexedTerms(ticket: number): Promise<Set<string>>;
  /** Files the ticket under the terms in the scope (idempotent), then remembers them as indexed (staff scope). */
  addPostings(ticket: number, scope: SearchScope, terms: string[]): Promise<void>;
  /** Numbers of the tickets filed under every term, newest first, below `below` (exclusive), at most `limit`. */
  findTickets(scope: SearchScope, terms: string[], limit: number, below?: number): Promise<number[]>;
  /** A ticket with every text it holds (subject, description, mail, notes, file names), for a hit's snippet. */
  ticketTexts(ticket: number): Promise<{ ticket: Ticket; texts: string[] } | undefined>;
}

/** A place in a list: the store's own (an index key), opaque to core, which signs it into a cursor (core/paging.ts). */
export type ListPosition = Record<string, unknown>;

/** One page of a list: the one after a position, the one before it, or else the first. */
export interface PageRequest {
  limit: number;
  after?: ListPosition;
  before?: ListPosition;
}

export interface Page<T> {
  items: T[];
  /** The last item's position, when more items follow. */
  next?: ListPosition;
  /** The first item's position, when items come before it. */
  prev?: ListPosition;
}

export interface AccessRequestStore {
  putAccessRequest(request: AccessRequest): Promise<void>;
}

export interface MailSender {
  /** Sends one written-out mail; resolves with the provider's message id. */
  send(message: OutgoingMessage): Promise<string>;
}

/** Short-lived download links to stored objects (presigned S3 URLs). */
export interface DownloadLinks {
  /** A short-lived URL that downloads the object under the given file name. */
  downloadUrl(key: string, filename: string, contentType: string): Promise<string>;
}

/** Object storage for raw mail and attachments (S3). */
export interface BlobStore extends DownloadLinks {
  read(key: string): Promise<Readable>;
  write(key: string, body: Readable, meta: { contentType: string; filename: string }): Promise<void>;
}

export type InboundClaim = 'claimed' | 'done' | 'in-progress';

/** Everything filing one inbound mail onto a ticket writes (attachments first, then the rest at once). */
export interface InboundFiling {
  sesMessageId: string;
  ticket: number;
  event: HistoryEvent;
  attachments: Attachment[];
  messageId?: string;
  /** A reply that reopens the ticket; `order`: what places it in its queue tab. */
  statusChange?: { to: Ticket['status']; event: HistoryEvent; order: QueueOrder };
  attention: boolean;
  now: string;
}

export interface InboundStore {
  /** Takes the SES message for processing; a retry of the same invocation (same owner) may retake it. */
  claimInbound(sesMessageId: string, owner: string, now: Date, leaseMs: number): Promise<InboundClaim>;
  ticketForMessageIds(messageIds: string[]): Promise<number | undefined>;
  fileInbound(filing: InboundFiling): Promise<void>;
  fileUnmatched(mail: UnmatchedMail, now: Date): Promise<void>;
}

export interface MailParserPort {
  parse(raw: Readable, options: ParseMailOptions): Promise<ParsedMail>;
}

// ── the staff side ──────────────────────────────────────────────────────────
/*
 * What the staff admin UI needs from storage beyond the ports above. The DynamoDB adapter is
 * the stores in functions/adapters/dynamo/ (staff-directory, ticket-changes, client-directory, unmatched).
 */

/** Everything one staff action on a ticket writes, all or nothing. */
export interface TicketChange {
  ticket: number;
  at: string;
  /** Fields set on the ticket; a status also moves the ticket's GSI2 key. `assignee: null` removes it. */
  set?: { status?: Status; assignee?: string | null; quote?: Quote; resolvedAt?: string };
  /** This change e-mails the client as staff: stamps the ticket's `firstResponseAt` unless it has one. */
  firstResponseAt?: string;
  /** What places the ticket in its queue tab when the status changes (the ticket as read). */
  order: QueueOrder;
  /** Applied only while the ticket still has the status it was read with (two people acting at once). */
  expectStatus?: Status;
  /**
   * Applied only while the ticket's quote is still the one it was read with (`quoteVersion`: 0 for
   * none), so two quotes proposed at once never get the same version.
   */
  expectQuoteVersion?: number;
  events: HistoryEvent[];
  outbox?: OutboxMail;
  attachments?: Attachment[];
  /** Adds a sender to the known addresses of the ticket's client. */
  knownEmail?: { ico: string; email: string };
}

/** What a ticket's place in its queue tab follows besides its status (both never change). */
export type QueueOrder = Pick<Ticket, 'category' | 'createdAt'>;

export interface StaffUpdate {
  set?: Partial<Omit<Staff, 'email' | 'createdAt'>>;
  remove?: Array<'totpSecret' | 'totpPendingSecret' | 'totpLastStep'>;
}

export interface StaffDirectoryStore {
  listStaff(): Promise<Staff[]>;
  updateStaff(email: string, update: StaffUpdate): Promise<void>;
  /** Records a used TOTP step; false when that step (or a later one) was already used. */
  useTotpStep(email: string, step: number): Promise<boolean>;
}

/** What narrows a queue list (rows that do not match are skipped as the page is read). */
export interface QueueRowFilter {
  category?: string | undefined;
  ico?: string | undefined;
  /** An assignee's e-mail, or `-` for tickets nobody is assigned. */
  worker?: string | undefined;
}

/** The statuses that have a tab of their own; the `closed` tab holds cancelled tickets too. */
export type TabStatus = Exclude<Status, 'cancelled'>;

export interface QueueStore {
  /** A tab's tickets in its order (open ones express first, then oldest first; resolved and closed newest first), a page. */
  listTab(status: TabStatus, page: PageRequest, filter: QueueRowFilter): Promise<Page<Ticket>>;
  /** A person's open work (*Moje*) from the assignee index, express first, then oldest first, a page. */
  listOpenWork(email: string, page: PageRequest, filter: QueueRowFilter): Promise<Page<Ticket>>;
  /** How many open tickets the assignee index lists for the person (reads that index partition only). */
  countOpenWork(email: string): Promise<number>;
  /** The tickets per status (one item read, core/tickets/ticket-index.ts). */
  ticketCounts(): Promise<StatusCounts>;
  clearAttention(ticket: number): Promise<void>;
  /** Throws StaffError 409 `conflict` when the ticket is gone or its status moved on. */
  applyTicketChange(change: TicketChange): Promise<void>;
}

/** The billing defaults (one item) and each client's billing terms. */
export interface BillingStore {
  getBillingSettings(): Promise<BillingSettings | undefined>;
  putBillingSettings(settings: BillingSettings): Promise<void>;
  /** False when the client has no account. */
  setClientBilling(ico: string, billing: ClientBilling): Promise<boolean>;
  /** The tickets the month index lists for a month (those resolved in it), by number. */
  billedTickets(month: string): Promise<Ticket[]>;
}

/** A ticket's work log: each write one transaction with its history event. */
export interface WorkLogStore {
  listWork(ticket: number): Promise<WorkEntry[]>;
  getWork(ticket: number, id: string): Promise<WorkEntry | undefined>;
  putWork(entry: WorkEntry, event: HistoryEvent): Promise<void>;
  /** False when the entry is gone, is someone else's, or is no longer at `expectVersion`. */
  replaceWork(entry: WorkEntry, expectVersion: number, event: HistoryEvent): Promise<boolean>;
  /** False when the entry is gone or changed since `entry` was read. */
  deleteWork(entry: WorkEntry, event: HistoryEvent): Promise<boolean>;
}

export interface ClientDirectoryStore {
  /** A page of the clients by name; with `keep`, only those it keeps (at most 1,000 read for a page, which may then be short). */
  pageClients(page: PageRequest, keep?: (client: Client) => boolean): Promise<Page<Client>>;
}

export interface AccessDecision {
  state: 'approved' | 'rejected';
  decidedBy: string;
  decidedAt: string;
  verifiedVia?: string;
  verificationNote?: string;
  rejectReason?: string;
}
export type DecidedAccessRequest = AccessRequest & Partial<Omit<AccessDecision, 'state'>>;

export interface AccessRequestAdminStore {
  /** A page of the requests in a state, newest first. */
  pageAccessRequests(state: AccessRequest['state'], page: PageRequest): Promise<Page<DecidedAccessRequest>>;
  getAccessRequest(id: string): Promise<DecidedAccessRequest | undefined>;
  /** False when the request was decided already. */
  decideAccessRequest(id: string, decision: AccessDecision): Promise<boolean>;
  /**
   * The approval and the new client account in one transaction: both are written, or neither
   * (the request was decided meanwhile, or the IČO got an account meanwhile).
   */
  approveAccessRequest(
    id: string,
    decision: AccessDecision & { state: 'approved' },
    client: Client,
  ): Promise<'approved' | 'already_decided' | 'client_exists'>;
}

export interface UnmatchedHandling {
  state: 'attached' | 'discarded';
  handledBy: string;
  handledAt: string;
  attachedTo?: number;
  discardReason?: string;
}
export type HandledUnmatchedMail = UnmatchedMail & Partial<Omit<UnmatchedHandling, 'state'>>;

export interface UnmatchedStore {
  /** A page of the open unmatched mail, newest first. */
  pageOpenUnmatched(page: PageRequest): Promise<Page<UnmatchedMail>>;
  getUnmatched(id: string): Promise<HandledUnmatchedMail | undefined>;
  /** Marks the mail handled and, when attaching, writes the ticket change in the same transaction; false if it was handled already. */
  handleUnmatched(id: string, handling: UnmatchedHandling, change?: TicketChange): Promise<boolean>;
}

export interface FailedMailStore {
  /** A page of the outbound mail that failed for good, the latest failure first. */
  pageFailedOutbox(page: PageRequest): Promise<Page<OutboxMail>>;
  /** Puts a failed mail back in the queue (the stream-driven mailer sends it); false when it is not failed any more. */
  /** Back to pending; `event` (a note on the ticket) is written with it, none for an alert to staff. */
  requeueOutbox(ticket: number, id: string, now: string, event?: HistoryEvent): Promise<boolean>;
}

/** What waits for staff outside the queue, for the navigation badges. */
export interface InboxCounts {
  accessRequests: number;
  unmatched: number;
  failedMail: number;
}
export interface InboxCountStore {
  countInboxes(): Promise<InboxCounts>;
}

export type AdminStore = StaffDirectoryStore &
  QueueStore &
  ClientDirectoryStore &
  AccessRequestAdminStore &
  UnmatchedStore &
  FailedMailStore &
  InboxCountStore;
