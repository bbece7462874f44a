import type { AccessRequest, Attachment, Client, HistoryEvent, OutboxMail, Quote, Staff, Ticket, UnmatchedMail } from './model';
import type { Status } from './schemas';

/**
 * What the staff admin UI needs from storage beyond the ports in ports.ts. The DynamoDB adapter is
 * functions/adapters/dynamo-admin-store.ts.
 */

/** Everything one staff action on a ticket writes, all or nothing. */
export interface TicketChange {
  ticket: number;
  at: string;
  /** Fields set on the ticket; a status also moves the ticket's GSI2 key. `assignee: null` removes it. */
  set?: { status?: Status; assignee?: string | null; quote?: Quote };
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

export interface QueueStore {
  listTicketsByStatus(status: Status, limit: number): Promise<Ticket[]>;
  countTicketsByStatus(status: Status): Promise<number>;
  clearAttention(ticket: number): Promise<void>;
  /** Throws StaffError 409 `conflict` when the ticket is gone or its status moved on. */
  applyTicketChange(change: TicketChange): Promise<void>;
}

export interface ClientDirectoryStore {
  listClients(limit: number): Promise<Client[]>;
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
  listAccessRequests(state: AccessRequest['state'], limit: number): Promise<DecidedAccessRequest[]>;
  getAccessRequest(id: string): Promise<DecidedAccessRequest | undefined>;
  /** False when the request was decided already. */
  decideAccessRequest(id: string, decision: AccessDecision): Promise<boolean>;
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
  listOpenUnmatched(limit: number): Promise<UnmatchedMail[]>;
  getUnmatched(id: string): Promise<HandledUnmatchedMail | undefined>;
  /** Marks the mail handled and, when attaching, writes the ticket change in the same transaction; false if it was handled already. */
  handleUnmatched(id: string, handling: UnmatchedHandling, change?: TicketChange): Promise<boolean>;
}

export interface FailedMailStore {
  listFailedOutbox(limit: number): Promise<OutboxMail[]>;
  /** Puts a failed mail back in the queue (the stream-driven mailer sends it); false when it is not failed any more. */
  requeueOutbox(ticket: number, id: string, now: string, event: HistoryEvent): Promise<boolean>;
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
