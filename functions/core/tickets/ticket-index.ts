import { dueOf, firstReminder, sameDue } from '../deadlines/due';
import { isOpenStatus, statuses, type Category, type Ticket } from '../model';
import type { Clock, StatusCounts, TicketIndexChange, TicketIndexStore } from '../ports';
import { billedMonth } from '../billing/month';

export type { StatusCounts, TicketIndexChange };

/**
 * What the table keeps beside each ticket so that the queue reads only what it shows
 * (docs/data-model.md "Kept from the stream"): the due index and its reminder (core/deadlines), the
 * queue's counts per status, the assignee index of open work (*Moje*), and the month index of
 * billing (core/billing/month.ts).
 *
 * `trackTicket` runs on the table stream for every change of a ticket. It compares what the ticket
 * is with what the indexes recorded of it (`due`, `counted`, `listedFor` on the ticket itself) and
 * writes the difference in one transaction, conditional on the ticket being unchanged since the
 * stream saw it and on the counts still holding it where the ticket says: a record delivered twice,
 * late, or out of order changes nothing, so each status change is counted exactly once.
 */
export interface TicketIndexDeps {
  index: Pick<TicketIndexStore, 'recordIndex'>;
  clock: Clock;
  /** Also files each ticket in the full-text index again (`ops reindex`); returns the postings written. */
  reindexSearch?: (ticket: number) => Promise<number>;
}

/** Open tickets are listed express service interventions first (rank 0), then the rest, each oldest first. */
export const queueRank = (c: Category): 0 | 1 => (c === 'service-express' ? 0 : 1);

/** Whose open work (*Moje*) the ticket belongs to: its assignee while it is open. */
export const openWorkOf = (t: Pick<Ticket, 'status' | 'assignee'>) => (isOpenStatus(t.status) && t.assignee ? t.assignee : undefined);

/** What the indexes must change to match the ticket, or undefined when they match. */
export function indexChange(ticket: Ticket, now: Date): TicketIndexChange | undefined {
  const change: TicketIndexChange = {};
  const due = dueOf(ticket);
  if (!sameDue(due, ticket.due)) change.due = { due, reminder: due && firstReminder(due, now) };
  if (ticket.counted !== ticket.status) change.count = { from: ticket.counted, to: ticket.status };
  const listed = openWorkOf(ticket);
  if (listed !== ticket.listedFor) change.listedFor = listed ?? null;
  const billed = billedMonth(ticket);
  if (billed !== ticket.billMonth) change.billMonth = billed ?? null;
  return Object.keys(change).length > 0 ? change : undefined;
}

export async function trackTicket(deps: TicketIndexDeps, ticket: Ticket): Promise<'unchanged' | 'recorded' | 'stale'> {
  const change = indexChange(ticket, deps.clock.now());
  return change ? deps.index.recordIndex(ticket, change) : 'unchanged';
}

export interface ReindexRun {
  tickets: number;
  recorded: number;
  /** Postings written to the full-text index (when it was rebuilt too). */
  postings?: number;
}

/**
 * Brings every ticket's indexes up to date (a table filled before an index existed, or after a
 * restore): idempotent, so an interrupted run is simply run again. `progress` hears every 1,000.
 */
export async function reindexTickets(
  deps: TicketIndexDeps,
  tickets: AsyncIterable<Ticket>,
  progress: (run: ReindexRun) => void = () => {},
): Promise<ReindexRun> {
  const run: ReindexRun = { tickets: 0, recorded: 0 };
  for await (const ticket of tickets) {
    run.tickets++;
    if ((await trackTicket(deps, ticket)) === 'recorded') run.recorded++;
    if (deps.reindexSearch) run.postings = (run.postings ?? 0) + (await deps.reindexSearch(ticket.number));
    if (run.tickets % 1000 === 0) progress(run);
  }
  return run;
}

export const zeroCounts = (): StatusCounts => Object.fromEntries(statuses.map((s) => [s, 0])) as StatusCounts;

export interface RecountDeps extends TicketIndexDeps {
  index: Pick<TicketIndexStore, 'recordIndex' | 'readCounts' | 'adjustCounts'>;
}

export interface RecountRun extends ReindexRun {
  /** The tickets per status, as the scan found them. */
  counts: StatusCounts;
  /** What the stored counts were off by before the repair (stored − found), only the statuses that were off. */
  drift: Partial<StatusCounts>;
}

/**
 * `ops recount`: counts every ticket not counted yet (a table from before the counts), then tallies
 * the statuses the scan found and repairs what the stored counts are off by. Run it when staff are
 * not changing tickets: a change during the scan can make the tally itself one off (a second run
 * then finds and repairs that).
 */
export async function recount(
  deps: RecountDeps,
  tickets: AsyncIterable<Ticket>,
  progress?: (run: ReindexRun) => void,
): Promise<RecountRun> {
  const found = zeroCounts();
  async function* tallied() {
    for await (const t of tickets) {
      found[t.status]++;
      yield t;
    }
  }
  const run = await reindexTickets(deps, tallied(), progress);
  const stored = await deps.index.readCounts();
  const drift: Partial<StatusCounts> = {};
  for (const s of statuses) if (stored[s] !== found[s]) drift[s] = stored[s] - found[s];
  await deps.index.adjustCounts(Object.fromEntries(Object.entries(drift).map(([s, d]) => [s, -d])) as Partial<StatusCounts>);
  return { ...run, counts: found, drift };
}
