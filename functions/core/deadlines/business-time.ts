import { TZDate } from '@date-fns/tz';
import { easter } from 'date-easter';

/**
 * Czech business time: the hours in which Softech's people work and against which response targets
 * and agreed deadlines are measured. Everything about it is set here, in one place.
 *
 * Wall-clock times are taken in Europe/Prague through @date-fns/tz, so a target that crosses a
 * daylight-saving change keeps its business hours (the change happens at night, outside them).
 */
export interface BusinessCalendar {
  timeZone: string;
  /** Opening and closing time of a business day, minutes after midnight local time. */
  opensAt: number;
  closesAt: number;
  /** Working days of the week, 0 = Sunday … 6 = Saturday. */
  workdays: readonly number[];
  /** Public holidays of a year as `MM-DD` local dates. */
  holidays: (year: number) => ReadonlySet<string>;
}

/** Fixed public holidays (zákon č. 245/2000 Sb., o státních svátcích … a o dnech pracovního klidu). */
const FIXED_HOLIDAYS = ['01-01', '05-01', '05-08', '07-05', '07-06', '09-28', '10-28', '11-17', '12-24', '12-25', '12-26'];

const pad = (n: number) => String(n).padStart(2, '0');
const monthDay = (month: number, day: number) => `${pad(month)}-${pad(day)}`;

const holidayCache = new Map<number, ReadonlySet<string>>();

/** The Czech public holidays of a year: the fixed ones, Good Friday and Easter Monday (Gregorian Easter). */
export function czechHolidays(year: number): ReadonlySet<string> {
  let days = holidayCache.get(year);
  if (!days) {
    const sunday = easter(year);
    const at = (offset: number) => {
      const d = new Date(Date.UTC(year, sunday.month - 1, sunday.day + offset));
      return monthDay(d.getUTCMonth() + 1, d.getUTCDate());
    };
    days = new Set([...FIXED_HOLIDAYS, at(-2), at(1)]);
    holidayCache.set(year, days);
  }
  return days;
}

/** Monday–Friday 8:00–17:00 Europe/Prague, Czech public holidays off. */
export const CZECH_BUSINESS_TIME: BusinessCalendar = {
  timeZone: 'Europe/Prague',
  opensAt: 8 * 60,
  closesAt: 17 * 60,
  workdays: [1, 2, 3, 4, 5],
  holidays: czechHolidays,
};

const MINUTE = 60_000;

/** A local calendar day of the calendar's time zone. */
interface LocalDay {
  year: number;
  month: number; // 1–12
  day: number;
}

function localDayOf(at: Date, cal: BusinessCalendar): LocalDay & { minute: number; weekday: number } {
  const local = new TZDate(at.getTime(), cal.timeZone);
  return {
    year: local.getFullYear(),
    month: local.getMonth() + 1,
    day: local.getDate(),
    minute: local.getHours() * 60 + local.getMinutes() + local.getSeconds() / 60 + local.getMilliseconds() / MINUTE,
    weekday: local.getDay(),
  };
}

/** The instant of a local wall-clock time on a local day. */
function instantAt(day: LocalDay, minuteOfDay: number, cal: BusinessCalendar): Date {
  const whole = Math.floor(minuteOfDay);
  const rest = minuteOfDay - whole;
  const local = new TZDate(day.year, day.month - 1, day.day, Math.floor(whole / 60), whole % 60, cal.timeZone);
  return new Date(local.getTime() + Math.round(rest * MINUTE));
}

