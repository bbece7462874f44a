import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseMail } from '../../functions/adapters/mail-parser/parse-mail';
import { processInbound, type InboundDeps, type InboundInput } from '../../functions/core/mail-in/inbound-mail';
import type { Client } from '../../functions/core/model';
import { replyAddress } from '../../functions/core/mail-out/reply-token';
import { createTicket, type TicketDeps } from '../../functions/core/tickets/client-tickets';
import { ManualClock, silentLogger } from '../support/memory-ports';
import { MemoryBlobStore, MemoryStore, SequentialIds } from '../support/memory-store';

/**
 * Who may add to a ticket by mail, with in-memory ports and the real MIME parser (no I/O): the
 * rules inbound.test.ts proves end to end through SMTP, S3 and DynamoDB Local.
 */
const DOMAIN = 'mail.softech.cz';
const SECRET = 's'.repeat(32);
const client = { ico: '27082440', name: 'Demo Klient s.r.o.' };
const verdicts = { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };

let store: MemoryStore;
let blobs: MemoryBlobStore;
let deps: InboundDeps;
let ticketNumber: number;
let confirmationId: string;
let seq = 0;

const account = (ico: string, name: string): Client => ({
  ico,
  name,
  mustChangePassword: false,
  knownEmails: [],
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
});

function rawMail(headers: Record<string, string>, body = 'Posílám doplnění.\r\n'): Buffer {
  const lines = Object.entries({
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    Date: 'Wed, 02 Dec 2026 10:00:00 +0100',
    ...headers,
  }).map(([name, value]) => `${name}: ${value}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

/** Stores the raw mail as SES's S3 action would, then runs the core as the Lambda would. */
async function deliver(raw: Buffer, recipients: string[], sesMessageId = `ses-${++seq}`) {
  const input: InboundInput = {
    sesMessageId,
    owner: `req-${sesMessageId}`,
    recipients,
    verdicts,
    rawKey: `inbound/${sesMessageId}`,
    receivedAt: '2026-12-02T09:00:00.000Z',
  };
  await blobs.write(input.rawKey, Readable.from([raw]), { contentType: 'message/rfc822', filename: 'zprava.eml' });
  return processInbound(deps, input);
}

beforeEach(async () => {
  store = new MemoryStore();
  blobs = new MemoryBlobStore();
  await store.createClient(account(client.ico, client.name));
  const clock = new ManualClock(new Date('2026-12-02T09:00:00.000Z'));
  const ticketDeps: TicketDeps = {
    tickets: store,
    clock,
    ids: new SequentialIds(),
    logger: silentLogger,
    mail: {
      domain: DOMAIN,
      fromAddress: `podpora@${DOMAIN}`,
      fromName: 'Softech Podpora',
      replyTokenSecret: SECRET,
      portalUrl: 'https://podpora.softech.cz/',
    },
  };
  const { ticket } = await createTicket(ticketDeps, client, {
    contactEmail: 'jana@firma.cz',
    category: 'service',
    subject: 'Nefunguje tiskárna',
    description: 'Tiskárna netiskne.',
  });
  ticketNumber = ticket.number;
  confirmationId = (await store.getTicketView(ticketNumber))!.outbox[0]!.messageId;
  deps = {
    inbound: store,
    tickets: store,
    clients: store,
    staff: store,
    blobs,
    parser: { parse: parseMail },
    clock,
    logger: silentLogger,
    mail: { domain: DOMAIN, replyTokenSecret: SECRET },
  };
});

describe('inbound matching (core, in memory)', () => {
  it("files the contact's reply to the ticket's reply address on that ticket", async () => {
    const outcome = await deliver(
      rawMail({ From: 'jana@firma.cz', To: replyAddress(SECRET, ticketNumber, DOMAIN), Subject: 'Re: tiskárna' }),
      [replyAddress(SECRET, ticketNumber, DOMAIN)],
    );
    expect(outcome).toMatchObject({ kind: 'filed', ticket: ticketNumber, via: 'token' });
    expect((await store.getTicketView(ticketNumber))!.events.map((e) => e.type)).toContain('email-in');
  });

  it("files the contact's reply found by In-Reply-To on that ticket", async () => {
    const outcome = await deliver(
      rawMail({ From: 'jana@firma.cz', To: `podpora@${DOMAIN}`, Subject: 'Re: tiskárna', 'In-Reply-To': `<${confirmationId}>` }),
      [`podpora@${DOMAIN}`],
    );
    expect(outcome).toMatchObject({ kind: 'filed', ticket: ticketNumber, via: 'message-id' });
  });

  it("keeps a stranger quoting the ticket's real Message-ID as unmatched mail, not on the ticket", async () => {
    const outcome = await deliver(
      rawMail({
        From: 'utocnik@example.com',
        To: `podpora@${DOMAIN}`,
        Subject: `Re: [Softech #${ticketNumber}]`,
        'In-Reply-To': `<${confirmationId}>`,
      }),
      [`podpora@${DOMAIN}`],
    );
    expect(outcome).toMatchObject({ kind: 'unmatched', reason: 'sender_not_allowed' });
    expect((await store.getTicketView(ticketNumber))!.events.map((e) => e.type)).not.toContain('email-in');
  });

  it('keeps a reply to a forged reply token as unmatched mail', async () => {
    const forged = `podpora+${ticketNumber}.AAAAAAAAAAAAAAAA@${DOMAIN}`;
    const outcome = await deliver(rawMail({ From: 'jana@firma.cz', To: forged, Subject: 'Re: tiskárna' }), [forged]);
    expect(outcome.kind).toBe('unmatched');
  });

  it('files the same SES message once when it is delivered twice', async () => {
    const raw = rawMail({ From: 'jana@firma.cz', To: replyAddress(SECRET, ticketNumber, DOMAIN), Subject: 'Re: tiskárna' });
    const first = await deliver(raw, [replyAddress(SECRET, ticketNumber, DOMAIN)], 'ses-twice');
    const second = await deliver(raw, [replyAddress(SECRET, ticketNumber, DOMAIN)], 'ses-twice');
    expect([first.kind, second.kind]).toEqual(['filed', 'duplicate']);
    expect((await store.getTicketView(ticketNumber))!.events.filter((e) => e.type === 'email-in')).toHaveLength(1);
  });

  it('records an auto-reply on the ticket as automatic, without reopening anything', async () => {
    const outcome = await deliver(
      rawMail({
        From: 'jana@firma.cz',
        To: replyAddress(SECRET, ticketNumber, DOMAIN),
        Subject: 'Automatická odpověď: nejsem v kanceláři',
        'Auto-Submitted': 'auto-replied',
      }),
      [replyAddress(SECRET, ticketNumber, DOMAIN)],
    );
    expect(outcome).toMatchObject({ kind: 'filed', automatic: true });
  });
});
