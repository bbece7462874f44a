import type { AlertPreferences } from './alerts/kinds';

/** The request categories and ticket statuses the API, the admin UI and the data share. */
export const categories = [
  'service',
  'service-express',
  'website',
  'mailbox-create',
  'mailbox-cancel',
  'mailbox-forwarding',
  'domain',
  'webspace-access',
  'information-system',
  'other',
] as const;

export type Category = (typeof categories)[number];

export const statuses = [
  'new',
  'assigned',
  'waiting-for-client',
  'quoted',
  'agreed',
  'in-progress',
  'resolved',
  'closed',
  'cancelled',
] as const;

export type Status = (typeof statuses)[number];

/** Statuses of work still to do (the queue's open tabs, *Moje*); `resolved`, `closed`, `cancelled` are done. */
export const OPEN_STATUSES: readonly Status[] = ['new', 'assigned', 'waiting-for-client', 'quoted', 'agreed', 'in-progress'];
export const isOpenStatus = (s: Status) => OPEN_STATUSES.includes(s);

/**
 * A mail written out in full (text and HTML, every header that matters) but not yet MIME-encoded:
 * the mailer encodes it when it sends (adapters/mime-composer.ts), which keeps the MIME library out
 * of the request path and stamps the Date header at sending time.
 */
export interface OutgoingMessage {
  from: { name: string; address: string };
  to: string[];
  replyTo: string;
  subject: string;
  messageId: string; // without angle brackets
  inReplyTo?: string;
  references?: string[];
  text: string;
  html: string;
  /** Extra headers (Auto-Submitted on automatic mail); absent, not empty, when there are none. */
  headers?: Record<string, string>;
}

/** The domain's records, as the stores hand them over (storage keys are the adapters' business). */

export interface Client {
  ico: string;
  name: string;
  passwordHash?: string;
  mustChangePassword: boolean;
  knownEmails: string[];
  lastContactEmail?: string;
  disabled: boolean;
  createdAt: string;
  /** How the client is billed (docs/billing.md); what is not set comes from the billing settings. */
  billing?: ClientBilling;
}

export interface ClientBilling {
  /** Haléře an hour of billable work. */
  hourlyRate?: number;
  /** VAT in percent: 21, 12, or 0 for the reverse charge (přenesená daňová povinnost). */
  vatRate?: 21 | 12 | 0;
  /** The client's VAT number (DIČ), e.g. CZ27082440, for the invoice. */
  dic?: string;
}

/** The defaults of billing, one settings item (admins edit it at /admin/settings). */
export interface BillingSettings {
  hourlyRate: number;
  vatRate: 21 | 12 | 0;
  updatedBy?: string;
  updatedAt?: string;
}

export interface Staff {
  email: string;
  name: string;
  role: 'admin' | 'worker';
  passwordHash: string;
  active: boolean;
  createdAt: string;
  /** Set when an administrator handed over a temporary password (admin UI). */
  mustChangePassword?: boolean;
  /** RFC 6238 second factor: base32 secret once confirmed, the last step used (no replay), whether required. */
  totpSecret?: string;
  totpPendingSecret?: string;
  totpLastStep?: number;
  totpRequired?: boolean;
  /** Which alerts this person gets and how (core/alerts/kinds.ts); a kind left out comes at once. */
  alerts?: AlertPreferences;
}

export type SessionSubject =
  | { kind: 'client'; ico: string; name: string }
  | { kind: 'staff'; email: string; name: string; role: Staff['role'] };

export interface Session {
  tokenHash: string;
  subject: SessionSubject;
  mustChangePassword: boolean;
  createdAt: string;
  expiresAt: number; // epoch seconds (DynamoDB TTL)
}

export interface Quote {
  /**
   * Which proposal on the ticket this is: 1 for the first, one more for each new one. A client's
   * answer names it, so an answer to a quote that was replaced meanwhile is refused. Quotes stored
   * before versions existed have none and count as 1 (`quoteVersion`).
   */
  version?: number;
  price: number;
  vat: 'with' | 'without';
  deadline: string;
  note?: string;
  state: 'proposed' | 'accepted' | 'declined';
}

/** The version of a ticket's quote: 0 when there is none, 1 for one stored without a version. */
export const quoteVersion = (quote: Quote | undefined): number => (quote ? (quote.version ?? 1) : 0);

/** What a ticket has due next (core/deadlines/due.ts): the first response, or the agreed deadline. */
export type DueKind = 'first-response' | 'agreed';

export interface Due {
  kind: DueKind;
  /** ISO 8601, UTC. */
  at: string;
}

