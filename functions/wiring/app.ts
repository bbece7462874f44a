import { createHmac, randomBytes } from 'node:crypto';
import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { createDynamoClients } from '../adapters/aws-clients';
import { DynamoAccounts } from '../adapters/dynamo/accounts';
import { DynamoInbound } from '../adapters/dynamo/inbound';
import { DynamoOutbox } from '../adapters/dynamo/outbox';
import { DynamoTickets } from '../adapters/dynamo/tickets';
import { base32 } from '../core/accounts/base32';
import type { AccountDeps } from '../core/accounts/client-accounts';
import type { TicketDeps } from '../core/tickets/client-tickets';
import type { Clock, Ids } from '../core/ports';
import type { Cursors } from '../core/paging';
import { config, type Config } from '../shared/config';
import { logger } from '../shared/logger';

/**
 * The object graph every Lambda shares (Lambda and local mode alike; only the configuration
 * differs), built once per process on first use. The parts only some Lambdas need live beside it
 * (wiring-blobs, wiring-mailer, wiring-inbound, wiring-admin), so each bundle holds only the SDK
 * clients and libraries its Lambda uses.
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
  const clients = createDynamoClients(cfg);
  // one store per port group, all on the one table (functions/adapters/dynamo/)
  const stores = {
    accounts: new DynamoAccounts(clients.doc, cfg.TABLE_NAME),
    tickets: new DynamoTickets(clients.doc, cfg.TABLE_NAME),
    outbox: new DynamoOutbox(clients.doc, cfg.TABLE_NAME),
    inbound: new DynamoInbound(clients.doc, cfg.TABLE_NAME),
  };
  const base = { clock: systemClock, ids: randomIds, logger };
  const mail = {
    domain: cfg.MAIL_DOMAIN,
    fromAddress: cfg.MAIL_FROM_ADDRESS,
    fromName: cfg.MAIL_FROM_NAME,
    replyTokenSecret: await replyTokenSecret(cfg),
    portalUrl: cfg.PORTAL_URL,
  };
  // The key that signs list cursors (core/paging.ts), derived from the deployment's one secret.
  const cursors: Cursors = { key: createHmac('sha256', mail.replyTokenSecret).update('list-cursors/v1').digest('base64url') };
  const { accounts: a } = stores;
  const accounts: AccountDeps = { ...base, clients: a, staff: a, sessions: a, throttle: a };
  const tickets: TicketDeps = { ...base, tickets: stores.tickets, mail };
  return {
    cfg,
    clients,
    stores,
    base,
    accounts,
    tickets,
    accessRequests: { ...base, accessRequests: stores.tickets },
    mail,
    cursors,
  };
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

/** Builds a part of the graph once, on first use, from the shared app. */
export function lazyPart<T>(build: (app: App) => T | Promise<T>): () => Promise<T> {
  let part: Promise<T> | undefined;
  return () => {
    part ??= getApp()
      .then(build)
      .catch((err) => {
        part = undefined;
        throw err;
      });
    return part;
  };
}
