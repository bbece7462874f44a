import type { Due, DueKind, Ticket } from '../model';
import { addBusinessMinutes, CZECH_BUSINESS_TIME, subtractBusinessMinutes, type BusinessCalendar } from './business-time';
import { agreedDueAt } from './deadline-state';

/**
 * What a ticket has due next, and when staff are reminded of it (docs/alerts.md "Deadlines").
 *
 * A ticket has at most one thing due at a time: the first response until staff first e-mail the
 * client, then, once a quote is accepted, the agreed deadline (17:00 Prague of its day) until the
 * ticket is resolved. A resolved, closed or cancelled ticket has nothing due. The table keeps it in
 * an index on due time (the queue's *Po termínu* and *Blíží se termín* tabs) and keeps a reminder
 * entry whose time is the next reminder's, so the sweep reads only what it must remind of.
 */
export type { Due, DueKind };

const BUSINESS_DAY_MINUTES = CZECH_BUSINESS_TIME.closesAt - CZECH_BUSINESS_TIME.opensAt;

/** Reminders come this much business time before what is due (issue #14: 1 business hour, 1 business day). */
export const REMINDER_LEAD_MINUTES: Record<DueKind, number> = { 'first-response': 60, agreed: BUSINESS_DAY_MINUTES };

/** The queue's *Blíží se termín*: due within 4 business hours, an agreed deadline within 1 business day. */
export const DUE_SOON_MINUTES: Record<DueKind, number> = { 'first-response': 4 * 60, agreed: BUSINESS_DAY_MINUTES };

export const DUE_KINDS: readonly DueKind[] = ['first-response', 'agreed'];

const FINISHED: ReadonlySet<Ticket['status']> = new Set(['resolved', 'closed', 'cancelled']);

/** What the ticket has due now, if anything. */
export function dueOf(
  t: Pick<Ticket, 'status' | 'firstResponseDue' | 'firstResponseAt' | 'quote'>,
  cal: BusinessCalendar = CZECH_BUSINESS_TIME,
): Due | undefined {
  if (FINISHED.has(t.status)) return undefined;
  if (t.firstResponseDue && !t.firstResponseAt) return { kind: 'first-response', at: new Date(t.firstResponseDue).toISOString() };
  if (t.quote?.state === 'accepted') return { kind: 'agreed', at: agreedDueAt(t.quote.deadline, cal).toISOString() };
  return undefined;
}

export const sameDue = (a: Due | undefined, b: Due | undefined) => a?.kind === b?.kind && a?.at === b?.at;

/** `soon`: the lead time before the due time has begun; `overdue`: the due time has passed. */
export type Threshold = 'soon' | 'overdue';

export interface Reminder extends Due {
  threshold: Threshold;
  /** When to send it (ISO 8601, UTC). */
  remindAt: string;
}

/** When a due's `soon` reminder falls: its lead time of business time before it. */
export function soonAt(due: Due, cal: BusinessCalendar = CZECH_BUSINESS_TIME): Date {
  return subtractBusinessMinutes(new Date(due.at), REMINDER_LEAD_MINUTES[due.kind], cal);
}

/**
 * The first reminder of a due that has just become the ticket's: `soon` at its time (or now, when
 * the due came already inside its lead time), `overdue` at the due time when that has passed too.
 */
export function firstReminder(due: Due, now: Date, cal: BusinessCalendar = CZECH_BUSINESS_TIME): Reminder {
  if (now.getTime() >= new Date(due.at).getTime()) return { ...due, threshold: 'overdue', remindAt: now.toISOString() };
  const soon = soonAt(due, cal);
  return { ...due, threshold: 'soon', remindAt: (soon.getTime() > now.getTime() ? soon : now).toISOString() };
}

/** The reminder after this one: `overdue` at the due time after `soon`; none after `overdue`. */
export function nextReminder(r: Reminder): Reminder | undefined {
  if (r.threshold === 'overdue') return undefined;
  return { kind: r.kind, at: r.at, threshold: 'overdue', remindAt: r.at };
}

/** The due-time ranges of the queue's two deadline tabs, as ISO bounds of the index. */
export function dueWindows(now: Date, cal: BusinessCalendar = CZECH_BUSINESS_TIME) {
  const from = now.toISOString();
  return {
    overdue: DUE_KINDS.map((kind) => ({ kind, range: { before: from } })),
    dueSoon: DUE_KINDS.map((kind) => ({
      kind,
      range: { from, through: addBusinessMinutes(now, DUE_SOON_MINUTES[kind], cal).toISOString() },
    })),
  };
}
