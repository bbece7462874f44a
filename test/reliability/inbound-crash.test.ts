import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoUnmatched } from '../../functions/adapters/dynamo/unmatched';
import { processInbound, type InboundDeps, type InboundInput } from '../../functions/core/mail-in/inbound-mail';
import type { BlobStore } from '../../functions/core/ports';
import { replyAddress } from '../../functions/core/mail-out/reply-token';
import { DEMO } from '../../local/seed';
import type { LocalStack } from '../../local/stack';
import { ApiClient, sampleTicket } from '../support/api-client';
import { bytes } from '../support/mail';
import { testStack } from '../support/stack';

/**
 * The inbound Lambda dies in the middle of a message: the first attachment is already in S3, the
 * second upload never finishes. Lambda retries the asynchronous invocation with the same request id
 * (our claim owner); SES may also deliver the event again as a new invocation (another owner).
 */
const CONTACT = 'jana.novakova@firma.cz';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const FILES = [
  { filename: 'protokol.pdf', content: Buffer.concat([Buffer.from('%PDF-1.4\n'), bytes(40_000, 11)]), contentType: 'application/pdf' },
  {
    filename: 'chyba.png',
    content: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), bytes(25_000, 12)]),
    contentType: 'image/png',
  },
  { filename: 'log.txt', content: Buffer.from('E-04 tiskárna\n'.repeat(500)), contentType: 'text/plain' },
];

/** A BlobStore that counts attachment writes and, when armed, dies once the first one is stored. */
class RecordingBlobs implements BlobStore {
  readonly attachmentWrites: string[] = [];
  private firstStored: Promise<void> | undefined;

  constructor(
    private readonly real: BlobStore,
    private readonly crashAfterFirst: boolean,
  ) {}

  read(key: string) {
    return this.real.read(key);
  }

  downloadUrl(key: string, filename: string, contentType: string) {
    return this.real.downloadUrl(key, filename, contentType);
  }

  async write(key: string, body: Readable, meta: { contentType: string; filename: string }) {
    if (key.startsWith('attachments/')) this.attachmentWrites.push(key);
    if (!this.crashAfterFirst) return this.real.write(key, body, meta);
    if (!this.firstStored) {
      this.firstStored = this.real.write(key, body, meta);
      return this.firstStored;
    }
    await this.firstStored;
    throw new Error('simulated crash: the inbound Lambda died while storing the second attachment');
  }
}

let stack: LocalStack;
let deps: InboundDeps;
let ticket: number;
let input: InboundInput;
const OWNER = 'lambda-request-1';

async function app() {
  const { getApp } = await import('../../functions/wiring/app');
  return getApp();
}

const view = async () => (await (await app()).stores.tickets.getTicketView(ticket))!;

async function storedUnder(prefix: string): Promise<string[]> {
  const { s3 } = await (await import('../../functions/wiring/mail-bucket')).getBlobs();
  const res = await s3.send(new ListObjectsV2Command({ Bucket: stack.env.MAIL_BUCKET!, Prefix: prefix }));
  return (res.Contents ?? []).map((o) => o.Key!).sort();
}

async function download(key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await deps.blobs.read(key)) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

const withBlobs = (blobs: BlobStore): InboundDeps => ({ ...deps, blobs });

/** A BlobStore whose reads of the raw message deliver its first bytes and then fail, as a cut connection to S3 does. */
class CutReads implements BlobStore {
  constructor(
    private readonly real: BlobStore,
    private readonly after: number,
  ) {}

  async read(key: string) {
    const whole: Buffer[] = [];
    for await (const chunk of await this.real.read(key)) whole.push(Buffer.from(chunk as Uint8Array));
    const head = Buffer.concat(whole).subarray(0, this.after);
    let sent = false;
    return new Readable({
      read() {
        if (sent) return void this.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
        sent = true;
        this.push(head);
      },
    });
  }

  downloadUrl(key: string, filename: string, contentType: string) {
    return this.real.downloadUrl(key, filename, contentType);
  }

  write(key: string, body: Readable, meta: { contentType: string; filename: string }) {
    return this.real.write(key, body, meta);
  }
}

beforeAll(async () => {
  stack = await testStack();
  const client = new ApiClient(stack.portalUrl);
  await client.login(DEMO.client.ico, DEMO.client.password);
  const created = await client.post('/api/tickets', sampleTicket({ subject: 'Pád při příloze', contactEmail: CONTACT }));
  ticket = created.body.number as number;

  const { getInboundDeps } = await import('../../functions/wiring/inbound');
  deps = await getInboundDeps();
  const to = replyAddress(stack.env.REPLY_TOKEN_SECRET!, ticket, stack.env.MAIL_DOMAIN!);
  const raw = await new MailComposer({
    from: `Jana Nováková <${CONTACT}>`,
    to,
    subject: `Re: [Softech #${ticket}] Pád při příloze`,
    text: 'Posílám protokol, snímek a log.',
    attachments: FILES,
  })
    .compile()
    .build();
  input = await storedMail(raw, to);
});

async function storedMail(raw: Buffer, to: string): Promise<InboundInput> {
  const sesMessageId = randomBytes(20).toString('hex');
  const rawKey = `inbound/${sesMessageId}`;
  await deps.blobs.write(rawKey, Readable.from([raw]), { contentType: 'message/rfc822', filename: 'zprava.eml' });
  return {
    sesMessageId,
    owner: OWNER,
    recipients: [to],
    rawKey,
    receivedAt: new Date().toISOString(),
    verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
  };
}
afterAll(() => stack?.stop());

