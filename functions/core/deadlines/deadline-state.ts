import { TZDate } from '@date-fns/tz';
import type { Ticket } from '../model';
import { businessMinutesBetween, CZECH_BUSINESS_TIME, type BusinessCalendar } from './business-time';

/**
 * Where a ticket stands with its two deadlines (docs/data-model.md): the first response (due time
 * stamped at filing, met by the first staff e-mail) and the agreed deadline (the day of the accepted
 * quote, due at closing time of that day, met by resolving the ticket). Distances are in business
 * time, worded as staff read them: "zbývá 3 h", "po termínu 2 pracovní dny".
 */
export type DeadlineState =
  | { state: 'open'; due: Date; businessMinutesLeft: number }
  | { state: 'late'; due: Date; businessMinutesLate: number }
  | { state: 'met' | 'missed'; due: Date; at: Date };

/** The agreed deadline (a calendar day) as a moment: that day's closing time in Prague. */
export function agreedDueAt(deadline: string, cal: BusinessCalendar = CZECH_BUSINESS_TIME): Date {
  const [y, m, d] = deadline.split('-').map(Number);
  return new Date(new TZDate(y!, m! - 1, d!, Math.floor(cal.closesAt / 60), cal.closesAt % 60, cal.timeZone).getTime());
}

function stateOf(due: Date, doneAt: string | undefined, now: Date, cal: BusinessCalendar): DeadlineState {
  if (doneAt) {
    const at = new Date(doneAt);
    return { state: at.getTime() <= due.getTime() ? 'met' : 'missed', due, at };
  }
  const left = businessMinutesBetween(now, due, cal);
  return now.getTime() <= due.getTime()
    ? { state: 'open', due, businessMinutesLeft: left }
    : { state: 'late', due, businessMinutesLate: -left };
}

export function firstResponseState(t: Pick<Ticket, 'firstResponseDue' | 'firstResponseAt'>, now: Date, cal = CZECH_BUSINESS_TIME) {
  return t.firstResponseDue ? stateOf(new Date(t.firstResponseDue), t.firstResponseAt, now, cal) : undefined;
}

/** The agreed deadline's state; none until a quote is accepted. Resolving meets it (the last resolution counts). */
export function agreedDeadlineState(t: Pick<Ticket, 'quote' | 'resolvedAt' | 'status'>, now: Date, cal = CZECH_BUSINESS_TIME) {
  if (t.quote?.state !== 'accepted') return undefined;
  const done = ['resolved', 'closed'].includes(t.status) ? t.resolvedAt : undefined;
  return stateOf(agreedDueAt(t.quote.deadline, cal), done, now, cal);
}

const BUSINESS_DAY_MINUTES = CZECH_BUSINESS_TIME.closesAt - CZECH_BUSINESS_TIME.opensAt;

/** "45 min", "3 h", "1 pracovní den", "2 pracovní dny", "5 pracovních dnů" (business time). */
export function businessDistance(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m} min`;
  if (m < BUSINESS_DAY_MINUTES) return `${Math.floor(m / 60)} h`;
  const days = Math.floor(m / BUSINESS_DAY_MINUTES);
  return `${days} ${days === 1 ? 'pracovní den' : days < 5 ? 'pracovní dny' : 'pracovních dnů'}`;
}

/** The words for a state: "zbývá 3 h", "po termínu 2 pracovní dny", "v termínu", "po termínu". */
export function deadlineWords(s: DeadlineState): string {
  switch (s.state) {
    case 'open':
      return `zbývá ${businessDistance(s.businessMinutesLeft)}`;
    case 'late':
      return `po termínu ${businessDistance(s.businessMinutesLate)}`;
    case 'met':
      return 'v termínu';
    case 'missed':
      return 'po termínu';
  }
}