export interface Ticket {
  number: number;
  ico: string;
  clientName: string;
  contactEmail: string;
  category: Category;
  subject: string;
  description: string;
  status: Status;
  assignee?: string;
  quote?: Quote;
  /** A client's message arrived that no staff member has looked at yet (set by inbound mail). */
  attention?: boolean;
  /** When the first answer is due, in Czech business time (core/deadlines), stamped when the ticket is filed. */
  firstResponseDue?: string;
  /** When staff first e-mailed the client (a reply or a quote); set once. */
  firstResponseAt?: string;
  /** When the ticket was last marked resolved. */
  resolvedAt?: string;
  /** What is due as the table's due index last recorded it (kept from the stream; core/deadlines/due.ts). */
  due?: Due;
  /** The status the queue's counts hold the ticket under (kept from the stream; core/tickets/ticket-index.ts). */
  counted?: Status;
  /** Whose open work lists the ticket (*Moje*), as the assignee index recorded it (kept from the stream). */
  listedFor?: string;
  /** The month (YYYY-MM, Prague) whose statement lists the ticket, as the billing index recorded it (kept from the stream). */
  billMonth?: string;
  createdAt: string;
  updatedAt: string;
}

export type Actor =
  | { kind: 'client'; ico: string }
  | { kind: 'staff'; email: string; name: string }
  | { kind: 'system' }
  | { kind: 'email'; from: string };

/** Every kind of history event; what each carries in `data` is worded by whoever shows it (admin in Czech, the portal in its language). */
export const EVENT_TYPES = [
  'created',
  'email-out',
  'email-in',
  'message',
  'note',
  'status',
  'assignment',
  'quote',
  'acceptance',
  'delivery',
  'work',
] as const;

export interface HistoryEvent {
  id: string;
  ticket: number;
  type: (typeof EVENT_TYPES)[number];
  at: string;
  actor: Actor;
  text?: string;
  subject?: string;
  status?: Status;
  outboxId?: string;
  attachmentIds?: string[];
  data?: Record<string, unknown>;
}

/** One entry of a ticket's work log (staff only, never shown to clients; docs/billing.md). */
export interface WorkEntry {
  id: string;
  ticket: number;
  /** The day the work was done, YYYY-MM-DD (Europe/Prague). */
  date: string;
  minutes: number;
  description: string;
  billable: boolean;
  /** Who did the work and logged it: only they may change the entry. */
  by: string;
  byName: string;
  createdAt: string;
  updatedAt: string;
  /** 1 when logged, one more with every edit (two edits at once: the second is refused). */
  version: number;
}

export interface Attachment {
  id: string;
  ticket: number;
  s3Key: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  source: string; // inbound SES messageId or "staff-upload"
  createdAt: string;
}

export type OutboxState = 'pending' | 'sending' | 'retry' | 'sent' | 'failed';

export interface OutboxMail {
  id: string;
  ticket: number;
  kind: 'confirmation' | 'staff-reply' | 'quote' | 'notification' | 'alert' | 'digest';
  messageId: string; // without angle brackets
  to: string[];
  subject: string;
  message: OutgoingMessage; // written out in full; MIME-encoded when sent
  state: OutboxState;
  attempts: number;
  dueAt: string; // when the next send attempt is due (pending/retry) or the lease ends (sending)
  lastError?: string;
  sesMessageId?: string;
  createdAt: string;
  sentAt?: string;
  /** The last delivery report SES sent about it. */
  delivery?: { kind: 'delivered' | 'bounced' | 'complained' | 'delayed' | 'rejected'; at: string; detail?: string };
}

export interface AccessRequest {
  id: string;
  ico: string;
  companyName: string;
  contactName: string;
  email: string;
  phone?: string;
  note?: string;
  state: 'open' | 'approved' | 'rejected';
  sourceIp?: string;
  createdAt: string;
}

export type UnmatchedReason =
  | 'spam' // SES spam verdict FAIL
  | 'auth_failed' // SPF and DKIM both FAIL, or DMARC FAIL under a quarantine/reject policy
  | 'no_ticket' // no token, known Message-ID or subject tag
  | 'unknown_ticket' // it names a ticket that does not exist
  | 'sender_not_allowed' // the ticket exists, but the sender is neither its contact nor a known address of its client
  | 'automatic' // an auto-reply or bounce that could not be tied to a ticket by its sender
  | 'alert_reply'; // an answer to an alert to staff that did not come to its note address from staff

/** A mail's attachments past the per-mail limit: how many came, how many were stored, and the limit. */
export interface AttachmentsNotFiled {
  received: number;
  filed: number;
  limit: number;
}

export interface UnmatchedMail {
  id: string;
  sesMessageId: string;
  rawKey: string;
  reason: UnmatchedReason;
  candidateTicket?: number;
  from?: string;
  subject: string;
  receivedAt: string;
  textPreview: string;
  attachments: Attachment[]; // stored but linked to no ticket until staff attach the mail
  /** Set when the mail held more attachments than one mail may file: the rest are only in the raw mail. */
  attachmentsNotFiled?: AttachmentsNotFiled;
  virus: boolean;
  state: 'open' | 'attached' | 'discarded';
}
