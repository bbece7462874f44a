import { describe, expect, it } from 'vitest';
import {
  agreedDeadlineState,
  agreedDueAt,
  businessDistance,
  deadlineWords,
  firstResponseState,
} from '../../functions/core/deadlines/deadline-state';

const quote = (deadline: string, state: 'proposed' | 'accepted' = 'accepted') => ({
  version: 1,
  price: 100,
  vat: 'with' as const,
  deadline,
  state,
});

describe('deadline states', () => {
  it('puts the agreed day at 17:00 in Prague, winter and summer', () => {
    expect(agreedDueAt('2026-12-18').toISOString()).toBe('2026-12-18T16:00:00.000Z');
    expect(agreedDueAt('2026-07-10').toISOString()).toBe('2026-07-10T15:00:00.000Z');
  });

  it('words what is left and how late, in business time', () => {
    expect(businessDistance(45)).toBe('45 min');
    expect(businessDistance(180)).toBe('3 h');
    expect(businessDistance(540)).toBe('1 pracovní den');
    expect(businessDistance(2 * 540 + 30)).toBe('2 pracovní dny');
    expect(businessDistance(5 * 540)).toBe('5 pracovních dnů');
  });

  it('counts a first response due on Monday 10:00 from Friday 16:00 as 3 business hours left, the weekend not counted', () => {
    const s = firstResponseState({ firstResponseDue: '2026-12-07T09:00:00Z' }, new Date('2026-12-04T15:00:00Z'))!;
    expect(s).toMatchObject({ state: 'open', businessMinutesLeft: 180 });
    expect(deadlineWords(s)).toBe('zbývá 3 h');
    const late = firstResponseState({ firstResponseDue: '2026-12-07T09:00:00Z' }, new Date('2026-12-09T09:00:00Z'))!;
    expect(deadlineWords(late)).toBe('po termínu 2 pracovní dny');
    expect(
      deadlineWords(firstResponseState({ firstResponseDue: '2026-12-07T09:00:00Z', firstResponseAt: '2026-12-07T08:59:00Z' }, new Date())!),
    ).toBe('v termínu');
  });

  it('has an agreed deadline only once a quote is accepted, met by resolving by 17:00 of that day', () => {
    const now = new Date('2026-12-17T09:00:00Z');
    expect(agreedDeadlineState({ quote: quote('2026-12-18', 'proposed'), status: 'quoted' }, now)).toBeUndefined();
    expect(agreedDeadlineState({ quote: quote('2026-12-18'), status: 'in-progress' }, now)).toMatchObject({
      state: 'open',
      businessMinutesLeft: 7 * 60 + 9 * 60,
    });
    expect(agreedDeadlineState({ quote: quote('2026-12-18'), status: 'resolved', resolvedAt: '2026-12-18T15:59:00Z' }, now)?.state).toBe(
      'met',
    );
    expect(agreedDeadlineState({ quote: quote('2026-12-18'), status: 'resolved', resolvedAt: '2026-12-18T16:01:00Z' }, now)?.state).toBe(
      'missed',
    );
    // reopened after resolving: open again, measured from now
    expect(
      agreedDeadlineState(
        { quote: quote('2026-12-18'), status: 'in-progress', resolvedAt: '2026-12-18T10:00:00Z' },
        new Date('2026-12-21T09:00:00Z'),
      ),
    ).toMatchObject({
      state: 'late',
    });
  });
});
