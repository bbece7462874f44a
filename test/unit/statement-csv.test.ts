import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvAmount, STATEMENT_CSV_COLUMNS, statementCsv } from '../../functions/core/billing/csv';
import { buildStatement } from '../../functions/core/billing/statement';
import type { Client, Ticket } from '../../functions/core/model';

/** The statement's CSV (issue #16): Czech Excel's dialect, parsed back with a CSV library equals the statement, formulas inert. */
const ticket = (n: number, subject: string, over: Partial<Ticket> = {}): Ticket =>
  ({
    number: n,
    ico: '27082440',
    clientName: 'Demo',
    subject,
    status: 'resolved',
    resolvedAt: '2026-11-30T22:30:00Z',
    createdAt: '2026-11-01T10:00:00Z',
    updatedAt: '2026-11-30T22:30:00Z',
    ...over,
  }) as Ticket;

const statement = () =>
  buildStatement(
    '2026-11',
    [
      ticket(1, '=HYPERLINK("http://zlo.example";"klik")'),
      ticket(2, 'Tiskárna; "nejde" tisknout\na druhý řádek', {
        quote: { version: 1, price: 1500.5, vat: 'without', deadline: '2026-11-30', state: 'accepted' },
      }),
      ticket(3, '-2+3', { ico: '45274649' }),
    ],
    new Map([
      [1, 90],
      [3, 7],
    ]),
    new Map<string, Client>([
      ['27082440', { ico: '27082440', name: 'Demo s.r.o.', billing: { dic: 'CZ27082440' } } as Client],
      ['45274649', { ico: '45274649', name: '@Alfa a.s.', billing: { vatRate: 0 } } as Client],
    ]),
    { hourlyRate: 80_000, vatRate: 21 },
  );

describe('the statement as CSV', () => {
  it('starts with a BOM, separates by ; and ends lines with CRLF', () => {
    const csv = statementCsv(statement());
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split('\r\n')[0]).toBe(STATEMENT_CSV_COLUMNS.join(';'));
  });

  it('parses back with a CSV library into the statement, amounts with a decimal comma, dates as d. m. yyyy', () => {
    const s = statement();
    const rows = parse(statementCsv(s).slice(1), { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    const lines = s.clients.flatMap((c) => c.lines.map((l) => ({ c, l })));
    expect(rows).toHaveLength(lines.length);
    for (const [i, { c, l }] of lines.entries()) {
      const r = rows[i]!;
      expect(r['Požadavek']).toBe(String(l.ticket));
      expect(r.IČ).toBe(c.ico);
      expect(r['Bez DPH']).toBe(csvAmount(l.net));
      expect(r.DPH).toBe(csvAmount(l.vat));
      expect(r.Celkem).toBe(csvAmount(l.total));
      // 23:30 on 30 November in Prague.
      expect(r['Vyřešeno']).toBe('30. 11. 2026');
    }
    const quoteRow = rows.find((r) => r['Požadavek'] === '2')!;
    expect(quoteRow).toMatchObject({
      Předmět: 'Tiskárna; "nejde" tisknout\na druhý řádek',
      Základ: 'nabídka',
      'Bez DPH': '1500,50',
      DPH: '315,11',
      Celkem: '1815,61',
    });
    expect(rows.find((r) => r['Požadavek'] === '3')).toMatchObject({ 'Sazba DPH': 'PDP', DPH: '0,00' });
  });

  it('keeps a cell that would be a formula inert', () => {
    const rows = parse(statementCsv(statement()).slice(1), { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(rows.find((r) => r['Požadavek'] === '1')!['Předmět']).toBe('\'=HYPERLINK("http://zlo.example";"klik")');
    expect(rows.find((r) => r['Požadavek'] === '3')).toMatchObject({ Předmět: "'-2+3", Klient: "'@Alfa a.s." });
    for (const r of rows) for (const v of Object.values(r)) expect(v, v).not.toMatch(/^[=+@]/);
  });
});
