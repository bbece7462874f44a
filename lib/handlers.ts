import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The one list of Lambda handlers: entry file, exported function and sizing. Wiring a new handler
 * is one line here plus its use in a construct.
 *
 * An entry whose file is missing fails the synth with its name (`checkedHandlers`): a renamed or
 * deleted handler must never quietly drop a Lambda (and the routes or rules that need it) from the
 * stack. Tests that synthesise a partial stack pass their handler set explicitly.
 */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface HandlerSpec {
  /** Entry file, relative to the repository root. */
  entry: string;
  /** Exported function name. */
  handler: string;
  description: string;
  memorySize: number;
  timeoutSeconds: number;
}

export const handlerSpecs = {
  clientApi: {
    entry: 'functions/handlers/client-api.ts',
    handler: 'handler',
    description: 'Client API (/api/*)',
    memorySize: 1024,
    timeoutSeconds: 10,
  },
  admin: {
    entry: 'functions/handlers/admin.ts',
    handler: 'handler',
    description: 'Staff admin UI (/admin*)',
    memorySize: 1024,
    timeoutSeconds: 15,
  },
  mailer: {
    entry: 'functions/handlers/mailer.ts',
    handler: 'handler',
    description: 'Outbox mailer (table stream)',
    memorySize: 512,
    timeoutSeconds: 60,
  },
  mailerSweep: {
    entry: 'functions/handlers/mailer.ts',
    handler: 'sweepHandler',
    description: 'Outbox retry sweep (every minute)',
    memorySize: 512,
    timeoutSeconds: 120,
  },
  alerts: {
    entry: 'functions/handlers/alerts.ts',
    handler: 'handler',
    description: 'Alerts to staff (table stream)',
    memorySize: 512,
    timeoutSeconds: 60,
  },
  alertsSweep: {
    entry: 'functions/handlers/alerts.ts',
    handler: 'sweepHandler',
    description: 'Alerts sweep: daily digests (every 5 minutes)',
    memorySize: 256,
    timeoutSeconds: 120,
  },
  indexer: {
    entry: 'functions/handlers/indexer.ts',
    handler: 'handler',
    description: 'Ticket indexes: due, counts, open work (table stream)',
    memorySize: 256,
    timeoutSeconds: 60,
  },
  inbound: {
    entry: 'functions/handlers/inbound.ts',
    handler: 'handler',
    description: 'Inbound mail (SES receipt rule)',
    memorySize: 1024,
    timeoutSeconds: 300,
  },
  deliveryStatus: {
    entry: 'functions/handlers/delivery-status.ts',
    handler: 'handler',
    description: 'SES delivery, bounce and complaint events',
    memorySize: 256,
    timeoutSeconds: 30,
  },
} as const satisfies Record<string, HandlerSpec>;

export type HandlerName = keyof typeof handlerSpecs;
export type HandlerSet = Partial<Record<HandlerName, HandlerSpec>>;

/** Every handler of `specs`, after checking that each entry file exists under `root`; throws naming the missing ones. */
export function checkedHandlers(specs: Record<HandlerName, HandlerSpec> = handlerSpecs, root = repoRoot): HandlerSet {
  const missing = Object.entries(specs).filter(([, spec]) => !existsSync(path.join(root, spec.entry)));
  if (missing.length > 0) {
    throw new Error(
      `Handler entry file missing: ${missing.map(([name, spec]) => `${name} (${spec.entry})`).join(', ')}. Fix lib/handlers.ts or restore the file.`,
    );
  }
  return specs;
}
