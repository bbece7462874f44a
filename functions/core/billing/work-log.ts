import type { HistoryEvent, WorkEntry } from '../model';
import type { Clock, Ids, TicketStore, WorkLogStore } from '../ports';
import type { StaffRef } from '../accounts/staff-accounts';
import { Refusal } from '../refusal';
import type { WorkInput } from './forms';

/**
 * A ticket's work log (docs/billing.md): what staff did, when, how long and whether it is billable.
 * Staff only: the client never sees an entry or its history. A person edits or deletes only their
 * own entries; each entry, each edit and each deletion is one transaction with a `work` history
 * event that keeps what was logged and what it was before, so the history shows every change.
 */
export interface WorkLogDeps {
  tickets: TicketStore;
  work: WorkLogStore;
  clock: Clock;
  ids: Ids;
}

export interface WorkTotals {
  minutes: number;
  billableMinutes: number;
}

/** What an event of the work log keeps of an entry. */
const facts = (e: Pick<WorkEntry, 'date' | 'minutes' | 'description' | 'billable'>) => ({
  date: e.date,
  minutes: e.minutes,
  description: e.description,
  billable: e.billable,
});

function workEvent(deps: WorkLogDeps, me: StaffRef, ticket: number, at: string, data: Record<string, unknown>): HistoryEvent {
  return { id: deps.ids.id(), ticket, type: 'work', at, actor: { kind: 'staff', email: me.email, name: me.name }, data };
}

async function assertTicket(deps: WorkLogDeps, n: number) {
  if (!(await deps.tickets.getTicket(n))) throw new Refusal('not_found');
}

/** An entry of the caller's own on this ticket, or a refusal: not_found (none such), forbidden (someone else's). */
async function ownEntry(deps: WorkLogDeps, me: StaffRef, n: number, id: string): Promise<WorkEntry> {
  const entry = await deps.work.getWork(n, id);
  if (!entry) throw new Refusal('not_found');
  if (entry.by !== me.email) throw new Refusal('forbidden');
  return entry;
}

export async function listWork(deps: Pick<WorkLogDeps, 'work'>, n: number): Promise<{ entries: WorkEntry[]; totals: WorkTotals }> {
  const entries = (await deps.work.listWork(n)).sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt));
  return { entries, totals: workTotals(entries) };
}

export const workTotals = (entries: WorkEntry[]): WorkTotals => ({
  minutes: entries.reduce((sum, e) => sum + e.minutes, 0),
  billableMinutes: entries.reduce((sum, e) => sum + (e.billable ? e.minutes : 0), 0),
});

export async function logWork(deps: WorkLogDeps, me: StaffRef, n: number, input: WorkInput): Promise<WorkEntry> {
  await assertTicket(deps, n);
  const at = deps.clock.now().toISOString();
  const entry: WorkEntry = {
    id: deps.ids.id(),
    ticket: n,
    ...facts(input),
    by: me.email,
    byName: me.name,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await deps.work.putWork(entry, workEvent(deps, me, n, at, { action: 'logged', entry: entry.id, ...facts(entry) }));
  return entry;
}

/** Refuses `conflict` when the entry changed since it was read (another edit in another tab). */
export async function editWork(deps: WorkLogDeps, me: StaffRef, n: number, id: string, input: WorkInput): Promise<void> {
  const before = await ownEntry(deps, me, n, id);
  const at = deps.clock.now().toISOString();
  const after: WorkEntry = { ...before, ...facts(input), updatedAt: at, version: before.version + 1 };
  const event = workEvent(deps, me, n, at, { action: 'edited', entry: id, ...facts(after), before: facts(before) });
  if (!(await deps.work.replaceWork(after, before.version, event))) throw new Refusal('conflict');
}

export async function deleteWork(deps: WorkLogDeps, me: StaffRef, n: number, id: string): Promise<void> {
  const before = await ownEntry(deps, me, n, id);
  const at = deps.clock.now().toISOString();
  const event = workEvent(deps, me, n, at, { action: 'deleted', entry: id, ...facts(before) });
  if (!(await deps.work.deleteWork(before, event))) throw new Refusal('conflict');
}
