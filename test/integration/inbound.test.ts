import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamo/table';
import { processInbound } from '../../functions/core/mail-in/inbound-mail';
import { replyAddress } from '../../functions/core/mail-out/reply-token';
import { DEMO } from '../../local/seed';
import type { LocalStack } from '../../local/stack';
import { type ApiClient, sampleTicket } from '../support/api-client';
import { bytes, sendMail } from '../support/mail';
import { signInClient } from '../support/sign-in';
import { createTestClient, testStack, validIco } from '../support/stack';

let stack: LocalStack;
let client: ApiClient;
const CONTACT = 'jana.novakova@firma.cz';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), bytes(30_000, 7)]);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), bytes(20_000, 9)]);

async function app() {
  const { getApp } = await import('../../functions/wiring/app');
  return getApp();
}

async function newTicket(subject = 'Nefunguje tiskárna') {
  const res = await client.post('/api/tickets', sampleTicket({ subject, contactEmail: CONTACT }));
  expect(res.status).toBe(201);
  const n = res.body.number as number;
  const view = await (await app()).stores.tickets.getTicketView(n);
  return { n, confirmationId: view!.outbox[0]!.messageId, token: replyAddress(stack.env.REPLY_TOKEN_SECRET!, n, stack.env.MAIL_DOMAIN!) };
}

const unmatchedFor = async (subject: string) => {
  const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
  const res = await (await app()).clients.doc.send(
    new QueryCommand({
      TableName: stack.tableName,
      IndexName: 'GSI2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': 'STATUS#unmatched' },
    }),
  );
  return (res.Items ?? []).filter((i) => i.subject === subject);
};

beforeAll(async () => {
  stack = await testStack();
  client = await signInClient(stack);
});
afterAll(() => stack?.stop());

describe('replies that belong to the ticket', () => {
  it('files a reply to the token address with a PDF and an image, byte for byte, downloadable by the client', async () => {
    const { n, token } = await newTicket();
    await sendMail(stack.smtpPort, {
      from: `Jana Nováková <${CONTACT}>`,
      to: token,
      subject: `Re: [Softech #${n}] Nefunguje tiskárna`,
      text: 'Posílám fotku chyby a protokol.\n\nDne 27. 11. 2026 v 9:00 Softech Podpora napsal(a):\n> Přijali jsme váš požadavek',
      attachments: [
        { filename: 'protokol.pdf', content: pdf, contentType: 'application/pdf' },
        { filename: 'chyba tiskárny.png', content: png, contentType: 'image/png' },
      ],
    });
    const view = await client.get(`/api/tickets/${n}`);
    expect(view.body.attachments.map((a: { filename: string }) => a.filename).sort()).toEqual(['chyba tiskárny.png', 'protokol.pdf']);
    const reply = view.body.history.find((h: { type: string }) => h.type === 'email-in');
    expect(reply).toMatchObject({ from: CONTACT, text: 'Posílám fotku chyby a protokol.' });
    expect(reply.attachmentIds).toHaveLength(2);

    for (const [name, content] of [
      ['protokol.pdf', pdf],
      ['chyba tiskárny.png', png],
    ] as const) {
      const a = view.body.attachments.find((x: { filename: string }) => x.filename === name);
      const redirect = await client.get(`/api/tickets/${n}/attachments/${a.id}`);
      expect(redirect.status).toBe(302);
      const download = await fetch(redirect.headers.get('location')!);
      expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(content));
    }
  });

  it("files a reply that only quotes the confirmation's Message-ID (token address and tag dropped)", async () => {
    const { n, confirmationId } = await newTicket();
    await sendMail(stack.smtpPort, {
      from: CONTACT,
      to: `podpora@${stack.env.MAIL_DOMAIN}`,
      subject: 'doplnění',
      inReplyTo: `<${confirmationId}>`,
      references: [`<${confirmationId}>`],
      text: 'Doplňuji informace.',
    });
    const view = await client.get(`/api/tickets/${n}`);
    expect(view.body.history.map((h: { type: string }) => h.type)).toContain('email-in');
  });

  it('files a reply that only carries the subject tag, from the contact', async () => {
    const { n } = await newTicket();
    await sendMail(stack.smtpPort, {
      from: CONTACT,
      to: `podpora@${stack.env.MAIL_DOMAIN}`,
      subject: `Fwd: [Softech #${n}] tiskárna`,
      text: 'Přeposílám.',
    });
    expect((await client.get(`/api/tickets/${n}`)).body.history.some((h: { type: string }) => h.type === 'email-in')).toBe(true);
  });

  it('files a reply from another known address of the same client', async () => {
    const { n, token } = await newTicket();
    await sendMail(stack.smtpPort, { from: DEMO.client.email, to: token, subject: `Re: [Softech #${n}]`, text: 'Za kolegyni.' });
    expect((await client.get(`/api/tickets/${n}`)).body.history.some((h: { type: string }) => h.type === 'email-in')).toBe(true);
  });
});

