/**
 * Money of billing (docs/billing.md): integer haléře (1 Kč = 100 haléřů), never floating crowns.
 * VAT is computed per line and rounded to the haléř, half away from zero; a price given with VAT
 * keeps its total and has the VAT taken out of it (total × rate / (100 + rate)), one given without
 * VAT has it added. 0 % is the reverse charge (*přenesená daňová povinnost*): no VAT on the line,
 * the client accounts for it.
 */
export type Haler = number;

/** The VAT rates of Czech invoices in percent (21 basic, 12 reduced, 0 reverse charge). */
export const VAT_RATES = [21, 12, 0] as const;
export type VatRate = (typeof VAT_RATES)[number];

export const DEFAULT_VAT_RATE: VatRate = 21;

/** a / b rounded to the nearest integer, a half away from zero, in integers only (b > 0). */
export function divRound(a: number, b: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || b <= 0) throw new RangeError(`divRound(${a}, ${b})`);
  const q = Math.floor(Math.abs(a) / b);
  const r = Math.abs(a) - q * b;
  const rounded = 2 * r >= b ? q + 1 : q;
  return a < 0 && rounded !== 0 ? -rounded : rounded;
}

/** Crowns with at most two decimals (a quote's stored price) → haléře, exactly. */
export function halerOf(crowns: number): Haler {
  const h = Math.round(crowns * 100);
  if (!Number.isSafeInteger(h) || Math.abs(crowns * 100 - h) > 1e-6) throw new RangeError(`not a price in crowns: ${crowns}`);
  return h;
}

/** `1 500,50`, `1500.5`, `1 500 Kč` → 150050; undefined for anything else (negative, three decimals, words). */
export function parseCzk(input: string): Haler | undefined {
  const s = input
    .replace(/\s|\u00a0/g, '')
    .replace(/kč$/i, '')
    .replace(',', '.');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 150050 → `1500,50`: a decimal comma and no thousands separator (a form field, a CSV cell Excel reads as a number). */
export const decimalCzk = (h: Haler) => `${h < 0 ? '-' : ''}${Math.floor(Math.abs(h) / 100)},${String(Math.abs(h) % 100).padStart(2, '0')}`;

/** 150050 → `1 500,50 Kč` (a non-breaking space between thousands, as Czech prints it). */
export function formatCzk(h: Haler): string {
  const sign = h < 0 ? '−' : '';
  const abs = Math.abs(h);
  const crowns = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${sign}${crowns},${String(abs % 100).padStart(2, '0')}\u00a0Kč`;
}

export interface LineAmounts {
  net: Haler;
  vat: Haler;
  total: Haler;
  rate: VatRate;
  reverseCharge: boolean;
}

/** A line's amounts from a price without VAT: the VAT added, rounded to the haléř. */
export function fromNet(net: Haler, rate: VatRate): LineAmounts {
  const vat = rate === 0 ? 0 : divRound(net * rate, 100);
  return { net, vat, total: net + vat, rate, reverseCharge: rate === 0 };
}

/**
 * A line's amounts from a price with VAT: the total stays what was agreed, the VAT is taken out of it.
 * Under the reverse charge no VAT is invoiced, so the agreed total is the net.
 */
export function fromTotal(total: Haler, rate: VatRate): LineAmounts {
  const vat = rate === 0 ? 0 : divRound(total * rate, 100 + rate);
  return { net: total - vat, vat, total, rate, reverseCharge: rate === 0 };
}

/** Billable minutes at an hourly rate (haléře an hour), rounded to the haléř. */
export const minutesAt = (minutes: number, hourlyRate: Haler): Haler => divRound(minutes * hourlyRate, 60);

/** The sums of lines: each column added up, never recomputed from the sums. */
export function sumLines(lines: LineAmounts[]): { net: Haler; vat: Haler; total: Haler } {
  return lines.reduce((s, l) => ({ net: s.net + l.net, vat: s.vat + l.vat, total: s.total + l.total }), { net: 0, vat: 0, total: 0 });
}
