import type { Reminder } from '../deadlines/due';
import type { AccessRequest, HistoryEvent, OutboxMail, UnmatchedMail } from '../model';
import type { AlertKind } from './kinds';

/**
 * Something staff are told about, taken from what the desk wrote: a history event of a ticket, a
 * new access request or unmatched mail, a mail that failed for good. `key` names the occurrence (a
 * stream record delivered twice yields the same key, so it is alerted once); `ticket` is 0 for
 * what belongs to no ticket.
 */
export interface AlertTrigger {
  kind: AlertKind;
  key: string;
  ticket: number;
  at: string;
  /** The staff member who did it: never told about it. */
  actorEmail?: string;
  /** For an assignment: who got the ticket. */
  assignee?: string;
  /** For a mail problem: the address that failed, so the alert names it. */
  detail?: string;
  /** The new text (a reply, a request), cut to 500 characters when the mail is written. */
  text?: string;
  subject?: string;
  /** The facts the alert line is worded from. */
  facts: Record<string, string | number | boolean | undefined>;
}

const BOUNCES = new Set(['bounced', 'complained', 'rejected']);

/** Mail of the alerts themselves: their own failures must not raise more alerts. */
export const isAlertMailId = (outboxId: string | undefined) => !!outboxId && /^(alert|digest)-/.test(outboxId);

export function triggerFromEvent(e: HistoryEvent): AlertTrigger | undefined {
  const base = { key: `event#${e.id}`, ticket: e.ticket, at: e.at, ...(e.actor.kind === 'staff' && { actorEmail: e.actor.email }) };
  switch (e.type) {
    case 'created':
      return { ...base, kind: 'new-request', ...(e.text !== undefined && { text: e.text }), facts: {} };
    case 'email-in': {
      if (e.data?.fromStaff === true) return undefined;
      const from = e.actor.kind === 'email' ? e.actor.from : undefined;
      return {
        ...base,
        kind: 'client-mail',
        ...(e.text !== undefined && { text: e.text }),
        ...(e.subject !== undefined && { subject: e.subject }),
        facts: { from, automatic: e.data?.automatic === true, attachments: e.attachmentIds?.length ?? 0 },
      };
    }
    case 'assignment': {
      const to = typeof e.data?.to === 'string' ? e.data.to : undefined;
      if (!to) return undefined;
      return { ...base, kind: 'assigned', assignee: to, facts: { by: e.actor.kind === 'staff' ? e.actor.name : undefined } };
    }
    case 'acceptance':
      return {
        ...base,
        kind: 'quote-answer',
        facts: {
          accepted: e.data?.accepted === true,
          price: e.data?.price as number | undefined,
          vat: e.data?.vat as string | undefined,
          deadline: e.data?.deadline as string | undefined,
        },
      };
    case 'delivery': {
      const kind = String(e.data?.kind ?? '');
      if (!BOUNCES.has(kind) || isAlertMailId(e.outboxId)) return undefined;
      const recipients = Array.isArray(e.data?.recipients) ? (e.data.recipients as string[]).join(', ') : undefined;
      return {
        ...base,
        kind: 'mail-problem',
        facts: { problem: kind, recipients, detail: typeof e.data?.detail === 'string' ? e.data.detail : undefined },
      };
    }
    default:
      return undefined;
  }
}

/** A mail that failed after every retry (the outbox item turned `failed`). */
export function triggerFromFailedMail(m: OutboxMail, failedAt: string): AlertTrigger | undefined {
  if (isAlertMailId(m.id)) return undefined;
  return {
    kind: 'mail-problem',
    key: `failed#${m.ticket}#${m.id}#${failedAt}`,
    ticket: m.ticket,
    at: failedAt,
    facts: { problem: 'failed', recipients: m.to.join(', '), detail: m.lastError?.slice(0, 300), attempts: m.attempts },
  };
}

export function triggerFromAccessRequest(r: AccessRequest): AlertTrigger {
  return {
    kind: 'access-request',
    key: `access#${r.id}`,
    ticket: 0,
    at: r.createdAt,
    ...(r.note && { text: r.note }),
    facts: { id: r.id, ico: r.ico, company: r.companyName, contact: r.contactName, email: r.email, phone: r.phone },
  };
}

/** A deadline reminder the sweep found due: once per ticket, due and threshold, however often it is found. */
export function triggerFromReminder(ticket: number, r: Reminder, now: Date): AlertTrigger {
  return {
    kind: 'deadline',
    key: `deadline#${ticket}#${r.kind}#${r.at}#${r.threshold}`,
    ticket,
    at: now.toISOString(),
    facts: { due: r.kind, threshold: r.threshold, dueAt: r.at },
  };
}

/** Unmatched mail other than spam (which SES already judged; it waits in the list without a word). */
export function triggerFromUnmatched(m: UnmatchedMail): AlertTrigger | undefined {
  if (m.reason === 'spam') return undefined;
  return {
    kind: 'unmatched-mail',
    key: `unmatched#${m.id}`,
    ticket: 0,
    at: m.receivedAt,
    subject: m.subject,
    facts: { id: m.id, from: m.from, reason: m.reason, candidate: m.candidateTicket },
  };
}