describe('the inbound handler crashing in the middle of a message', () => {
  let crashed: RecordingBlobs;

  it('files nothing on the ticket when it dies after storing the first attachment', async () => {
    crashed = new RecordingBlobs(deps.blobs, true);
    await expect(processInbound(withBlobs(crashed), input)).rejects.toThrow(/simulated crash/);
    expect(crashed.attachmentWrites.length).toBeGreaterThanOrEqual(2);
    const after = await view();
    expect(after.attachments).toEqual([]);
    expect(after.events.map((e) => e.type)).toEqual(['created']);
  });

  it("answers 'in-progress' to a delivery by another owner while the lease is live, and stores nothing", async () => {
    const other = new RecordingBlobs(deps.blobs, false);
    const outcome = await processInbound(withBlobs(other), { ...input, owner: 'lambda-request-2' });
    expect(outcome).toEqual({ kind: 'in-progress' });
    expect(other.attachmentWrites).toEqual([]);
    const after = await view();
    expect(after.attachments).toEqual([]);
    expect(after.events.map((e) => e.type)).toEqual(['created']);
  });

  it('completes on the retry by the same owner: each attachment stored once, one history event, no duplicate records', async () => {
    const retry = new RecordingBlobs(deps.blobs, false);
    const outcome = await processInbound(withBlobs(retry), input);
    expect(outcome).toMatchObject({ kind: 'filed', ticket, attachments: FILES.length });

    const after = await view();
    expect(after.events.filter((e) => e.type === 'email-in')).toHaveLength(1);
    expect(after.attachments).toHaveLength(FILES.length);
    expect(new Set(after.attachments.map((a) => a.id)).size).toBe(FILES.length);
    expect(after.attachments.map((a) => a.filename).sort()).toEqual(FILES.map((f) => f.filename).sort());
    expect(
      after.events
        .find((e) => e.type === 'email-in')!
        .attachmentIds!.slice()
        .sort(),
    ).toEqual(after.attachments.map((a) => a.id).sort());

    // The retry wrote the same keys again (ids derive from the SES messageId): S3 holds one object
    // per attachment, including the one stored before the crash, and nothing else for this message.
    const keys = after.attachments.map((a) => a.s3Key).sort();
    expect(keys).toContain(crashed.attachmentWrites[0]);
    const prefix = keys[0]!.slice(0, keys[0]!.lastIndexOf('/') + 1);
    expect(keys.every((k) => k.startsWith(prefix))).toBe(true);
    expect(await storedUnder(prefix)).toEqual(keys);
    for (const file of FILES) {
      const record = after.attachments.find((a) => a.filename === file.filename)!;
      expect(record.sha256).toBe(sha256(file.content));
      expect(sha256(await download(record.s3Key))).toBe(sha256(file.content));
    }
  });

  it('treats any later delivery of the same message as a duplicate and stores nothing', async () => {
    const before = await view();
    const late = new RecordingBlobs(deps.blobs, false);
    const outcomes = await Promise.all([OWNER, 'lambda-request-3'].map((owner) => processInbound(withBlobs(late), { ...input, owner })));
    expect(outcomes).toEqual([{ kind: 'duplicate' }, { kind: 'duplicate' }]);
    expect(late.attachmentWrites).toEqual([]);
    const after = await view();
    expect(after.attachments).toHaveLength(before.attachments.length);
    expect(after.events).toHaveLength(before.events.length);
  });
});

describe('the raw message read cut off', () => {
  // Cut inside the headers (the sender unknown yet) and inside an attachment: neither may become
  // unmatched mail or a reply without its files; the handler fails and Lambda's retry files it whole.
  for (const [where, after] of [
    ['inside the headers', 60],
    ['inside the first attachment', 2_000],
  ] as const) {
    it(`fails for a retry when the read breaks ${where}, files nothing, and the retry files the whole reply`, async () => {
      const to = replyAddress(stack.env.REPLY_TOKEN_SECRET!, ticket, stack.env.MAIL_DOMAIN!);
      const raw = await new MailComposer({
        from: CONTACT,
        to,
        subject: `Re: [Softech #${ticket}] přerušené čtení ${after}`,
        text: `Doplnění po přerušení ${after}.`,
        attachments: [FILES[0]!],
      })
        .compile()
        .build();
      const cut = await storedMail(raw, to);
      const before = await view();
      const { clients, cfg } = await app();
      const unmatched = new DynamoUnmatched(clients.doc, cfg.TABLE_NAME);

      await expect(processInbound(withBlobs(new CutReads(deps.blobs, after)), cut)).rejects.toThrow(
        'reading the raw message failed: read ECONNRESET',
      );
      const afterCut = await view();
      expect(afterCut.events).toHaveLength(before.events.length);
      expect(afterCut.attachments).toHaveLength(before.attachments.length);
      expect((await unmatched.pageOpenUnmatched({ limit: 1000 })).items.filter((m) => m.sesMessageId === cut.sesMessageId)).toEqual([]);

      const outcome = await processInbound(deps, cut);
      expect(outcome).toMatchObject({ kind: 'filed', ticket, attachments: 1 });
      const filed = (await view()).events.filter((e) => e.type === 'email-in' && e.subject?.includes(`přerušené čtení ${after}`));
      expect(filed).toHaveLength(1);
      expect(filed[0]!.text).toContain(`Doplnění po přerušení ${after}.`);
    });
  }
});
