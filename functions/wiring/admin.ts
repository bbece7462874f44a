import { DynamoClientDirectory } from '../adapters/dynamo/client-directory';
import { DynamoDue } from '../adapters/dynamo/due';
import { DynamoStaffDirectory } from '../adapters/dynamo/staff-directory';
import { DynamoTicketChanges } from '../adapters/dynamo/ticket-changes';
import { DynamoTemplates } from '../adapters/dynamo/templates';
import { DynamoUnmatched } from '../adapters/dynamo/unmatched';
import { DynamoWorkLog } from '../adapters/dynamo/work-log';
import { DynamoBilling } from '../adapters/dynamo/billing';
import type { BillingDeps } from '../core/billing/rates';
import type { StatementDeps } from '../core/billing/statement';
import type { WorkLogDeps } from '../core/billing/work-log';
import type { StaffAccountDeps } from '../core/accounts/staff-accounts';
import type { StaffClientDeps } from '../core/accounts/client-admin';
import type { StaffMailDeps } from '../core/mail-in/unmatched-mail';
import type { StaffTicketDeps } from '../core/tickets/staff-tickets';
import type { TemplateDeps } from '../core/templates/templates';
import { getBlobs } from './mail-bucket';
import { DynamoSearch } from '../adapters/dynamo/search';
import { searchTableName } from '../shared/config';
import { lazyPart, type App } from './app';

/** The admin Lambda's part of the graph. */
async function buildAdmin(app: App) {
  const { blobs } = await getBlobs();
  const { base, accounts, mail, cfg, clients, stores } = app;
  const staff = new DynamoStaffDirectory(clients.doc, cfg.TABLE_NAME);
  const queue = new DynamoTicketChanges(clients.doc, cfg.TABLE_NAME);
  const directory = new DynamoClientDirectory(clients.doc, cfg.TABLE_NAME);
  const unmatched = new DynamoUnmatched(clients.doc, cfg.TABLE_NAME);
  const { accounts: a, tickets } = stores;
  const workLog = new DynamoWorkLog(clients.doc, cfg.TABLE_NAME);
  return {
    ...app,
    blobs,
    admin: {
      staffAccounts: { ...base, staff, sessions: staff, throttle: staff } satisfies StaffAccountDeps,
      tickets: {
        ...base,
        tickets,
        queue,
        due: new DynamoDue(clients.doc, cfg.TABLE_NAME),
        cursors: app.cursors,
        search: new DynamoSearch(clients.doc, cfg.TABLE_NAME, searchTableName(cfg)),
        staff: a,
        blobs,
        mail,
      } satisfies StaffTicketDeps,
      clients: {
        accounts,
        directory,
        accessRequests: directory,
        tickets,
        logger: base.logger,
        cursors: app.cursors,
      } satisfies StaffClientDeps,
      mail: { ...base, unmatched, failed: unmatched, tickets, clients: a, blobs, cursors: app.cursors } satisfies StaffMailDeps,
      work: { ...base, tickets, work: workLog } satisfies WorkLogDeps,
      billing: { ...base, billing: new DynamoBilling(clients.doc, cfg.TABLE_NAME), clients: a, work: workLog } satisfies BillingDeps &
        StatementDeps,
      inbox: queue,
      templates: { ...base, templates: new DynamoTemplates(clients.doc, cfg.TABLE_NAME) } satisfies TemplateDeps,
    },
  };
}

export type AdminApp = Awaited<ReturnType<typeof buildAdmin>>;

export const getAdminApp = lazyPart(buildAdmin);
