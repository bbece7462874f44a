import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divRound, formatCzk, fromNet, fromTotal, halerOf, minutesAt, parseCzk, sumLines } from '../../functions/core/billing/money';

/** Money of billing (issue #16): integer haléře, VAT per line rounded both ways, reverse charge, prices with and without VAT. */
describe('money', () => {
  it('rounds a half away from zero, in integers', () => {
    expect([divRound(5, 10), divRound(4, 10), divRound(15, 10), divRound(-5, 10), divRound(-4, 10), divRound(7, 3)]).toEqual([
      1, 0, 2, -1, 0, 2,
    ]);
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 1e6 }), (a, b) => {
        const r = divRound(a, b);
        expect(Math.abs(a - r * b) * 2).toBeLessThanOrEqual(b);
      }),
    );
  });

  it('adds VAT to a price without it, rounding lines up and down to the haléř', () => {
    // 21 % of 10,10 Kč = 2,121 → 2,12 (down); of 10,50 Kč = 2,205 → 2,21 (a half, up); of 0,07 Kč = 0,0147 → 0,01.
    expect(fromNet(1010, 21)).toEqual({ net: 1010, vat: 212, total: 1222, rate: 21, reverseCharge: false });
    expect(fromNet(1050, 21)).toMatchObject({ vat: 221, total: 1271 });
    expect(fromNet(7, 21)).toMatchObject({ vat: 1, total: 8 });
    expect(fromNet(1250, 12)).toMatchObject({ vat: 150, total: 1400 });
  });

  it('takes VAT out of a price with it, keeping the agreed total', () => {
    // 1 500 Kč with 21 %: VAT = 1500 × 21/121 = 260,330… → 260,33; net 1 239,67.
    expect(fromTotal(150_000, 21)).toEqual({ net: 123_967, vat: 26_033, total: 150_000, rate: 21, reverseCharge: false });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e10 }), fc.constantFrom(21 as const, 12 as const), (total, rate) => {
        const l = fromTotal(total, rate);
        expect(l.net + l.vat).toBe(total);
        // The VAT is what the net would carry, give or take the haléř of rounding.
        expect(Math.abs(fromNet(l.net, rate).vat - l.vat)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('puts no VAT on a reverse-charge line (0 %), with or without VAT agreed', () => {
    expect(fromNet(100_000, 0)).toEqual({ net: 100_000, vat: 0, total: 100_000, rate: 0, reverseCharge: true });
    expect(fromTotal(100_000, 0)).toEqual({ net: 100_000, vat: 0, total: 100_000, rate: 0, reverseCharge: true });
  });

  it('prices billable minutes at an hourly rate, and sums lines column by column', () => {
    expect(minutesAt(90, 80_000)).toBe(120_000); // 1,5 h × 800 Kč
    expect(minutesAt(7, 85_000)).toBe(9_917); // 99,1666… Kč → 99,17
    const lines = [fromNet(1010, 21), fromNet(1010, 21), fromNet(1010, 21)];
    // Each line rounds its own VAT: 3 × 2,12, not 21 % of 30,30 (6,363 → 6,36).
    expect(sumLines(lines)).toEqual({ net: 3030, vat: 636, total: 3666 });
  });

  it('reads and prints crowns the Czech way, and converts a stored quote price exactly', () => {
    expect(['1 500,50', '1500.5', '1 500 Kč', '0,07', '12'].map(parseCzk)).toEqual([150_050, 150_050, 150_000, 7, 1200]);
    for (const bad of ['', '-5', '1,234', 'deset', '1.2.3']) expect(parseCzk(bad), bad).toBeUndefined();
    expect(formatCzk(123_456_789)).toBe('1\u00a0234\u00a0567,89\u00a0Kč');
    expect(formatCzk(-5)).toBe('−0,05\u00a0Kč');
    expect([halerOf(1500.5), halerOf(0.07), halerOf(999_999_999.99)]).toEqual([150_050, 7, 99_999_999_999]);
    expect(() => halerOf(1.005)).toThrow(RangeError);
  });
});
