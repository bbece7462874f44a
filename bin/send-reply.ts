import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import { replyAddress } from '../functions/core/mail-out/reply-token';
import { localEnv } from '../local/stack';

/**
 * `npm run reply -- --ticket 1 --from jana@firma.cz [--attach file.pdf …] [--text "…"]`: sends a
 * reply to the confirmation of a ticket to the local SMTP stand-in of a running `npm start`, as the
 * client's mail program would (to the Reply-To token address, with the subject tag).
 */
const { values } = parseArgs({
  options: {
    ticket: { type: 'string' },
    from: { type: 'string' },
    attach: { type: 'string', multiple: true, default: [] },
    text: { type: 'string', default: 'Posílám přílohy k požadavku.' },
    port: { type: 'string', default: process.env.SMTP_PORT ?? '2525' },
  },
});
const ticket = Number(values.ticket);
if (!Number.isInteger(ticket) || ticket < 1 || !values.from) {
  console.error('Použití: npm run reply -- --ticket <číslo> --from <e-mail pro komunikaci> [--attach soubor …] [--text "…"]');
  process.exit(2);
}
const env = localEnv({ port: 3000, tableName: '', dynamo: '', s3: '', ses: '' });
const to = replyAddress(env.REPLY_TOKEN_SECRET!, ticket, env.MAIL_DOMAIN!);
const transport = nodemailer.createTransport({ host: '127.0.0.1', port: Number(values.port), secure: false, ignoreTLS: true });
try {
  const info = await transport.sendMail({
    from: values.from,
    to,
    subject: `Re: [Softech #${ticket}]`,
    text: values.text,
    attachments: values.attach.map((file) => ({ filename: path.basename(file), content: readFileSync(file) })),
  });
  console.log(`Odesláno na ${to}: ${info.response}`);
} catch (err) {
  console.error(`Odeslání selhalo: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  transport.close();
}
