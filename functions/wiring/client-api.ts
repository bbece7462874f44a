import { DynamoSearch } from '../adapters/dynamo/search';
import { createS3Client, S3DownloadLinks } from '../adapters/s3-download-links';
import type { ClientListDeps } from '../core/tickets/client-tickets';
import { searchTableName } from '../shared/config';
import { lazyPart } from './app';

/**
 * The client API Lambda's graph: the shared app, download links into the mail bucket (all it needs
 * of S3), and the client's own list with its search (the search table).
 */
export { getApp } from './app';

export const getDownloadLinks = lazyPart((app) => new S3DownloadLinks(createS3Client(app.cfg), app.cfg.MAIL_BUCKET));

export const getTicketList = lazyPart(
  (app): ClientListDeps => ({
    tickets: app.stores.tickets,
    search: new DynamoSearch(app.clients.doc, app.cfg.TABLE_NAME, searchTableName(app.cfg)),
    cursors: app.cursors,
    clock: app.base.clock,
  }),
);
