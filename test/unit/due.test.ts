import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertTrigger } from '../../functions/core/alerts/triggers';
import { addBusinessMinutes, businessMinutesBetween, subtractBusinessMinutes } from '../../functions/core/deadlines/business-time';
import { dueOf, dueWindows, firstReminder, nextReminder, soonAt, type Reminder } from '../../functions/core/deadlines/due';
import { sendReminders } from '../../functions/core/deadlines/reminders';
import { trackTicket, type TicketIndexChange } from '../../functions/core/tickets/ticket-index';
import type { Due, Ticket } from '../../functions/core/model';
import type { DueStore, ReminderEntry, TicketIndexStore } from '../../functions/core/ports';
import { ManualClock, silentLogger } from '../support/memory-ports';

const prague = (local: string, offset: '+01:00' | '+02:00') => new Date(`${local}${offset}`);

const ticket = (over: Partial<Ticket> = {}): Ticket => ({
  number: 7,
  ico: '27082440',
  clientName: 'Demo Klient s.r.o.',
  contactEmail: 'jana@firma.cz',
  category: 'service',
  subject: 'Tiskárna',
  description: 'Netiskne.',
  status: 'new',
  firstResponseDue: prague('2026-12-07T14:00', '+01:00').toISOString(),
  createdAt: prague('2026-12-04T15:00', '+01:00').toISOString(),
  updatedAt: prague('2026-12-04T15:00', '+01:00').toISOString(),
  ...over,
});
const accepted = (deadline: string) => ({ version: 1, price: 1200, vat: 'with' as const, deadline, state: 'accepted' as const });

