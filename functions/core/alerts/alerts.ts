import type { Ticket } from '../model';
import type { AlertStore, Clock, ClientStore, Logger, StaffDirectoryStore, TicketStore } from '../ports';
import { alertEntry, renderAlert, type AlertMailSettings } from './alert-mail';
import { alertRecipients } from './recipients';
import type { AlertTrigger } from './triggers';

/**
 * Alerts to staff (docs/alerts.md): for each trigger the recipients by the rules and their
 * preferences, then for each one either an alert mail through the outbox (coalesced: at most one
 * per ticket and person per 5 minutes, what comes meanwhile joins the next) or an entry of their
 * daily digest. Filing is idempotent per trigger and person, so a stream record delivered twice or
 * a retried handler alerts once.
 */
export interface AlertDeps {
  alerts: AlertStore;
  staffDirectory: Pick<StaffDirectoryStore, 'listStaff'>;
  tickets: Pick<TicketStore, 'getTicket'>;
  clients: Pick<ClientStore, 'getClient'>;
  mail: AlertMailSettings;
  clock: Clock;
  logger: Logger;
}

export const ALERT_SPACING_MS = 5 * 60 * 1000;

export interface AlertResult {
  recipients: string[];
  new: number;
  joined: number;
  digest: number;
  duplicate: number;
}

/** `known`: the trigger's ticket when the caller has just read it (the reminder sweep), so it is not read again. */
export async function raiseAlerts(deps: AlertDeps, trigger: AlertTrigger, known?: Ticket): Promise<AlertResult> {
  const result: AlertResult = { recipients: [], new: 0, joined: 0, digest: 0, duplicate: 0 };
  const ticket = trigger.ticket > 0 ? (known?.number === trigger.ticket ? known : await deps.tickets.getTicket(trigger.ticket)) : undefined;
  if (trigger.ticket > 0 && !ticket) {
    deps.logger.warn('alert for a ticket that does not exist', { ticket: trigger.ticket, key: trigger.key });
    return result;
  }
  const [client, staff, threadRoot] = await Promise.all([
    ticket ? deps.clients.getClient(ticket.ico) : undefined,
    deps.staffDirectory.listStaff(),
    ticket ? deps.alerts.threadRoot(ticket.number) : undefined,
  ]);
  const recipients = alertRecipients(trigger, staff, ticket, client);
  const entry = alertEntry(trigger, ticket);
  for (const r of recipients) {
    result.recipients.push(r.email);
    if (r.delivery === 'digest') {
      if (await deps.alerts.addDigestEntry(r.email, trigger.ticket, entry, ticket?.subject)) result.digest++;
      else result.duplicate++;
      continue;
    }
    const outcome = await deps.alerts.fileAlert({
      ticket: trigger.ticket,
      recipient: { email: r.email, name: r.name },
      entry,
      now: deps.clock.now(),
      spacingMs: ALERT_SPACING_MS,
      render: (id, entries) => renderAlert(deps.mail, id, r, entries, { ...(ticket && { ticket }), ...(threadRoot && { threadRoot }) }),
    });
    result[outcome === 'new' ? 'new' : outcome === 'joined' ? 'joined' : 'duplicate']++;
  }
  if (recipients.length > 0) deps.logger.info('alerts raised', { kind: trigger.kind, ticket: trigger.ticket, ...result });
  return result;
}
