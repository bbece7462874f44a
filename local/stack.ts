import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startDynamo, startS3, startSes, type Service } from './services';
import { startGateway } from './gateway';
import { startStreamPoller, type StreamPoller } from './stream-poller';
import { seedDemoData, DEMO } from './seed';
import { startSmtpReceiver } from './smtp-receiver';

/**
 * Everything `npm start` runs, as one function so tests and benches start the very same system:
 * stand-ins for DynamoDB, S3 and SES, the gateway with the real handlers, the stream poller that
 * drives the mailer and a sweep timer for mail retries.
 */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface LocalStackOptions {
  port?: number; // gateway (0 = free port)
  dynamoPort?: number;
  s3Port?: number;
  sesPort?: number;
  smtpPort?: number; // SES-receiving stand-in (0 = free port)
  dataDir?: string | null; // null = DynamoDB in memory, S3 in a temp dir
  seed?: boolean;
  quiet?: boolean;
  tableName?: string;
  sweepIntervalMs?: number;
  /** Use already running stand-ins (tests start them once for all files). */
  services?: { dynamo: string; s3: string; ses: string };
  extraEnv?: Record<string, string>;
  /** Build the portal into web/dist before serving it (default true). */
  buildWeb?: boolean;
  /** Drive the mailer from the table stream (default true; benches of intake alone turn it off). */
  mailer?: boolean;
  /** Raise alerts to staff from the table stream (default: as the mailer). */
  alerts?: boolean;
  /** Keep the ticket indexes (due, counts, *Moje*) from the table stream (default: as the alerts). */
  indexer?: boolean;
}

export interface LocalStack {
  portalUrl: string;
  adminUrl: string;
  apiUrl: string;
  mailViewerUrl: string;
  smtpPort: number;
  tableName: string;
  env: Record<string, string>;
  poller: StreamPoller;
  /** Runs one retry sweep of the outbox now. */
  sweep(): Promise<unknown>;
  /** Failed attempts of the inbound handler so far (each retried as AWS would), for tests to report. */
  inboundFailures: Array<{ attempt: number; of: number; error: string }>;
  /** Every inbound mail the handler did not file on a ticket (unmatched, duplicate, in progress), with its recipients. */
  inboundNotFiled: Array<{ sesMessageId: string; recipients: string[]; outcome: unknown }>;
  stop(): Promise<void>;
}

export function localEnv(o: { port: number; tableName: string; dynamo: string; s3: string; ses: string }): Record<string, string> {
  return {
    STAGE: 'local',
    TABLE_NAME: o.tableName,
    SEARCH_TABLE_NAME: `${o.tableName}-search`,
    MAIL_BUCKET: 'softech-mail',
    MAIL_DOMAIN: 'podpora.softech.local',
    MAIL_FROM_ADDRESS: 'podpora@podpora.softech.local',
    MAIL_FROM_NAME: 'Softech Podpora',
    PORTAL_URL: `http://localhost:${o.port}/`,
    ALLOWED_ORIGINS: `http://127.0.0.1:${o.port},http://localhost:${o.port}`,
    REPLY_TOKEN_SECRET: 'local-only-reply-token-secret-0123456789',
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_DYNAMODB: o.dynamo,
    AWS_ENDPOINT_S3: o.s3,
    AWS_ENDPOINT_SES: o.ses,
  };
}

