import { stringify } from 'csv-stringify/sync';
import { decimalCzk } from './money';
import type { Statement } from './statement';

/**
 * A statement as CSV for Czech Excel (docs/billing.md): UTF-8 with a BOM (Excel reads it as
 * UTF-8 only then), `;` between fields (Czech Windows' list separator), CRLF, decimal comma, dates
 * `d. m. yyyy` (Prague), fields quoted where needed (csv-stringify), and text that Excel would run
 * as a formula (beginning with `=`, `+`, `-`, `@`, a tab or CR) prefixed with `'` so it stays text.
 */
export const STATEMENT_CSV_COLUMNS = [
  'Měsíc',
  'IČ',
  'Klient',
  'DIČ',
  'Požadavek',
  'Předmět',
  'Vyřešeno',
  'Základ',
  'Bez DPH',
  'Sazba DPH',
  'DPH',
  'Celkem',
] as const;

/** A text cell that cannot start a formula. */
export const inert = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/** An amount's cell: `1500,50` (no thousands separator: Excel reads it as a number). */
export const csvAmount = decimalCzk;

const pragueDate = new Intl.DateTimeFormat('cs-CZ', { timeZone: 'Europe/Prague', day: 'numeric', month: 'numeric', year: 'numeric' });
/** 2026-11-30T22:30:00Z → `30. 11. 2026`. */
export const csvDate = (iso: string) => pragueDate.format(new Date(iso)).replace(/\s/g, ' ');

const basis = { quote: 'nabídka', hours: 'hodiny', none: 'nic' } as const;

export function statementCsv(s: Statement): string {
  const rows = s.clients.flatMap((c) =>
    c.lines.map((l) => [
      s.month,
      c.ico,
      inert(c.name),
      inert(c.dic ?? ''),
      String(l.ticket),
      inert(l.subject),
      csvDate(l.resolvedAt),
      basis[l.basis],
      csvAmount(l.net),
      l.reverseCharge ? 'PDP' : `${l.rate} %`,
      csvAmount(l.vat),
      csvAmount(l.total),
    ]),
  );
  return `\uFEFF${stringify([[...STATEMENT_CSV_COLUMNS], ...rows], { delimiter: ';', record_delimiter: 'windows' })}`;
}
