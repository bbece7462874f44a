import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../../functions/core/model';
import { listQueue, type StaffTicketDeps } from '../../functions/core/tickets/staff-tickets';
import { ManualClock } from '../support/memory-ports';
import { MemoryStore } from '../support/memory-store';

/**
 * The deadline tabs a page at a time (issue #15): *Po termínu* is cut into pages of 50 from the open
 * work read, ordered by due time and number, with signed cursors like every other tab. Walking it
 * returns every overdue ticket exactly once, in order, while overdue tickets are added meanwhile;
 * ties of due time (deadlines at the same minute) are ordered by number.
 */
const NOW = new Date('2026-12-02T12:00:00.000Z');
const me = { email: 'ja@softech.cz', name: 'Já', role: 'worker' as const };

function overdueTicket(n: number, minutesLate: number): Ticket {
  const at = new Date(NOW.getTime() - minutesLate * 60_000).toISOString();
  return {
    number: n,
    ico: '27082440',
    clientName: 'Firma',
    contactEmail: 'a@b.cz',
    category: 'service',
    subject: `Pozdě ${n}`,
    description: '',
    status: 'new',
    firstResponseDue: at,
    createdAt: at,
    updatedAt: at,
  } as Ticket;
}

function setup() {
  const store = new MemoryStore();
  const deps = {
    tickets: store,
    queue: store,
    due: store,
    cursors: { key: 'test' },
    clock: new ManualClock(NOW),
  } as unknown as StaffTicketDeps;
  const add = (t: Ticket) => {
    store.tickets.set(t.number, { ticket: t, events: [], attachments: [], outbox: [] });
  };
  return { deps, add };
}

describe('the deadline tabs, paged', () => {
  it('walks Po termínu every ticket once, in due order, while overdue tickets are added', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 160 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 30 }),
        async (lateness, added) => {
          const { deps, add } = setup();
          for (const [i, m] of lateness.entries()) add(overdueTicket(i + 1, m));
          const seen: number[] = [];
          let strana: string | undefined;
          let pages = 0;
          do {
            const page = await listQueue(deps, me, { tab: 'overdue', strana });
            expect(page.tickets.length).toBeLessThanOrEqual(50);
            seen.push(...page.tickets.map((t) => t.number));
            strana = page.next;
            // Added between pages: due 50 minutes ago, before every one listed, so never on a later page.
            if (pages < added.length) add(overdueTicket(1000 + pages, 50 + added[pages]!));
            pages++;
          } while (strana);
          expect(new Set(seen).size).toBe(seen.length);
          expect([...seen].sort((a, b) => a - b)).toEqual(lateness.map((_, i) => i + 1));
          // Most overdue first; the same due time by number.
          const key = (n: number) => [-lateness[n - 1]!, n] as const;
          const sorted = [...seen].sort((a, b) => key(a)[0] - key(b)[0] || a - b);
          expect(seen).toEqual(sorted);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('goes back a page with Předchozí, and refuses a cursor of another tab', async () => {
    const { deps, add } = setup();
    for (let n = 1; n <= 120; n++) add(overdueTicket(n, 500 - n));
    const first = await listQueue(deps, me, { tab: 'overdue', strana: undefined });
    const second = await listQueue(deps, me, { tab: 'overdue', strana: first.next });
    expect(first.tickets.map((t) => t.number)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(second.tickets[0]!.number).toBe(51);
    const back = await listQueue(deps, me, { tab: 'overdue', strana: second.prev });
    expect(back.tickets).toEqual(first.tickets);
    expect(first.counts.overdue).toBe(120);
    await expect(listQueue(deps, me, { tab: 'due-soon', strana: first.next })).rejects.toMatchObject({ code: 'bad_cursor' });
    await expect(listQueue(deps, me, { tab: 'new', strana: first.next })).rejects.toMatchObject({ code: 'bad_cursor' });
  });
});
