import { createSesClient, SesMailer } from '../adapters/ses-mailer';
import type { OutboxDeps } from '../core/mail-out/outbox';
import { lazyPart } from './app';

/** The outbox and SES: for the mailer Lambda. */
export const getOutboxDeps = lazyPart(
  (app): OutboxDeps => ({
    ...app.base,
    outbox: app.stores.outbox,
    sender: new SesMailer(createSesClient(app.cfg), app.cfg.SES_CONFIGURATION_SET),
  }),
);
