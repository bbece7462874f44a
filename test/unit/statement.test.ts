import { describe, expect, it } from 'vitest';
import { billedMonth, pragueMonth, shiftMonth } from '../../functions/core/billing/month';
import { buildStatement, statementLine } from '../../functions/core/billing/statement';
import type { Client, Ticket } from '../../functions/core/model';
import { indexChange } from '../../functions/core/tickets/ticket-index';

/** The monthly statement (issue #16): the month of a resolution in Prague, the basis of each line, VAT per line, sums. */
const ticket = (n: number, over: Partial<Ticket> = {}): Ticket =>
  ({
    number: n,
    ico: '27082440',
    clientName: 'Demo',
    subject: `Požadavek ${n}`,
    status: 'resolved',
    resolvedAt: '2026-11-15T10:00:00Z',
    createdAt: '2026-11-01T10:00:00Z',
    updatedAt: '2026-11-15T10:00:00Z',
    ...over,
  }) as Ticket;
const settings = { hourlyRate: 80_000, vatRate: 21 as const };
const quote = (price: number, vat: 'with' | 'without') => ({ version: 1, price, vat, deadline: '2026-11-30', state: 'accepted' as const });

describe('the month of billing', () => {
  it('is the Prague month of the resolution: 23:30 on the last day stays in it, and DST is followed', () => {
    expect(pragueMonth('2026-11-30T22:30:00Z')).toBe('2026-11'); // 23:30 CET
    expect(pragueMonth('2026-11-30T23:30:00Z')).toBe('2026-12'); // 0:30 on 1 December
    expect(pragueMonth('2026-08-31T21:59:00Z')).toBe('2026-08'); // 23:59 CEST
    expect(pragueMonth('2026-08-31T22:00:00Z')).toBe('2026-09');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
  });

  it('bills resolved and closed tickets, not open or cancelled ones, and moves a reopened one out', () => {
    expect(billedMonth(ticket(1))).toBe('2026-11');
    expect(billedMonth(ticket(1, { status: 'closed' }))).toBe('2026-11');
    expect(billedMonth(ticket(1, { status: 'cancelled' }))).toBeUndefined();
    expect(billedMonth(ticket(1, { status: 'in-progress' }))).toBeUndefined();
    const now = new Date('2026-12-02T10:00:00Z');
    expect(indexChange(ticket(1, { counted: 'resolved' }), now)).toEqual({ billMonth: '2026-11' });
    expect(indexChange(ticket(1, { counted: 'resolved', billMonth: '2026-11' }), now)).toBeUndefined();
    expect(indexChange(ticket(1, { status: 'in-progress', counted: 'in-progress', billMonth: '2026-11' }), now)).toMatchObject({
      billMonth: null,
    });
  });
});

describe('statement lines', () => {
  it('bills an accepted quote as agreed, with or without VAT, and otherwise the billable time at the rate', () => {
    const withVat = statementLine(ticket(1, { quote: quote(1500, 'with') }), 600, settings);
    expect(withVat).toMatchObject({ basis: 'quote', net: 123_967, vat: 26_033, total: 150_000, quoteVat: 'with' });
    const without = statementLine(ticket(2, { quote: quote(1500, 'without') }), 0, settings);
    expect(without).toMatchObject({ basis: 'quote', net: 150_000, vat: 31_500, total: 181_500 });
    const hours = statementLine(ticket(3), 95, settings); // 95 min × 800 Kč/h = 1 266,67 Kč
    expect(hours).toMatchObject({ basis: 'hours', minutes: 95, hourlyRate: 80_000, net: 126_667, vat: 26_600, total: 153_267 });
    expect(statementLine(ticket(4), 0, settings)).toMatchObject({ basis: 'none', net: 0, vat: 0, total: 0 });
    // A proposed or declined quote is not a price: the time is billed.
    expect(statementLine(ticket(5, { quote: { ...quote(9999, 'with'), state: 'declined' } }), 60, settings)).toMatchObject({
      basis: 'hours',
      net: 80_000,
    });
  });

  it('groups the lines per client on each client’s terms, reverse charge included, and sums the lines', () => {
    const other = { ico: '45274649', name: 'Alfa a.s.', billing: { vatRate: 0, hourlyRate: 100_000, dic: 'CZ45274649' } } as Client;
    const demo = { ico: '27082440', name: 'Demo s.r.o.' } as Client;
    const tickets = [ticket(1), ticket(2, { ico: other.ico }), ticket(3)];
    const s = buildStatement(
      '2026-11',
      tickets,
      new Map([
        [1, 30],
        [2, 30],
        [3, 45],
      ]),
      new Map([
        [demo.ico, demo],
        [other.ico, other],
      ]),
      settings,
    );
    expect(s.clients.map((c) => [c.name, c.lines.map((l) => l.ticket)])).toEqual([
      ['Alfa a.s.', [2]],
      ['Demo s.r.o.', [1, 3]],
    ]);
    // Alfa: 30 min × 1 000 Kč, 0 % reverse charge. Demo: 30 and 45 min × 800 Kč, 21 % per line.
    expect(s.clients[0]!.lines[0]).toMatchObject({ net: 50_000, vat: 0, reverseCharge: true });
    expect(s.clients[0]!.dic).toBe('CZ45274649');
    expect(s.clients[1]!.sums).toEqual({ net: 40_000 + 60_000, vat: 8_400 + 12_600, total: 121_000 });
    expect(s.sums).toEqual({ net: 150_000, vat: 21_000, total: 171_000 });
  });
});
