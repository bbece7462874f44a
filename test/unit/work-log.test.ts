import { beforeEach, describe, expect, it } from 'vitest';
import { parseMinutes, workFormSchema } from '../../functions/core/billing/forms';
import { deleteWork, editWork, listWork, logWork, type WorkLogDeps } from '../../functions/core/billing/work-log';
import type { Ticket } from '../../functions/core/model';
import { clientTicketView } from '../../functions/core/tickets/client-view';
import { colleague, worker } from '../support/core-fixtures';
import { ManualClock } from '../support/memory-ports';
import { MemoryStore, SequentialIds } from '../support/memory-store';

/** A ticket's work log (issue #16): own entries only, every change kept in the history, never shown to the client. */
let store: MemoryStore;
let deps: WorkLogDeps;
const N = 7;

beforeEach(() => {
  store = new MemoryStore();
  deps = { tickets: store, work: store, clock: new ManualClock(new Date('2026-12-02T10:00:00Z')), ids: new SequentialIds() };
  const t = { number: N, ico: '27082440', status: 'in-progress', subject: 'Tiskárna', createdAt: '2026-12-01T08:00:00Z' } as Ticket;
  store.tickets.set(N, { ticket: t, events: [], attachments: [], outbox: [] });
});

const input = (over: Partial<{ date: string; minutes: number; description: string; billable: boolean }> = {}) => ({
  date: '2026-12-02',
  minutes: 90,
  description: 'Výměna toneru',
  billable: true,
  ...over,
});

describe('the work form', () => {
  it('reads minutes as 90, 1:30 or 1 h 30 min, and refuses nothing, zero and more than a day', () => {
    expect(['90', '1:30', '1 h 30 min', '1h30min', ' 90 '].map(parseMinutes)).toEqual([90, 90, 90, 90, 90]);
    expect(['2 h', '45 min', '24:00'].map(parseMinutes)).toEqual([120, 45, 1440]);
    for (const bad of ['', '0', '0:00', '24:01', '1441', 'hodina', '1:75', '-5', '1.5']) expect(parseMinutes(bad), bad).toBeUndefined();
  });

  it('takes a day up to today and a one-line description, with Czech messages', () => {
    const schema = workFormSchema('2026-12-02');
    expect(schema.parse({ date: '2026-12-02', minutes: '1:15', description: '  Instalace\n ovladače ', billable: 'on' })).toEqual({
      date: '2026-12-02',
      minutes: 75,
      description: 'Instalace ovladače',
      billable: true,
    });
    const r = schema.safeParse({ date: '2026-12-03', minutes: '0', description: ' ' });
    expect(r.success).toBe(false);
    const messages = r.error!.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    expect(messages).toEqual([
      expect.stringContaining('date: Zadejte den práce'),
      expect.stringContaining('minutes: Zadejte odpracovaný čas'),
      expect.stringContaining('description: Popište práci'),
    ]);
  });
});

describe('the work log', () => {
  it('logs entries, totals them (billable apart) and records each in the history', async () => {
    await logWork(deps, worker, N, input());
    await logWork(deps, colleague, N, input({ minutes: 30, billable: false, description: 'Konzultace' }));
    const { entries, totals } = await listWork(deps, N);
    expect(entries.map((e) => [e.by, e.minutes, e.billable])).toEqual([
      [worker.email, 90, true],
      [colleague.email, 30, false],
    ]);
    expect(totals).toEqual({ minutes: 120, billableMinutes: 90 });
    const events = store.tickets.get(N)!.events;
    expect(events.map((e) => [e.type, e.data?.action, e.data?.minutes])).toEqual([
      ['work', 'logged', 90],
      ['work', 'logged', 30],
    ]);
  });

  it('lets a person edit and delete only their own entries, each change kept with what it was before', async () => {
    const mine = await logWork(deps, worker, N, input());
    await expect(editWork(deps, colleague, N, mine.id, input({ minutes: 1 }))).rejects.toMatchObject({ code: 'forbidden' });
    await expect(deleteWork(deps, colleague, N, mine.id)).rejects.toMatchObject({ code: 'forbidden' });
    await editWork(deps, worker, N, mine.id, input({ minutes: 60, billable: false }));
    expect((await listWork(deps, N)).entries[0]).toMatchObject({ minutes: 60, billable: false, version: 2 });
    await deleteWork(deps, worker, N, mine.id);
    expect((await listWork(deps, N)).entries).toEqual([]);
    const events = store.tickets.get(N)!.events.map((e) => e.data);
    expect(events).toEqual([
      expect.objectContaining({ action: 'logged', minutes: 90, billable: true }),
      expect.objectContaining({
        action: 'edited',
        minutes: 60,
        billable: false,
        before: expect.objectContaining({ minutes: 90, billable: true }),
      }),
      expect.objectContaining({ action: 'deleted', minutes: 60 }),
    ]);
    await expect(editWork(deps, worker, N, mine.id, input())).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses the second of two edits made from the same reading (conflict), and a ticket that does not exist', async () => {
    const mine = await logWork(deps, worker, N, input());
    const read = store.getWork.bind(store);
    // Both edits read version 1; the first writes version 2, the second must not overwrite it.
    store.getWork = async (t, id) => ({ ...(await read(t, id))!, version: 1 });
    await editWork(deps, worker, N, mine.id, input({ minutes: 10 }));
    await expect(editWork(deps, worker, N, mine.id, input({ minutes: 20 }))).rejects.toMatchObject({ code: 'conflict' });
    expect((await read(N, mine.id))!.minutes).toBe(10);
    await expect(logWork(deps, worker, 999, input())).rejects.toMatchObject({ code: 'not_found' });
  });

  it('never shows the client an entry or its history', async () => {
    await logWork(deps, worker, N, input({ description: 'Tajná interní práce' }));
    const record = store.tickets.get(N)!;
    const view = clientTicketView({ ticket: record.ticket, events: record.events, attachments: [], outbox: [] } as never);
    expect(JSON.stringify(view)).not.toContain('Tajná interní práce');
    expect(JSON.stringify(view)).not.toContain('"work"');
  });
});