function nextDay(day: LocalDay): LocalDay {
  const d = new Date(Date.UTC(day.year, day.month - 1, day.day + 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Whether a local day is a business day: a workday of the week and not a public holiday. */
export function isBusinessDay(day: LocalDay, cal: BusinessCalendar = CZECH_BUSINESS_TIME): boolean {
  const weekday = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
  return cal.workdays.includes(weekday) && !cal.holidays(day.year).has(monthDay(day.month, day.day));
}

/** Guards the day loops: no calendar has a year without a business day. */
const MAX_DAYS_WITHOUT_BUSINESS = 370;

/**
 * The moment `minutes` of business time after `start`. Time outside business hours does not count:
 * a request filed at night, on a weekend or a holiday starts counting when the next business day
 * opens; a target that does not fit into today goes on the next business day.
 */
export function addBusinessMinutes(start: Date, minutes: number, cal: BusinessCalendar = CZECH_BUSINESS_TIME): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`business minutes must be a non-negative number, got ${minutes}`);
  const first = localDayOf(start, cal);
  let day: LocalDay = first;
  let from = Math.max(first.minute, cal.opensAt);
  let left = minutes;
  for (let idle = 0; ; ) {
    if (isBusinessDay(day, cal)) {
      idle = 0;
      if (from < cal.closesAt) {
        const available = cal.closesAt - from;
        if (left <= available) return instantAt(day, from + left, cal);
        left -= available;
      }
    } else if (++idle > MAX_DAYS_WITHOUT_BUSINESS) {
      throw new Error('the business calendar has no business day within a year');
    }
    day = nextDay(day);
    from = cal.opensAt;
  }
}

function previousDay(day: LocalDay): LocalDay {
  const d = new Date(Date.UTC(day.year, day.month - 1, day.day - 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The moment `minutes` of business time before `end`: the mirror of {@link addBusinessMinutes},
 * always inside business hours (opening time rather than the evening before when it fits exactly).
 * A reminder "due in 1 business hour" for 9:30 falls at 8:30; for 8:30, at 16:30 the day before.
 */
export function subtractBusinessMinutes(end: Date, minutes: number, cal: BusinessCalendar = CZECH_BUSINESS_TIME): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`business minutes must be a non-negative number, got ${minutes}`);
  const last = localDayOf(end, cal);
  let day: LocalDay = last;
  let to = Math.min(last.minute, cal.closesAt);
  let left = minutes;
  for (let idle = 0; ; ) {
    if (isBusinessDay(day, cal)) {
      idle = 0;
      if (to > cal.opensAt) {
        const available = to - cal.opensAt;
        if (left <= available) return instantAt(day, to - left, cal);
        left -= available;
      }
    } else if (++idle > MAX_DAYS_WITHOUT_BUSINESS) {
      throw new Error('the business calendar has no business day within a year');
    }
    day = previousDay(day);
    to = cal.closesAt;
  }
}

/**
 * Business minutes from `from` to `to`; negative when `to` is earlier (how late something is).
 * Counted day by day, so it is exact across weekends, holidays and daylight-saving changes.
 */
export function businessMinutesBetween(from: Date, to: Date, cal: BusinessCalendar = CZECH_BUSINESS_TIME): number {
  if (to.getTime() < from.getTime()) return -businessMinutesBetween(to, from, cal);
  const a = localDayOf(from, cal);
  const b = localDayOf(to, cal);
  const clamp = (m: number) => Math.min(Math.max(m, cal.opensAt), cal.closesAt);
  const sameDay = (x: LocalDay, y: LocalDay) => x.year === y.year && x.month === y.month && x.day === y.day;
  let total = 0;
  let day: LocalDay = a;
  for (;;) {
    const start = sameDay(day, a) ? clamp(a.minute) : cal.opensAt;
    const end = sameDay(day, b) ? clamp(b.minute) : cal.closesAt;
    if (isBusinessDay(day, cal) && end > start) total += end - start;
    if (sameDay(day, b)) return total;
    day = nextDay(day);
  }
}

/** A moment as ISO 8601 with the calendar's offset, e.g. `2026-12-07T14:00:00.000+01:00`. */
export function isoInZone(at: Date, cal: BusinessCalendar = CZECH_BUSINESS_TIME): string {
  return new TZDate(at.getTime(), cal.timeZone).toISOString();
}
