/** Language state and formatting. Both dictionaries are small, so both ship in the bundle. */
import { cs, type MessageKey, type Messages } from './cs.js';
import { en } from './en.js';

export type Lang = 'cs' | 'en';
export type { MessageKey };

const dictionaries: Record<Lang, Messages> = { cs, en };
const locales: Record<Lang, string> = { cs: 'cs-CZ', en: 'en-GB' };

let current: Lang = 'cs';

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
}

export function isLang(value: unknown): value is Lang {
  return value === 'cs' || value === 'en';
}

export function hasKey(key: string): key is MessageKey {
  // biome-ignore lint/suspicious/noPrototypeBuiltins: the portal is built for ES2020 browsers; Object.hasOwn is ES2022
  return Object.prototype.hasOwnProperty.call(cs, key);
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = dictionaries[current][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

type PluralBase = 'unit.minutes' | 'unit.chars' | 'new.remaining' | 'new.over';

/** Czech has one / few (2–4) / other; English one / other. The dictionaries carry all three forms. */
export function plural(base: PluralBase, n: number): string {
  const rule = new Intl.PluralRules(locales[current]).select(n);
  const form = rule === 'one' || rule === 'few' ? rule : 'other';
  return t(`${base}.${form}` as MessageKey, { n: formatNumber(n) });
}

const groupSeparators: Record<Lang, string> = { cs: '\u00a0', en: ',' };

/**
 * Whole numbers (characters left, minutes) are grouped here, the same as Intl.NumberFormat does for
 * cs-CZ (no-break space) and en-GB (comma): the first Intl.NumberFormat of a page loads ICU's number
 * data, which made the counter of the new-request form the largest part of that page's first long
 * task (about 150 ms on a phone-speed CPU; bench/portal.ts, Lighthouse total-blocking-time).
 */
export function formatNumber(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return new Intl.NumberFormat(locales[current]).format(n);
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, groupSeparators[current]);
  return n < 0 ? `-${digits}` : digits;
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locales[current], { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locales[current], { dateStyle: 'medium' }).format(date);
}

/** A calendar day ('YYYY-MM-DD') shown as such, without a time-zone shift. */
export function formatDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Intl.DateTimeFormat(locales[current], { day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}

export function formatTime(date: Date): string {
  return new Intl.DateTimeFormat(locales[current], { hour: 'numeric', minute: '2-digit' }).format(date);
}

export function formatCzk(amount: number): string {
  return new Intl.NumberFormat(locales[current], {
    style: 'currency',
    currency: 'CZK',
    minimumFractionDigits: Number.isInteger(amount) ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(amount);
}

export function formatSize(bytes: number): string {
  const [value, unit] =
    bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'megabyte'] : bytes >= 1024 ? [bytes / 1024, 'kilobyte'] : [bytes, 'byte'];
  return new Intl.NumberFormat(locales[current], { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}