describe('mail that must not land on the ticket', () => {
  it('keeps a forged subject tag from a stranger as unmatched, and stores nothing on the ticket', async () => {
    const { n } = await newTicket();
    const subject = `Re: [Softech #${n}] podvrh`;
    await sendMail(stack.smtpPort, {
      from: 'utocnik@evil.example',
      to: `podpora@${stack.env.MAIL_DOMAIN}`,
      subject,
      text: 'Zaplaťte na účet…',
      attachments: [{ filename: 'faktura.pdf', content: pdf }],
    });
    const view = await client.get(`/api/tickets/${n}`);
    expect(view.body.history.map((h: { type: string }) => h.type)).toEqual(['created']);
    expect(view.body.attachments).toEqual([]);
    const [kept] = await unmatchedFor(subject);
    expect(kept).toMatchObject({ reason: 'sender_not_allowed', candidateTicket: n, from: 'utocnik@evil.example', state: 'open' });
  });

  it('keeps a reply with a valid token from a stranger (a quoted Message-ID too) as unmatched', async () => {
    const { n, token, confirmationId } = await newTicket();
    const subject = `Re: [Softech #${n}] cizí`;
    await sendMail(stack.smtpPort, { from: 'cizi@jinde.cz', to: token, subject, inReplyTo: `<${confirmationId}>`, text: 'Ahoj' });
    expect((await client.get(`/api/tickets/${n}`)).body.history).toHaveLength(1);
    expect((await unmatchedFor(subject))[0]).toMatchObject({ reason: 'sender_not_allowed' });
  });

  it("keeps a reply from another client's address as unmatched", async () => {
    const otherIco = validIco(8888881);
    await createTestClient(otherIco, 'heslo-jine-firmy', { emails: ['ucetni@jinafirma.cz'] });
    const { n, token } = await newTicket();
    const subject = `Re: [Softech #${n}] jiný klient`;
    await sendMail(stack.smtpPort, { from: 'ucetni@jinafirma.cz', to: token, subject, text: 'Omyl?' });
    expect((await client.get(`/api/tickets/${n}`)).body.history).toHaveLength(1);
    expect((await unmatchedFor(subject))[0]).toMatchObject({ reason: 'sender_not_allowed' });
  });

  it('keeps spam (SES verdict) as unmatched without storing its attachments', async () => {
    const { n, token } = await newTicket();
    const subject = `Re: [Softech #${n}] spam`;
    await sendMail(stack.smtpPort, {
      from: CONTACT,
      to: token,
      subject,
      text: 'Výhra!',
      headers: { 'X-Softech-Test-Verdicts': 'spam=FAIL' },
      attachments: [{ filename: 'vyhra.pdf', content: pdf }],
    });
    expect((await client.get(`/api/tickets/${n}`)).body.history).toHaveLength(1);
    const [kept] = await unmatchedFor(subject);
    expect(kept).toMatchObject({ reason: 'spam', attachments: [] });
  });

  it('keeps mail failing both SPF and DKIM as unmatched', async () => {
    const { n, token } = await newTicket();
    const subject = `Re: [Softech #${n}] spf`;
    await sendMail(stack.smtpPort, {
      from: CONTACT,
      to: token,
      subject,
      text: 'x',
      headers: { 'X-Softech-Test-Verdicts': 'spf=FAIL, dkim=FAIL' },
    });
    expect((await unmatchedFor(subject))[0]).toMatchObject({ reason: 'auth_failed' });
  });

  it("files an infected reply's text but none of its attachments, flagged for staff", async () => {
    const { n, token } = await newTicket();
    await sendMail(stack.smtpPort, {
      from: CONTACT,
      to: token,
      subject: `Re: [Softech #${n}]`,
      text: 'Příloha',
      headers: { 'X-Softech-Test-Verdicts': 'virus=FAIL' },
      attachments: [{ filename: 'virus.exe', content: bytes(1000) }],
    });
    const view = await (await app()).stores.tickets.getTicketView(n);
    expect(view!.attachments).toEqual([]);
    expect(view!.events.find((e) => e.type === 'email-in')!.data).toMatchObject({ virus: true });
  });
});

