import { createDynamoClients } from '../adapters/aws-clients';
import { DynamoTicketIndex } from '../adapters/dynamo/ticket-index';
import type { TicketIndexDeps } from '../core/tickets/ticket-index';
import { config } from '../shared/config';
import { systemClock } from './app';

let deps: TicketIndexDeps | undefined;

/**
 * The indexer Lambda's graph: the table only (no mail settings, so no reply-token secret is read).
 * Built once per process on first use.
 */
export function getTicketIndexDeps(): TicketIndexDeps {
  if (!deps) {
    const cfg = config();
    deps = { index: new DynamoTicketIndex(createDynamoClients(cfg).doc, cfg.TABLE_NAME), clock: systemClock };
  }
  return deps;
}
