import type { AlertTrigger } from '../alerts/triggers';
import { triggerFromReminder } from '../alerts/triggers';
import type { Ticket } from '../model';
import type { Clock, DueStore, Logger, ReminderEntry, TicketStore } from '../ports';
import { dueOf, nextReminder, sameDue, type Reminder } from './due';

/**
 * Keeping the due index true and reminding of what it holds (docs/alerts.md "Deadlines").
 *
 * The stream keeps the index (core/tickets/ticket-index.ts `trackTicket`): when what a ticket has
 * due differs from what the index recorded, it records the new due with a fresh first reminder (or
 * removes both). `sendReminders` runs on the 5-minute schedule: it reads the reminders that have
 * fallen due (only those, from the index), checks each against its ticket as it is now, raises
 * the reminder alert and moves the entry on (`soon` → `overdue` → gone). Each reminder is alerted
 * once per ticket, due and threshold: the alert store's marks make a retried or repeated sweep
 * alert nobody twice.
 */
export interface ReminderDeps {
  due: Pick<DueStore, 'dueReminders' | 'advanceReminder'>;
  tickets: Pick<TicketStore, 'getTicket'>;
  /** Raises the alert (core/alerts/alerts.ts `raiseAlerts`), given the ticket it has just read. */
  alert(trigger: AlertTrigger, ticket: Ticket): Promise<unknown>;
  clock: Clock;
  logger: Logger;
}

/** Reminders one run handles at most; the rest wait 5 minutes for the next. */
export const REMINDERS_PER_RUN = 500;

export interface ReminderRun {
  /** Reminder entries read from the index. */
  read: number;
  reminded: number;
  /** Entries whose ticket no longer has that due (answered, resolved, moved): removed, nobody told. */
  dropped: number;
  /** `soon` reminders found only after their due time: skipped for the overdue one. */
  skipped: number;
}

export async function sendReminders(deps: ReminderDeps): Promise<ReminderRun> {
  const now = deps.clock.now();
  const entries = await deps.due.dueReminders(now, REMINDERS_PER_RUN);
  const run: ReminderRun = { read: entries.length, reminded: 0, dropped: 0, skipped: 0 };
  for (const entry of entries) {
    const ticket = await deps.tickets.getTicket(entry.ticket);
    if (!ticket || !sameDue(dueOf(ticket), entry)) {
      await deps.due.advanceReminder(entry, undefined);
      run.dropped++;
      continue;
    }
    let current: ReminderEntry | undefined = entry;
    while (current && new Date(current.remindAt).getTime() <= now.getTime()) {
      if (current.threshold === 'soon' && new Date(current.at).getTime() <= now.getTime()) run.skipped++;
      else {
        await deps.alert(triggerFromReminder(ticket.number, current, now), ticket);
        run.reminded++;
      }
      const next: Reminder | undefined = nextReminder(current);
      if (!(await deps.due.advanceReminder(current, next))) break; // the stream recorded a new due meanwhile
      current = next && { ...next, ticket: ticket.number };
    }
  }
  if (run.read > 0) deps.logger.info('deadline reminders', { ...run });
  return run;
}