export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const say = (msg: string) => opts.quiet || console.log(msg);
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => console.error('stop failed:', err));
  };
  try {
    const dataDir = opts.dataDir === undefined ? path.join(repoRoot, '.data') : opts.dataDir;
    const port = await freePort(opts.port ?? 3000, 'gateway (PORT)');

    let endpoints = opts.services;
    if (!endpoints) {
      say('Spouštím DynamoDB Local, s3rver a SES local…');
      const started: Service[] = [];
      const dynamo = await startDynamo({ port: opts.dynamoPort ?? 8000, dataDir: dataDir && path.join(dataDir, 'dynamodb') });
      stops.push(dynamo.stop);
      started.push(dynamo);
      const s3Directory = dataDir ? path.join(dataDir, 's3') : mkdtempSync(path.join(os.tmpdir(), 'softech-s3-'));
      if (!dataDir) stops.push(async () => rmSync(s3Directory, { recursive: true, force: true }));
      const s3 = await startS3({
        port: opts.s3Port ?? 4569,
        directory: s3Directory,
        buckets: ['softech-mail'],
      });
      stops.push(s3.stop);
      const ses = await startSes({ port: opts.sesPort ?? 8005 });
      stops.push(ses.stop);
      endpoints = { dynamo: dynamo.endpoint, s3: s3.endpoint, ses: ses.endpoint };
    }

    const tableName = opts.tableName ?? 'softech-podpora';
    const env = { ...localEnv({ port, tableName, ...endpoints }), ...opts.extraEnv };
    Object.assign(process.env, env);
    process.env.POWERTOOLS_LOG_LEVEL ??= opts.quiet ? 'ERROR' : 'WARN';

    // Handlers read their configuration when first loaded, so they are imported only now.
    const { createDynamoClients } = await import('../functions/adapters/aws-clients');
    const { createS3Client } = await import('../functions/adapters/s3-blob-store');
    const { ensureSearchTable, ensureTable, tableStreamArn } = await import('../functions/adapters/table-setup');
    const { config } = await import('../functions/shared/config');
    const clients = { ...createDynamoClients(config()), s3: createS3Client(config()) };
    const table = await ensureTable(clients.dynamo, tableName);
    if (table === 'created') say(`Vytvořena tabulka ${tableName}.`);
    const searchTable = await ensureSearchTable(clients.dynamo, env.SEARCH_TABLE_NAME!);
    const { DynamoTicketIndex } = await import('../functions/adapters/dynamo/ticket-index');
    const ticketIndex = new DynamoTicketIndex(clients.doc, tableName);
    if (table !== 'created' && (table !== 'exists' || !(await ticketIndex.hasCounts()))) {
      // A table kept from before an index or the counts: fill them from the tickets it holds (ops recount).
      const { recount } = await import('../functions/core/tickets/ticket-index');
      const done = await recount({ index: ticketIndex, clock: { now: () => new Date() } }, ticketIndex.everyTicket());
      say(
        `Tabulka ${tableName} doplněna${table === 'exists' ? '' : ` o index ${table.updated.join(', ')}`}: počty a indexy zapsány u ${done.recorded} z ${done.tickets} požadavků.`,
      );
    }
    if (searchTable === 'created' && table !== 'created') {
      // A table kept from before the search table had its own: file its tickets there (ops reindex).
      const { DynamoSearch } = await import('../functions/adapters/dynamo/search');
      const { reindexTicketSearch } = await import('../functions/core/search/search');
      const search = new DynamoSearch(clients.doc, tableName, env.SEARCH_TABLE_NAME!);
      let tickets = 0;
      for await (const ticket of ticketIndex.everyTicket()) {
        await reindexTicketSearch({ search }, ticket.number);
        tickets++;
      }
      say(`Vytvořena tabulka ${env.SEARCH_TABLE_NAME}: fulltext doplněn o ${tickets} požadavků.`);
    }
    const { ensureBucket } = await import('./buckets');
    await ensureBucket(clients.s3, env.MAIL_BUCKET!);
    if (opts.seed ?? true) await seedDemoData(say);

    const api = (await import('../functions/handlers/client-api')).handler;
    const admin = (await import('../functions/handlers/admin')).handler;
    const mailer = await import('../functions/handlers/mailer');
    const webRoot = opts.buildWeb === false ? path.join(repoRoot, 'web', 'dist') : await prepareWeb(say);
    const gateway = await startGateway({ port, webRoot, api: api as never, admin: admin as never });
    stops.push(gateway.stop);

    // Readers of the table stream, as AWS has an event source mapping each: the mailer, the alerts
    // and the indexer (the last two share a poller here, each handler given every record). Draining
    // waits for the alerts first, so the mail they wrote is then drained too.
    const streamArn = await tableStreamArn(clients.dynamo, tableName);
    const idle: StreamPoller = { stop: async () => undefined, drain: async () => undefined };
    const pollerFor = (name: string, handler: Parameters<typeof startStreamPoller>[0]['handler']) =>
      startStreamPoller({
        endpoint: endpoints.dynamo,
        streamArn,
        handler,
        onError: (err) => console.error(`${name}:`, (err as Error).message),
      });
    const mailPoller = opts.mailer === false ? idle : pollerFor('stream poller', mailer.handler);
    const alertsOn = (opts.alerts ?? opts.mailer) !== false;
    const indexerOn = (opts.indexer ?? alertsOn) !== false;
    const readers = [
      ...(alertsOn ? [(await import('../functions/handlers/alerts')).handler] : []),
      ...(indexerOn ? [(await import('../functions/handlers/indexer')).handler] : []),
    ];
    const alertPoller =
      readers.length === 0
        ? idle
        : pollerFor('alerts', async (event) => {
            const failures = [];
            for (const read of readers) failures.push(...((await read(event))?.batchItemFailures ?? []));
            return { batchItemFailures: failures };
          });
    const poller: StreamPoller = {
      stop: async () => void (await Promise.all([alertPoller.stop(), mailPoller.stop()])),
      drain: async () => {
        await alertPoller.drain();
        await mailPoller.drain();
      },
    };
    stops.push(poller.stop);
    // The retry sweep (EventBridge schedule in AWS); a sweep in flight is awaited on stop.
    let sweeping: Promise<unknown> = Promise.resolve();
    const sweepOnce = () => (sweeping = mailer.sweepHandler({}).catch((err) => console.error('sweep:', (err as Error).message)));
    if (opts.mailer !== false) {
      const sweepTimer = setInterval(sweepOnce, opts.sweepIntervalMs ?? 15_000);
      stops.push(async () => {
        clearInterval(sweepTimer);
        await sweeping;
      });
    }
    // The alerts sweep (daily digests; EventBridge every 5 minutes in AWS) on the same timer's rhythm.
    if (alertsOn) {
      const { sweepHandler: alertsSweep } = await import('../functions/handlers/alerts');
      let digesting: Promise<unknown> = Promise.resolve();
      const timer = setInterval(
        () => (digesting = alertsSweep({}).catch((err) => console.error('alerts sweep:', (err as Error).message))),
        opts.sweepIntervalMs ?? 60_000,
      );
      stops.push(async () => {
        clearInterval(timer);
        await digesting;
      });
    }
    stops.push(async () => {
      clients.dynamo.destroy();
      clients.s3.destroy();
    });

    const inbound = await import('../functions/handlers/inbound');
    const inboundFailures: LocalStack['inboundFailures'] = [];
    const inboundNotFiled: LocalStack['inboundNotFiled'] = [];
    const { blobs } = await (await import('../functions/wiring/mail-bucket')).getBlobs();
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    const smtp = await startSmtpReceiver({
      port: await freePort(opts.smtpPort ?? 2525, 'SMTP (SMTP_PORT)'),
      mailDomain: env.MAIL_DOMAIN!,
      storeRaw: (key, body) => blobs.write(key, body as never, { contentType: 'message/rfc822', filename: 'zprava.eml' }),
      deleteRaw: async (key) => void (await clients.s3.send(new DeleteObjectCommand({ Bucket: env.MAIL_BUCKET!, Key: key }))),
      handler: async (event, context) => {
        const outcomes = await inbound.handler(event, context);
        outcomes.forEach((outcome, i) => {
          const record = event.Records[i]!.ses;
          if (outcome.kind !== 'filed')
            inboundNotFiled.push({ sesMessageId: record.mail.messageId, recipients: record.receipt.recipients, outcome });
        });
        return outcomes;
      },
      onError: (err, a) => {
        if (a) inboundFailures.push({ attempt: a.attempt, of: a.of, error: String((err as Error)?.stack ?? err).slice(0, 2000) });
        console.error(
          a
            ? `inbound: attempt ${a.attempt} of ${a.of} failed${a.attempt === a.of ? `, the mail stays at ${a.key}` : ', retrying'}:`
            : 'smtp:',
          err,
        );
      },
    });
    stops.push(smtp.stop);

    const host = `http://localhost:${port}`;
    return {
      portalUrl: `${host}/`,
      adminUrl: `${host}/admin`,
      apiUrl: `${host}/api`,
      mailViewerUrl: `${endpoints.ses.replace('127.0.0.1', 'localhost')}/`,
      smtpPort: smtp.port,
      tableName,
      env,
      poller,
      sweep: () => mailer.sweepHandler({}),
      inboundFailures,
      inboundNotFiled,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Builds the portal into web/dist when its sources are there; the gateway serves the result. */
async function prepareWeb(say: (m: string) => void): Promise<string> {
  const dist = path.join(repoRoot, 'web', 'dist');
  const builder = path.join(repoRoot, 'web', 'build.ts');
  if (existsSync(builder)) {
    const { buildWeb } = (await import(/* @vite-ignore */ builder)) as { buildWeb(out?: string): Promise<void> };
    await buildWeb(dist);
    say('Portál sestaven do web/dist.');
  }
  return dist;
}

export { DEMO };
