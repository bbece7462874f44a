import type { Ticket } from '../model';

/**
 * The month of billing (docs/billing.md): a ticket is billed in the month (Europe/Prague) it was
 * resolved, or closed as done, in; reopened, it leaves that month, and it is billed again in the
 * month of its next resolution. Cancelled tickets are never billed.
 */
const pragueMonths = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Prague', year: 'numeric', month: '2-digit' });

/** 2026-11-30T22:30:00Z (23:30 in Prague) → `2026-11`; 2026-11-30T23:30:00Z (0:30 on 1 December) → `2026-12`. */
export const pragueMonth = (iso: string) => pragueMonths.format(new Date(iso)).slice(0, 7);

export function billedMonth(t: Pick<Ticket, 'status' | 'resolvedAt'>): string | undefined {
  return (t.status === 'resolved' || t.status === 'closed') && t.resolvedAt ? pragueMonth(t.resolvedAt) : undefined;
}

/** `2026-12` valid; its first day and the months around it. */
export const isMonth = (s: string) => /^(\d{4})-(0[1-9]|1[0-2])$/.test(s) && s >= '2000-01';

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
