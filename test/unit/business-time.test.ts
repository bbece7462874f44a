import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  czechHolidays,
  isBusinessDay,
  isoInZone,
} from '../../functions/core/deadlines/business-time';
import { FIRST_RESPONSE_HOURS, firstResponseDue } from '../../functions/core/deadlines/response-targets';

/** A Prague wall-clock time, written as people read it, to the instant. */
const prague = (local: string, offset: '+01:00' | '+02:00') => new Date(`${local}${offset}`);
const hours = (n: number) => n * 60;

describe('Czech public holidays', () => {
  // Good Friday and Easter Monday of each year, from the Gregorian Easter Sunday.
  const easter: Record<number, [string, string]> = {
    2025: ['04-18', '04-21'],
    2026: ['04-03', '04-06'],
    2027: ['03-26', '03-29'],
    2028: ['04-14', '04-17'],
    2029: ['03-30', '04-02'],
    2030: ['04-19', '04-22'],
  };
  const fixed = ['01-01', '05-01', '05-08', '07-05', '07-06', '09-28', '10-28', '11-17', '12-24', '12-25', '12-26'];

  it.each(Object.entries(easter))('are the 11 fixed days, Good Friday and Easter Monday in %s', (year, [friday, monday]) => {
    expect([...czechHolidays(Number(year))].sort()).toEqual([...fixed, friday, monday].sort());
  });

  it('makes holidays and weekends no business days, and ordinary weekdays business days', () => {
    expect(isBusinessDay({ year: 2026, month: 4, day: 3 })).toBe(false); // Good Friday
    expect(isBusinessDay({ year: 2026, month: 4, day: 6 })).toBe(false); // Easter Monday
    expect(isBusinessDay({ year: 2026, month: 12, day: 5 })).toBe(false); // Saturday
    expect(isBusinessDay({ year: 2026, month: 4, day: 7 })).toBe(true);
    expect(isBusinessDay({ year: 2026, month: 12, day: 23 })).toBe(true);
  });
});

describe('adding business time', () => {
  it('carries a target that does not fit into Friday over the weekend to Monday', () => {
    expect(addBusinessMinutes(prague('2026-12-04T15:00', '+01:00'), hours(8))).toEqual(prague('2026-12-07T14:00', '+01:00'));
  });

  it('skips Christmas (24–26 December) and the Sunday after it', () => {
    expect(addBusinessMinutes(prague('2026-12-23T16:00', '+01:00'), hours(8))).toEqual(prague('2026-12-28T15:00', '+01:00'));
  });

  it('keeps business hours across the spring daylight-saving change (29 March 2026)', () => {
    expect(addBusinessMinutes(prague('2026-03-27T16:00', '+01:00'), hours(2))).toEqual(prague('2026-03-30T09:00', '+02:00'));
  });

  it('keeps business hours across the autumn daylight-saving change (25 October 2026)', () => {
    expect(addBusinessMinutes(prague('2026-10-23T16:30', '+02:00'), hours(8))).toEqual(prague('2026-10-26T15:30', '+01:00'));
  });

  it('starts counting a request filed at night when the next business day opens', () => {
    expect(addBusinessMinutes(prague('2026-12-03T22:00', '+01:00'), hours(2))).toEqual(prague('2026-12-04T10:00', '+01:00'));
    expect(addBusinessMinutes(prague('2026-12-04T05:30', '+01:00'), hours(2))).toEqual(prague('2026-12-04T10:00', '+01:00'));
  });

  it('starts counting a request filed on a holiday on the next business day', () => {
    expect(addBusinessMinutes(prague('2026-10-28T10:00', '+01:00'), hours(8))).toEqual(prague('2026-10-29T16:00', '+01:00'));
  });

  it('counts the last minute of a day filed at 16:59 and goes on the next morning', () => {
    expect(addBusinessMinutes(prague('2026-12-03T16:59', '+01:00'), hours(2))).toEqual(prague('2026-12-04T09:59', '+01:00'));
  });

  it('is the start itself for no time, inside business hours', () => {
    expect(addBusinessMinutes(prague('2026-12-03T10:15', '+01:00'), 0)).toEqual(prague('2026-12-03T10:15', '+01:00'));
  });

  it('refuses a negative or non-finite amount', () => {
    expect(() => addBusinessMinutes(new Date(), -1)).toThrow(RangeError);
    expect(() => addBusinessMinutes(new Date(), Number.NaN)).toThrow(RangeError);
  });

  it('is measured back exactly by businessMinutesBetween, from any moment of 2025–2030', () => {
    const moment = fc
      .integer({ min: Date.parse('2025-01-01T00:00:00Z') / 60_000, max: Date.parse('2030-12-31T00:00:00Z') / 60_000 })
      .map((m) => new Date(m * 60_000));
    fc.assert(
      fc.property(moment, fc.integer({ min: 0, max: 20_000 }), (start, minutes) => {
        expect(businessMinutesBetween(start, addBusinessMinutes(start, minutes))).toBe(minutes);
      }),
      { numRuns: 300 },
    );
  });

  it('counts how late something is as negative business time', () => {
    expect(businessMinutesBetween(prague('2026-12-07T10:00', '+01:00'), prague('2026-12-04T16:00', '+01:00'))).toBe(-hours(3));
  });
});

describe('first-response targets', () => {
  it('give an express service call 2 business hours and everything else 8', () => {
    expect(FIRST_RESPONSE_HOURS['service-express']).toBe(2);
    expect(
      Object.entries(FIRST_RESPONSE_HOURS)
        .filter(([c]) => c !== 'service-express')
        .every(([, h]) => h === 8),
    ).toBe(true);
    expect(isoInZone(firstResponseDue('service-express', prague('2026-12-04T16:30', '+01:00')))).toBe('2026-12-07T09:30:00.000+01:00');
    expect(isoInZone(firstResponseDue('domain', prague('2026-12-04T16:30', '+01:00')))).toBe('2026-12-07T15:30:00.000+01:00');
  });
});
