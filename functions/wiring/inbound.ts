import { parseMail } from '../adapters/mail-parser/parse-mail';
import type { InboundDeps } from '../core/mail-in/inbound-mail';
import { getBlobs } from './mail-bucket';
import { lazyPart } from './app';

/**
 * The inbound Lambda's part of the graph, apart from wiring.ts so that the MIME parser and its
 * charset tables (≈ 1 MB) are bundled into the inbound Lambda only.
 */
export const getInboundDeps = lazyPart(
  async (app): Promise<InboundDeps> => ({
    ...app.base,
    inbound: app.stores.inbound,
    tickets: app.stores.tickets,
    clients: app.stores.accounts,
    staff: app.stores.accounts,
    blobs: (await getBlobs()).blobs,
    parser: { parse: parseMail },
    mail: { domain: app.mail.domain, replyTokenSecret: app.mail.replyTokenSecret },
  }),
);
