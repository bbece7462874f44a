import { parseMail } from './adapters/mail-parser';
import type { InboundDeps } from './core/inbound';
import { getApp } from './wiring';

/**
 * The inbound Lambda's part of the graph, apart from wiring.ts so that the MIME parser and its
 * charset tables (≈ 1 MB) are bundled into the inbound Lambda only.
 */
let deps: Promise<InboundDeps> | undefined;

export function getInboundDeps(): Promise<InboundDeps> {
  deps ??= getApp().then((app) => ({
    clock: app.tickets.clock, logger: app.tickets.logger,
    inbound: app.store, tickets: app.store, clients: app.store, staff: app.store, blobs: app.blobs,
    parser: { parse: parseMail },
    mail: { domain: app.mail.domain, replyTokenSecret: app.mail.replyTokenSecret },
  }));
  return deps;
}
