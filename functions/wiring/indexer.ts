import { createDynamoClients } from '../adapters/aws-clients';
import { DynamoTicketIndex } from '../adapters/dynamo/ticket-index';
import type { TicketIndexDeps } from '../core/tickets/ticket-index';
import type { SearchIndexDeps } from '../core/search/search';
import { DynamoSearch } from '../adapters/dynamo/search';
import { config, searchTableName } from '../shared/config';
import { systemClock } from './app';

let deps: (TicketIndexDeps & SearchIndexDeps) | undefined;

/**
 * The indexer Lambda's graph: the two tables only (no mail settings, so no reply-token secret is read).
 * Built once per process on first use.
 */
export function getTicketIndexDeps(): TicketIndexDeps & SearchIndexDeps {
  if (!deps) {
    const cfg = config();
    const { doc } = createDynamoClients(cfg);
    deps = {
      index: new DynamoTicketIndex(doc, cfg.TABLE_NAME),
      search: new DynamoSearch(doc, cfg.TABLE_NAME, searchTableName(cfg)),
      clock: systemClock,
    };
  }
  return deps;
}
