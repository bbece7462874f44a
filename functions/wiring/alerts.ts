import { DynamoAlerts } from '../adapters/dynamo/alerts';
import { DynamoStaffDirectory } from '../adapters/dynamo/staff-directory';
import { DynamoDue } from '../adapters/dynamo/due';
import { raiseAlerts, type AlertDeps } from '../core/alerts/alerts';
import type { ReminderDeps } from '../core/deadlines/reminders';
import type { DigestDeps } from '../core/alerts/digest';
import { noteAddress } from '../core/mail-out/reply-token';
import { lazyPart } from './app';

/** Alerts, digest entries and their marks: one store for the stream's alerts and the sweep's digests. */
const getAlertStore = lazyPart((app) => new DynamoAlerts(app.clients.doc, app.cfg.TABLE_NAME));

/** The alerts Lambda's part of the graph: the staff list, the alert store and the admin UI's address for links. */
export const getAlertDeps = lazyPart(
  async (app): Promise<AlertDeps> => ({
    ...app.base,
    alerts: await getAlertStore(),
    staffDirectory: new DynamoStaffDirectory(app.clients.doc, app.cfg.TABLE_NAME),
    tickets: app.stores.tickets,
    clients: app.stores.accounts,
    mail: {
      ...app.mail,
      adminUrl: new URL('admin', app.mail.portalUrl).toString(),
      noteAddress: (n) => noteAddress(app.mail.replyTokenSecret, n, app.mail.domain),
    },
  }),
);

/** The scheduled sweep's part: the digests, from the same store and with the same mail settings. */
export const getDigestDeps = lazyPart(async (): Promise<DigestDeps> => {
  const { staffDirectory, mail, clock, logger } = await getAlertDeps();
  return { digests: await getAlertStore(), staffDirectory, mail, clock, logger };
});

/** The due index (kept from the stream by the indexer), read by the sweep's reminders. */
export const getDueStore = lazyPart((app) => new DynamoDue(app.clients.doc, app.cfg.TABLE_NAME));

/** The sweep's reminders: due reminders from the index, alerted through the alerts' own path. */
export const getReminderDeps = lazyPart(async (app): Promise<ReminderDeps> => {
  const alertDeps = await getAlertDeps();
  return {
    ...app.base,
    due: await getDueStore(),
    tickets: app.stores.tickets,
    alert: (trigger, ticket) => raiseAlerts(alertDeps, trigger, ticket),
  };
});