describe('the inbound record', () => {
  it("stamps an unmatched mail as finished at the time of the core's clock, not the store's own", async () => {
    const fixed = new Date('2031-05-06T07:08:09.000Z');
    const { getInboundDeps } = await import('../../functions/wiring/inbound');
    const deps = { ...(await getInboundDeps()), clock: { now: () => fixed } };
    const sesMessageId = `fixed-clock-${randomBytes(6).toString('hex')}`;
    const rawKey = `inbound/${sesMessageId}`;
    const raw = [
      'From: neznamy@jinde.cz',
      `To: podpora@${stack.env.MAIL_DOMAIN}`,
      'Subject: Dotaz bez cisla pozadavku',
      `Message-ID: <${sesMessageId}@jinde.cz>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Dobry den.',
      '',
    ].join('\r\n');
    await deps.blobs.write(rawKey, Readable.from(Buffer.from(raw)), { contentType: 'message/rfc822', filename: `${sesMessageId}.eml` });

    const outcome = await processInbound(deps, {
      sesMessageId,
      owner: 'fixed-clock-test',
      recipients: [`podpora@${stack.env.MAIL_DOMAIN}`],
      rawKey,
      receivedAt: '2031-05-06T07:00:00.000Z',
      verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
    });
    expect(outcome).toMatchObject({ kind: 'unmatched', reason: 'no_ticket' });
    const record = await (await app()).clients.doc.send(
      new GetCommand({ TableName: stack.tableName, Key: keys.inbound(sesMessageId), ConsistentRead: true }),
    );
    expect(record.Item).toMatchObject({ state: 'done', finishedAt: fixed.toISOString() });
  });
});

describe('replies and ticket state', () => {
  it('files a reply to a closed ticket, reopens it and flags it for staff', async () => {
    const { n, token } = await newTicket();
    const a = await app();
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await a.clients.doc.send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: { pk: `TICKET#${n}`, sk: 'META' },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'closed' },
      }),
    );
    await sendMail(stack.smtpPort, { from: CONTACT, to: token, subject: `Re: [Softech #${n}]`, text: 'Zase to nejde.' });
    const ticket = await a.stores.tickets.getTicket(n);
    expect(ticket).toMatchObject({ status: 'new', attention: true });
    const types = (await client.get(`/api/tickets/${n}`)).body.history.map((h: { type: string }) => h.type);
    expect(types).toEqual(expect.arrayContaining(['email-in', 'status']));
  });

  it('records an out-of-office reply from the contact without answering or reopening anything', async () => {
    const { n, token } = await newTicket();
    const a = await app();
    const before = (await a.stores.tickets.getTicketView(n))!;
    await sendMail(stack.smtpPort, {
      from: CONTACT,
      to: token,
      subject: `Automatická odpověď: [Softech #${n}]`,
      text: 'Jsem na dovolené.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const after = (await a.stores.tickets.getTicketView(n))!;
    const event = after.events.find((e) => e.type === 'email-in')!;
    expect(event.data).toMatchObject({ automatic: true });
    expect(after.outbox).toHaveLength(before.outbox.length);
    expect(after.ticket.status).toBe('new');
  });

  it('keeps a bounce from a mailer daemon as unmatched "automatic"', async () => {
    const { n } = await newTicket();
    const subject = `Undelivered Mail Returned to Sender [Softech #${n}]`;
    await sendMail(stack.smtpPort, {
      from: 'MAILER-DAEMON@mail.firma.cz',
      to: `podpora@${stack.env.MAIL_DOMAIN}`,
      subject,
      text: 'The mail could not be delivered.',
    });
    expect((await unmatchedFor(subject))[0]).toMatchObject({ reason: 'automatic' });
  });

  it('processes the same SES event twice into one set of attachments', async () => {
    const { n, token } = await newTicket();
    let captured: unknown;
    const inbound = await import('../../functions/handlers/inbound');
    const { buildSesEvent } = await import('../../local/smtp-receiver');
    await sendMail(stack.smtpPort, {
      from: CONTACT,
      to: token,
      subject: `Re: [Softech #${n}]`,
      text: 'Jednou.',
      attachments: [{ filename: 'a.pdf', content: pdf }],
    });
    const view = (await (await app()).stores.tickets.getTicketView(n))!;
    const sesId = view.events.find((e) => e.type === 'email-in')!.data!.sesMessageId as string;
    captured = buildSesEvent({ messageId: sesId, source: CONTACT, recipients: [token], headers: [] });
    const results = await Promise.all([1, 2, 3].map((i) => inbound.handler(captured as never, { awsRequestId: `redelivery-${i}` })));
    expect(results.flat().map((r) => (r as { kind: string }).kind)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    const again = (await (await app()).stores.tickets.getTicketView(n))!;
    expect(again.attachments).toHaveLength(1);
    expect(again.events.filter((e) => e.type === 'email-in')).toHaveLength(1);
  });
});

describe('the SMTP stand-in', () => {
  it('refuses mail for other domains', async () => {
    await expect(sendMail(stack.smtpPort, { from: CONTACT, to: 'nekdo@jinde.cz', subject: 'x', text: 'x' })).rejects.toThrow(/550/);
  });

  it('refuses a message over 40 MB with 552, as SES does', async () => {
    await expect(
      sendMail(stack.smtpPort, {
        from: CONTACT,
        to: `podpora@${stack.env.MAIL_DOMAIN}`,
        subject: 'velké',
        text: 'x',
        attachments: [{ filename: 'velky.bin', content: bytes(31 * 1024 * 1024) }], // ~42 MB once base64-encoded
      }),
    ).rejects.toThrow(/552/);
  });

  it('retries a failing handler with the same event and request id, as AWS retries an async invocation, then answers 250', async () => {
    const { startSmtpReceiver } = await import('../../local/smtp-receiver');
    const calls: Array<{ requestId: string; messageId: string }> = [];
    const failures: Array<{ attempt: number; of: number; key: string }> = [];
    const stored = new Map<string, string>();
    const start = (failFirst: number) =>
      startSmtpReceiver({
        port: 0,
        mailDomain: 'podpora.test',
        retryDelaysMs: [10, 20],
        storeRaw: async (key, body) => {
          let text = '';
          for await (const chunk of body) text += String(chunk);
          stored.set(key, text);
        },
        deleteRaw: async (key) => void stored.delete(key),
        handler: async (event, context) => {
          calls.push({ requestId: context.awsRequestId, messageId: event.Records[0]!.ses.mail.messageId });
          if (calls.length <= failFirst) throw new Error(`selhání ${calls.length}`);
        },
        onError: (_err, attempt) => void (attempt && failures.push(attempt)),
      });

    const flaky = await start(1);
    try {
      await sendMail(flaky.port, { from: CONTACT, to: 'prijem@podpora.test', subject: 'x', text: 'Jednou.' });
    } finally {
      await flaky.stop();
    }
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual(calls[0]);
    expect(failures).toEqual([{ attempt: 1, of: 3, key: `inbound/${calls[0]!.messageId}` }]);

    calls.length = 0;
    failures.length = 0;
    const broken = await start(99);
    try {
      // The mail is accepted and kept even when every attempt fails (in AWS: the dead-letter queue).
      await sendMail(broken.port, { from: CONTACT, to: 'prijem@podpora.test', subject: 'y', text: 'Vzdy.' });
    } finally {
      await broken.stop();
    }
    expect(calls).toHaveLength(3);
    expect(failures.map((f) => f.attempt)).toEqual([1, 2, 3]);
    expect(stored.get(`inbound/${calls[0]!.messageId}`)).toContain('Vzdy.');
  });
});
