import type { Client, Ticket, UnmatchedReason } from '../model';
import { ticketFromNoteAddress, ticketFromReplyAddress } from '../mail-out/reply-token';

/**
 * Which ticket an incoming mail belongs to (docs/email.md, steps 2–4), as pure decisions:
 * the verdicts first, then the ticket by reply token › known Message-ID › subject tag, and then the
 * sender check, so that no ticket gets mail from anyone but its contact, its client or staff.
 */
export interface Verdicts {
  spam: string;
  virus: string;
  spf: string;
  dkim: string;
  dmarc: string;
  dmarcPolicy?: string;
}

export function verdictProblem(v: Verdicts): UnmatchedReason | undefined {
  if (v.spam === 'FAIL') return 'spam';
  if (v.spf === 'FAIL' && v.dkim === 'FAIL') return 'auth_failed';
  if (v.dmarc === 'FAIL' && ['QUARANTINE', 'REJECT'].includes((v.dmarcPolicy ?? '').toUpperCase())) return 'auth_failed';
  return undefined;
}

export type TicketClue = { ticket: number; via: 'token' | 'message-id' | 'subject-tag' };

const SUBJECT_TAG = /\[Softech #(\d{1,12})\]/i;

export function ticketFromSubject(subject: string): number | undefined {
  const match = SUBJECT_TAG.exec(subject);
  return match ? Number(match[1]) : undefined;
}

export function ticketFromRecipients(recipients: string[], secret: string, domain: string): number | undefined {
  for (const r of recipients) {
    const n = ticketFromReplyAddress(secret, r, domain);
    if (n !== undefined) return n;
  }
  return undefined;
}

/** The sender may write to the ticket: its contact, any known address of its client, or staff. */
export function senderAllowed(sender: string | undefined, ticket: Ticket, client: Client | undefined, isStaff: boolean): boolean {
  if (!sender) return false;
  const s = sender.trim().toLowerCase();
  if (isStaff) return true;
  if (s === ticket.contactEmail.toLowerCase()) return true;
  return !!client && !client.disabled && client.knownEmails.some((e) => e.toLowerCase() === s);
}

/** Statuses a client's reply brings back into the queue. Cancelled stays cancelled (staff are alerted). */
export function statusAfterClientReply(ticket: Ticket): Ticket['status'] | undefined {
  if (!['waiting-for-client', 'resolved', 'closed'].includes(ticket.status)) return undefined;
  return ticket.assignee ? 'assigned' : 'new';
}

/** The ticket a staff-note address among the recipients proves (a reply to an alert), if any. */
export function noteTicketFromRecipients(recipients: string[], secret: string, domain: string): number | undefined {
  for (const r of recipients) {
    const n = ticketFromNoteAddress(secret, r, domain);
    if (n !== undefined) return n;
  }
  return undefined;
}

/** Message-IDs of our alerts and digests to staff (`alert-…@<domain>`, `digest-…`): a mail answering one is a reply to an alert. */
export function answersAnAlert(ids: Array<string | undefined>, domain: string): boolean {
  const ours = new RegExp(`^<?(alert|digest)-[a-z0-9-]+@${domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}>?$`, 'i');
  return ids.some((id) => !!id && ours.test(id.trim()));
}
