import { randomBytes } from 'node:crypto';
import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { createClients } from './adapters/aws-clients';
import { DynamoStore } from './adapters/dynamo-store';
import { DynamoAdminStore } from './adapters/dynamo-admin-store';
import { SesMailer } from './adapters/ses-mailer';
import { S3BlobStore } from './adapters/s3-blob-store';
import { base32 } from './core/base32';
import type { AccountDeps } from './core/accounts';
import type { OutboxDeps } from './core/outbox';
import type { TicketDeps } from './core/tickets';
import type { StaffAccountDeps } from './core/staff-accounts';
import type { StaffTicketDeps } from './core/staff-tickets';
import type { StaffClientDeps } from './core/staff-clients';
import type { StaffMailDeps } from './core/staff-mail';
import type { Clock, Ids } from './core/ports';
import { config, type Config } from './shared/config';
import { logger } from './shared/logger';

/**
 * The one place that builds the object graph for a runtime (Lambda and local mode alike; only the
 * configuration differs). Built once per process, on first use.
 */
export const systemClock: Clock = { now: () => new Date() };
export const randomIds: Ids = {
  id: () => base32(randomBytes(10)),
  secret: (bytes) => randomBytes(bytes).toString('base64url'),
};

async function replyTokenSecret(cfg: Config): Promise<string> {
  if (cfg.REPLY_TOKEN_SECRET) return cfg.REPLY_TOKEN_SECRET;
  const value = await getParameter(cfg.REPLY_TOKEN_SECRET_PARAMETER!, { decrypt: true, maxAge: 3600 });
  if (!value || value.length < 16) throw new Error('reply token secret parameter is missing or too short');
  return value;
}

export async function buildApp(cfg: Config = config()) {
  const clients = createClients(cfg);
  const store = new DynamoStore(clients.doc, cfg.TABLE_NAME);
  const base = { clock: systemClock, ids: randomIds, logger };
  const mail = {
    domain: cfg.MAIL_DOMAIN,
    fromAddress: cfg.MAIL_FROM_ADDRESS,
    fromName: cfg.MAIL_FROM_NAME,
    replyTokenSecret: await replyTokenSecret(cfg),
    portalUrl: cfg.PORTAL_URL,
  };
  const accounts: AccountDeps = { ...base, clients: store, staff: store, sessions: store, throttle: store };
  const tickets: TicketDeps = { ...base, tickets: store, mail };
  const outbox: OutboxDeps = { ...base, outbox: store, sender: new SesMailer(clients.ses, cfg.SES_CONFIGURATION_SET) };
  const blobs = new S3BlobStore(clients.s3, cfg.MAIL_BUCKET);
  const adminStore = new DynamoAdminStore(clients.doc, cfg.TABLE_NAME);
  const admin = {
    staffAccounts: { ...base, staff: adminStore, sessions: adminStore, throttle: adminStore } satisfies StaffAccountDeps,
    tickets: { ...base, tickets: adminStore, queue: adminStore, staff: adminStore, blobs, mail } satisfies StaffTicketDeps,
    clients: { accounts, directory: adminStore, accessRequests: adminStore, tickets: adminStore, logger } satisfies StaffClientDeps,
    mail: { ...base, unmatched: adminStore, failed: adminStore, tickets: adminStore, clients: adminStore, blobs } satisfies StaffMailDeps,
    inbox: adminStore,
  };
  return { cfg, clients, store, blobs, accounts, tickets, outbox, accessRequests: { ...base, accessRequests: store }, mail, admin };
}

export type App = Awaited<ReturnType<typeof buildApp>>;

let app: Promise<App> | undefined;
export function getApp(): Promise<App> {
  app ??= buildApp().catch((err) => {
    app = undefined;
    throw err;
  });
  return app;
}
