import { DynamoAlerts } from '../adapters/dynamo/alerts';
import { DynamoStaffDirectory } from '../adapters/dynamo/staff-directory';
import type { AlertDeps } from '../core/alerts/alerts';
import type { DigestDeps } from '../core/alerts/digest';
import { noteAddress } from '../core/mail-out/reply-token';
import { lazyPart } from './app';

/** The alerts Lambda's part of the graph: the staff list, the alert store and the admin UI's address for links. */
export const getAlertDeps = lazyPart(
  (app): AlertDeps => ({
    ...app.base,
    alerts: new DynamoAlerts(app.clients.doc, app.cfg.TABLE_NAME),
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
export const getDigestDeps = lazyPart(async (app): Promise<DigestDeps> => {
  const { staffDirectory, mail, clock, logger } = await getAlertDeps();
  return { digests: new DynamoAlerts(app.clients.doc, app.cfg.TABLE_NAME), staffDirectory, mail, clock, logger };
});
