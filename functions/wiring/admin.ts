import { DynamoAdminStore } from '../adapters/dynamo/ticket-changes';
import type { StaffAccountDeps } from '../core/accounts/staff-accounts';
import type { StaffClientDeps } from '../core/accounts/client-admin';
import type { StaffMailDeps } from '../core/mail-in/unmatched-mail';
import type { StaffTicketDeps } from '../core/tickets/staff-tickets';
import { getBlobs } from './mail-bucket';
import { lazyPart, type App } from './app';

/** The admin Lambda's part of the graph. */
async function buildAdmin(app: App) {
  const { blobs } = await getBlobs();
  const { base, accounts, mail, cfg, clients } = app;
  const store = new DynamoAdminStore(clients.doc, cfg.TABLE_NAME);
  return {
    ...app,
    blobs,
    admin: {
      staffAccounts: { ...base, staff: store, sessions: store, throttle: store } satisfies StaffAccountDeps,
      tickets: { ...base, tickets: store, queue: store, staff: store, blobs, mail } satisfies StaffTicketDeps,
      clients: { accounts, directory: store, accessRequests: store, tickets: store, logger: base.logger } satisfies StaffClientDeps,
      mail: { ...base, unmatched: store, failed: store, tickets: store, clients: store, blobs } satisfies StaffMailDeps,
      inbox: store,
    },
  };
}

export type AdminApp = Awaited<ReturnType<typeof buildAdmin>>;

export const getAdminApp = lazyPart(buildAdmin);
