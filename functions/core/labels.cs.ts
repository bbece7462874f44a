import type { OutboxState, UnmatchedReason } from './model';
import type { Status } from './model';

/**
 * Staff's names for the core's states (ticket status, outbox state, why mail went unmatched), for
 * the admin UI and the alerts staff get by mail. They live in the core, not in functions/shared,
 * because they are typed by the core's unions: a new state without a label fails the type check.
 */

/** Ticket statuses as staff name them (the client-facing wording is in messages.cs.ts). */
export const staffStatusLabels: Record<Status, string> = {
  new: 'nový',
  assigned: 'přidělený',
  'waiting-for-client': 'čeká na klienta',
  quoted: 'nabídnuta cena',
  agreed: 'dohodnuto',
  'in-progress': 'v řešení',
  resolved: 'vyřešený',
  closed: 'uzavřený',
  cancelled: 'zrušený',
};

export const unmatchedReasonLabels: Record<UnmatchedReason, string> = {
  spam: 'označeno jako spam',
  auth_failed: 'neprošlo ověřením odesílatele (SPF/DKIM/DMARC)',
  no_ticket: 'nelze přiřadit k požadavku (chybí odkaz na požadavek)',
  unknown_ticket: 'odkazuje na neexistující požadavek',
  sender_not_allowed: 'odesílatel není kontaktem klienta',
  automatic: 'automatická odpověď nebo zpráva o nedoručení',
  alert_reply: 'odpověď na upozornění pro pracovníky, ne od pracovníka (k požadavku se nezařazuje)',
};

export const outboxStateLabels: Record<OutboxState, string> = {
  pending: 'čeká na odeslání',
  sending: 'odesílá se',
  retry: 'odeslání se opakuje',
  sent: 'odesláno',
  failed: 'nedoručeno',
};
