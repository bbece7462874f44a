import { randomBytes } from 'node:crypto';
import { PassThrough, Transform } from 'node:stream';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { SESEvent } from 'aws-lambda';
import { MAIL_PREFIXES } from '../functions/core/mail-in/mail-bucket';

/**
 * The local stand-in for SES receiving: an SMTP listener on 127.0.0.1 that accepts mail for the
 * mail domain, stores the raw message as SES's S3 action would (`inbound/<messageId>`), builds the
 * SES receipt event and invokes the inbound handler. Over 40 MB is refused with 552, as SES does.
 * Verdicts are PASS unless the message carries `X-Softech-Test-Verdicts: spam=FAIL, dkim=FAIL, …`
 * (honoured only here, for tests of the verdict rules).
 */
export const SES_MAX_BYTES = 40 * 1024 * 1024;
const VERDICT_HEADER = 'x-softech-test-verdicts';

type Verdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED';

export interface SmtpReceiverOptions {
  port: number;
  mailDomain: string;
  storeRaw(key: string, body: NodeJS.ReadableStream): Promise<void>;
  deleteRaw(key: string): Promise<void>;
  handler(event: SESEvent, context: { awsRequestId: string }): Promise<unknown>;
  /**
   * Waits before the retries of a failed handler. AWS invokes the inbound Lambda asynchronously and
   * retries a failed invocation twice (lib/constructs/mail.ts: retryAttempts 2, then the dead-letter
   * queue), with the same event and request id; here the retries come after these waits (1 s, 2 s by
   * default, where AWS waits about 1 and 2 minutes), before the 250 answer.
   */
  retryDelaysMs?: number[];
  /** A failed attempt of the handler (with which one), or an error of the listener itself (without). */
  onError?(err: unknown, attempt?: { attempt: number; of: number; key: string }): void;
}

const LAMBDA_ASYNC_RETRY_DELAYS_MS = [1_000, 2_000];

const sesMessageId = () =>
  randomBytes(25)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 40);

/** Top-level headers of the raw message, unfolded, in order. */
export function headerList(head: string): Array<{ name: string; value: string }> {
  const block = head.split(/\r?\n\r?\n/)[0] ?? '';
  const out: Array<{ name: string; value: string }> = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && out.length > 0) out[out.length - 1]!.value += ` ${line.trim()}`;
    else {
      const i = line.indexOf(':');
      if (i > 0) out.push({ name: line.slice(0, i).trim(), value: line.slice(i + 1).trim() });
    }
  }
  return out;
}

function verdictsFrom(headers: Array<{ name: string; value: string }>) {
  const verdicts: Record<'spam' | 'virus' | 'spf' | 'dkim' | 'dmarc', Verdict> = {
    spam: 'PASS',
    virus: 'PASS',
    spf: 'PASS',
    dkim: 'PASS',
    dmarc: 'PASS',
  };
  let dmarcPolicy: string | undefined;
  const spec = headers.find((h) => h.name.toLowerCase() === VERDICT_HEADER)?.value ?? '';
  for (const part of spec.split(/[,;]/)) {
    const [k, v] = part.split('=').map((x) => x?.trim());
    if (k && v && k in verdicts) verdicts[k as keyof typeof verdicts] = v.toUpperCase() as Verdict;
    if (k === 'dmarcPolicy' && v) dmarcPolicy = v.toUpperCase();
  }
  return { verdicts, dmarcPolicy };
}

export function buildSesEvent(o: {
  messageId: string;
  source: string;
  recipients: string[];
  headers: Array<{ name: string; value: string }>;
}): SESEvent {
  const now = new Date().toISOString();
  const get = (n: string) => o.headers.find((h) => h.name.toLowerCase() === n)?.value;
  const { verdicts, dmarcPolicy } = verdictsFrom(o.headers);
  const status = (s: Verdict) => ({ status: s });
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp: now,
            source: o.source,
            messageId: o.messageId,
            destination: o.recipients,
            headersTruncated: false,
            headers: o.headers.slice(0, 200),
            commonHeaders: {
              returnPath: o.source,
              from: get('from') ? [get('from')!] : [],
              to: get('to') ? [get('to')!] : [],
              date: get('date') ?? now,
              messageId: get('message-id') ?? '',
              subject: get('subject') ?? '',
            },
          },
          receipt: {
            timestamp: now,
            processingTimeMillis: 1,
            recipients: o.recipients,
            spamVerdict: status(verdicts.spam),
            virusVerdict: status(verdicts.virus),
            spfVerdict: status(verdicts.spf),
            dkimVerdict: status(verdicts.dkim),
            dmarcVerdict: status(verdicts.dmarc),
            ...(dmarcPolicy && { dmarcPolicy: dmarcPolicy as 'none' }),
            action: { type: 'Lambda', functionArn: 'arn:aws:lambda:local:000000000000:function:inbound', invocationType: 'Event' },
          },
        },
      },
    ],
  } as SESEvent;
}

export async function startSmtpReceiver(opts: SmtpReceiverOptions): Promise<{ port: number; stop(): Promise<void> }> {
  const domain = opts.mailDomain.toLowerCase();
  const server = new SMTPServer({
    name: 'localhost',
    banner: 'Softech Podpora (local SES receiving stand-in)',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: SES_MAX_BYTES,
    logger: false,
    onRcptTo(address, _session, callback) {
      const rcpt = address.address.toLowerCase();
      if (!rcpt.endsWith(`@${domain}`)) {
        return callback(
          Object.assign(new Error(`550 5.1.1 Mail for ${rcpt} is not accepted here (only @${domain})`), { responseCode: 550 }),
        );
      }
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      void receive(stream, session).then(
        () => callback(),
        (err) => callback(err as Error),
      );
    },
  });

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession) {
    const messageId = sesMessageId();
    const key = `${MAIL_PREFIXES.inbound}${messageId}`;
    let head = '';
    const tap = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        if (head.length < 64 * 1024 && !/\r?\n\r?\n/.test(head)) head += chunk.toString('latin1');
        cb(null, chunk);
      },
    });
    const body = new PassThrough();
    stream.pipe(tap).pipe(body);
    await opts.storeRaw(key, body);
    if (stream.sizeExceeded) {
      await opts.deleteRaw(key);
      throw Object.assign(new Error(`552 5.3.4 Message too big: SES accepts at most ${SES_MAX_BYTES / 1024 / 1024} MB`), {
        responseCode: 552,
      });
    }
    const recipients = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
    const source = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const event = buildSesEvent({ messageId, source, recipients, headers: headerList(head) });
    // SES has accepted the mail once it is stored: a failing handler is retried as AWS retries an
    // async invocation, and a mail that fails every attempt stays in the bucket (the DLQ's case).
    const delays = opts.retryDelaysMs ?? LAMBDA_ASYNC_RETRY_DELAYS_MS;
    for (let attempt = 1; attempt <= delays.length + 1; attempt++) {
      try {
        await opts.handler(event, { awsRequestId: `local-${messageId}` });
        return;
      } catch (err) {
        opts.onError?.(err, { attempt, of: delays.length + 1, key });
        if (attempt <= delays.length) await new Promise((r) => setTimeout(r, delays[attempt - 1]));
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  server.on('error', (err) => opts.onError?.(err));
  const address = server.server.address() as { port: number };
  return { port: address.port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