describe('business time backwards', () => {
  it('goes back inside business hours, over a night, a weekend, a holiday and a daylight-saving change', () => {
    // 9:30 minus 1 h is 8:30; 8:30 minus 1 h is 16:30 the business day before.
    expect(subtractBusinessMinutes(prague('2026-12-07T09:30', '+01:00'), 60)).toEqual(prague('2026-12-07T08:30', '+01:00'));
    expect(subtractBusinessMinutes(prague('2026-12-07T08:30', '+01:00'), 60)).toEqual(prague('2026-12-04T16:30', '+01:00'));
    // Exactly a day back from closing time is that day's opening, not the evening before.
    expect(subtractBusinessMinutes(prague('2026-12-18T17:00', '+01:00'), 540)).toEqual(prague('2026-12-18T08:00', '+01:00'));
    // 28 December (Monday) 9:00 minus 2 h: over Christmas (24–26) and the weekend to the 23rd.
    expect(subtractBusinessMinutes(prague('2026-12-28T09:00', '+01:00'), 120)).toEqual(prague('2026-12-23T16:00', '+01:00'));
    // Monday after the spring change (29 March 2026) back to Friday in winter time.
    expect(subtractBusinessMinutes(prague('2026-03-30T08:30', '+02:00'), 60)).toEqual(prague('2026-03-27T16:30', '+01:00'));
    // From the night or a Sunday: from the last closing time.
    expect(subtractBusinessMinutes(prague('2026-12-06T12:00', '+01:00'), 30)).toEqual(prague('2026-12-04T16:30', '+01:00'));
  });

  it('is the mirror of adding: the business time between them is what was taken off', () => {
    const instant = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 5 * 540 }), (end, minutes) => {
        const start = subtractBusinessMinutes(end, minutes);
        expect(start.getTime()).toBeLessThanOrEqual(end.getTime());
        expect(Math.round(businessMinutesBetween(start, end))).toBe(minutes);
        // Adding it again lands on the end, or where no business time separates them (a night, a weekend).
        expect(Math.abs(Math.round(businessMinutesBetween(addBusinessMinutes(start, minutes), end)))).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('what a ticket has due', () => {
  it('is the first response until staff e-mail the client, then the accepted quote, and nothing once resolved', () => {
    expect(dueOf(ticket())).toEqual({ kind: 'first-response', at: '2026-12-07T13:00:00.000Z' });
    expect(dueOf(ticket({ firstResponseAt: '2026-12-05T10:00:00.000Z' }))).toBeUndefined();
    expect(dueOf(ticket({ firstResponseAt: '2026-12-05T10:00:00.000Z', quote: accepted('2026-12-18') }))).toEqual({
      kind: 'agreed',
      at: '2026-12-18T16:00:00.000Z',
    });
    expect(dueOf(ticket({ firstResponseAt: 'x', quote: { ...accepted('2026-12-18'), state: 'proposed' } }))).toBeUndefined();
    for (const status of ['resolved', 'closed', 'cancelled'] as const) {
      expect(dueOf(ticket({ status }))).toBeUndefined();
      expect(dueOf(ticket({ status, firstResponseAt: 'x', quote: accepted('2026-12-18') }))).toBeUndefined();
    }
  });

  it('is reminded of 1 business hour before a first response and 1 business day before an agreed deadline, then when overdue', () => {
    const first: Due = { kind: 'first-response', at: prague('2026-12-07T09:30', '+01:00').toISOString() };
    expect(soonAt(first)).toEqual(prague('2026-12-07T08:30', '+01:00'));
    const agreed: Due = { kind: 'agreed', at: prague('2026-12-18T17:00', '+01:00').toISOString() };
    expect(soonAt(agreed)).toEqual(prague('2026-12-18T08:00', '+01:00'));

    const r = firstReminder(first, prague('2026-12-04T15:00', '+01:00'));
    expect(r).toEqual({ ...first, threshold: 'soon', remindAt: prague('2026-12-07T08:30', '+01:00').toISOString() });
    expect(nextReminder(r)).toEqual({ ...first, threshold: 'overdue', remindAt: first.at });
    expect(nextReminder(nextReminder(r)!)).toBeUndefined();
    // A due that arrives already inside its lead time is reminded of now; one already past, as overdue now.
    const late = prague('2026-12-07T09:00', '+01:00');
    expect(firstReminder(first, late)).toEqual({ ...first, threshold: 'soon', remindAt: late.toISOString() });
    const after = prague('2026-12-07T10:00', '+01:00');
    expect(firstReminder(first, after)).toEqual({ ...first, threshold: 'overdue', remindAt: after.toISOString() });
  });

  it('makes the deadline tabs: overdue before now; due soon within 4 business hours, an agreed deadline within 1 business day', () => {
    const now = prague('2026-12-04T15:00', '+01:00'); // Friday
    const w = dueWindows(now);
    expect(w.overdue).toEqual([
      { kind: 'first-response', range: { before: now.toISOString() } },
      { kind: 'agreed', range: { before: now.toISOString() } },
    ]);
    expect(w.dueSoon).toEqual([
      { kind: 'first-response', range: { from: now.toISOString(), through: prague('2026-12-07T10:00', '+01:00').toISOString() } },
      { kind: 'agreed', range: { from: now.toISOString(), through: prague('2026-12-07T15:00', '+01:00').toISOString() } },
    ]);
  });
});

/** The due index in memory: what `trackTicket` recorded (and what else it keeps of the ticket), and the reminders, as DynamoDue keeps them. */
class MemoryDue implements Pick<DueStore, 'dueReminders' | 'advanceReminder'>, Pick<TicketIndexStore, 'recordIndex'> {
  readonly dues = new Map<number, Due>();
  readonly kept = new Map<number, Pick<Ticket, 'counted' | 'listedFor'>>();
  readonly reminders = new Map<number, Reminder>();
  reads = 0;

  async recordIndex(t: Ticket, change: TicketIndexChange) {
    const n = t.number;
    if (change.due) {
      const { due, reminder } = change.due;
      if (due) this.dues.set(n, due);
      else this.dues.delete(n);
      if (reminder) this.reminders.set(n, reminder);
      else this.reminders.delete(n);
    }
    const kept = { ...this.kept.get(n) };
    if (change.count) kept.counted = change.count.to;
    if (change.listedFor !== undefined) kept.listedFor = change.listedFor ?? undefined;
    this.kept.set(n, kept);
    return 'recorded' as const;
  }

  /** The ticket as the stream would show it after what was recorded. */
  seen(t: Ticket): Ticket {
    return { ...t, ...this.kept.get(t.number), ...(this.dues.get(t.number) && { due: this.dues.get(t.number) }) };
  }

  async dueReminders(until: Date, limit: number) {
    const due = [...this.reminders]
      .filter(([, r]) => r.remindAt <= until.toISOString())
      .map(([ticket, r]) => ({ ...r, ticket }))
      .slice(0, limit);
    this.reads += due.length;
    return due;
  }

  async advanceReminder(entry: ReminderEntry, next: Reminder | undefined) {
    const now = this.reminders.get(entry.ticket);
    if (!now || now.remindAt !== entry.remindAt || now.threshold !== entry.threshold || now.at !== entry.at) return false;
    if (next) this.reminders.set(entry.ticket, next);
    else this.reminders.delete(entry.ticket);
    return true;
  }
}

describe('deadline reminders', () => {
  const setup = (t: Ticket, now: Date) => {
    const due = new MemoryDue();
    const tickets = new Map([[t.number, t]]);
    const alerts: AlertTrigger[] = [];
    const clock = new ManualClock(now);
    const deps = {
      due,
      tickets: { getTicket: async (n: number) => tickets.get(n) },
      alert: async (trigger: AlertTrigger) => void alerts.push(trigger),
      clock,
      logger: silentLogger,
    };
    const sweep = async (at: Date) => {
      clock.current = at;
      return sendReminders(deps);
    };
    const track = async () => trackTicket({ index: due, clock }, due.seen(tickets.get(t.number)!));
    return { due, tickets, alerts, sweep, track };
  };

  it('reminds of each threshold once, however many sweeps see it', async () => {
    const t = ticket();
    const s = setup(t, prague('2026-12-04T15:00', '+01:00'));
    expect(await s.track()).toBe('recorded');
    expect(await s.track()).toBe('unchanged');
    expect((await s.sweep(prague('2026-12-07T12:59', '+01:00'))).reminded).toBe(0);
    expect((await s.sweep(prague('2026-12-07T13:00', '+01:00'))).reminded).toBe(1);
    expect((await s.sweep(prague('2026-12-07T13:05', '+01:00'))).reminded).toBe(0);
    expect((await s.sweep(prague('2026-12-07T14:00', '+01:00'))).reminded).toBe(1);
    for (const later of ['2026-12-07T14:05', '2026-12-08T09:00', '2026-12-20T09:00'])
      expect((await s.sweep(prague(later, '+01:00'))).reminded).toBe(0);
    expect(s.alerts.map((a) => [a.kind, a.facts.threshold, a.key])).toEqual([
      ['deadline', 'soon', `deadline#7#first-response#${t.firstResponseDue}#soon`],
      ['deadline', 'overdue', `deadline#7#first-response#${t.firstResponseDue}#overdue`],
    ]);
    expect(s.due.reminders.size).toBe(0);
  });

  it('says nothing of a ticket answered or resolved in time, and drops its reminder', async () => {
    for (const change of [{ firstResponseAt: '2026-12-07T12:00:00.000Z' }, { status: 'resolved' as const }]) {
      const t = ticket();
      const s = setup(t, prague('2026-12-04T15:00', '+01:00'));
      await s.track();
      s.tickets.set(t.number, { ...t, ...change });
      // The sweep comes before the stream has recorded the change: it checks the ticket itself.
      const run = await s.sweep(prague('2026-12-07T13:30', '+01:00'));
      expect(run).toMatchObject({ read: 1, reminded: 0, dropped: 1 });
      expect((await s.sweep(prague('2026-12-08T09:00', '+01:00'))).read).toBe(0);
      expect(s.alerts).toEqual([]);
      expect(await s.track()).toBe('recorded'); // nothing due now: the index entry goes too
      expect(s.due.dues.size).toBe(0);
    }
  });

  it('after a sweep that came late, sends only the overdue reminder', async () => {
    const s = setup(ticket(), prague('2026-12-04T15:00', '+01:00'));
    await s.track();
    const run = await s.sweep(prague('2026-12-07T16:00', '+01:00'));
    expect(run).toMatchObject({ reminded: 1, skipped: 1 });
    expect(s.alerts.map((a) => a.facts.threshold)).toEqual(['overdue']);
  });

  it('starts over for a new due: an accepted quote after the first response', async () => {
    const t = ticket();
    const s = setup(t, prague('2026-12-04T15:00', '+01:00'));
    await s.track();
    s.tickets.set(t.number, { ...t, firstResponseAt: '2026-12-07T09:00:00.000Z', quote: accepted('2026-12-18'), status: 'agreed' });
    expect(await s.track()).toBe('recorded');
    expect(s.due.reminders.get(7)).toMatchObject({
      kind: 'agreed',
      threshold: 'soon',
      remindAt: prague('2026-12-18T08:00', '+01:00').toISOString(),
    });
    expect((await s.sweep(prague('2026-12-18T08:00', '+01:00'))).reminded).toBe(1);
    expect((await s.sweep(prague('2026-12-18T17:00', '+01:00'))).reminded).toBe(1);
    expect(s.alerts.map((a) => `${a.facts.due} ${a.facts.threshold}`)).toEqual(['agreed soon', 'agreed overdue']);
  });
});
