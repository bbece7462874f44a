import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeMime } from '../../functions/adapters/mime-composer';
import type { OutboxMail } from '../../functions/core/model';
import type { LocalStack } from '../../local/stack';
import type { AdminClient } from '../support/admin-client';
import { ApiClient, sampleTicket } from '../support/api-client';
import { signInClient, signInStaff } from '../support/sign-in';
import { testStack, validIco } from '../support/stack';

/**
 * Header injection through what people type. Addresses that end up in headers must be refused
 * when they carry line breaks; free text (a staff reply, a quote note, a ticket description) may
 * hold line breaks but must stay in the body of the mail the mailer composes. Already covered
 * elsewhere: CR/LF in the subject (auth.test.ts), a valid reply token used by a stranger
 * (inbound.test.ts), hostile markup on the admin pages (admin-hostile.test.ts).
 */
let stack: LocalStack;
let client: ApiClient;
let admin: AdminClient;
const CONTACT = 'jana.novakova@firma.cz';

/** Text that would add a recipient, a header and a whole MIME part if it reached the header block. */
const SMUGGLED = [
  'Dobrý den,',
  'Bcc: obet@evil.example',
  'X-Injected: ano',
  '',
  '--hranice',
  'Content-Type: text/html',
  '',
  '<b>podvrh</b>',
].join('\r\n');

async function app() {
  const { getAdminApp } = await import('../../functions/wiring/admin');
  return getAdminApp();
}

interface Entity {
  headers: string[];
  parts: Entity[];
}

/** The header names of a MIME entity and, for a multipart, of each part (recursively). */
function mimeTree(raw: string): Entity {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, end).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(end + 4);
  const lines = head.split('\r\n');
  const headers = lines.map((l) => l.slice(0, l.indexOf(':')).toLowerCase());
  const contentType = lines.find((l) => /^content-type:/i.test(l)) ?? '';
  const boundary = /multipart\/[^;]+;.*boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  const parts = boundary
    ? body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((p) => mimeTree(p.replace(/^\r\n/, '')))
    : [];
  return { headers, parts };
}

const allParts = (e: Entity): Entity[] => e.parts.flatMap((p) => [p, ...allParts(p)]);

const TOP_HEADERS = [
  'from',
  'to',
  'reply-to',
  'subject',
  'message-id',
  'in-reply-to',
  'references',
  'date',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'auto-submitted',
  'x-auto-response-suppress',
];
const PART_HEADERS = ['content-type', 'content-transfer-encoding'];

/** Composes the mail as the mailer would and checks that the smuggled text stayed body text. */
async function expectOnlyOwnHeaders(mail: OutboxMail) {
  const raw = (await composeMime(mail.message)).toString('utf8');
  const tree = mimeTree(raw);
  expect(tree.headers.filter((h) => !TOP_HEADERS.includes(h))).toEqual([]);
  for (const name of ['from', 'to', 'subject', 'reply-to'])
    expect(
      tree.headers.filter((h) => h === name),
      name,
    ).toHaveLength(1);
  expect(tree.parts.length).toBe(2);
  for (const part of allParts(tree)) expect(part.headers.filter((h) => !PART_HEADERS.includes(h))).toEqual([]);

  const parsed = await simpleParser(raw);
  expect(parsed.to).toMatchObject({ value: [{ address: CONTACT }] });
  expect((parsed.to as { value: unknown[] }).value).toHaveLength(1);
  expect(parsed.cc).toBeUndefined();
  expect(parsed.bcc).toBeUndefined();
  expect(parsed.headers.has('x-injected')).toBe(false);
  // The lines are body text (the confirmation quotes the description, hence the optional "> ").
  expect(parsed.text).toMatch(/^(> )?Bcc: obet@evil\.example\r?\n(> )?X-Injected: ano\r?$/m);
  expect(parsed.attachments).toEqual([]);
}

async function outboxOf(n: number, kind: OutboxMail['kind']): Promise<OutboxMail> {
  const view = (await (await app()).stores.tickets.getTicketView(n))!;
  return view.outbox.find((m) => m.kind === kind)!;
}

beforeAll(async () => {
  stack = await testStack({ mailer: false, buildWeb: false });
  client = await signInClient(stack);
  admin = await signInStaff(stack);
});
afterAll(() => stack?.stop());

describe('addresses that go into headers', () => {
  const smuggledAddresses = [
    `${CONTACT}\r\nBcc: obet@evil.example`,
    `${CONTACT}\nBcc: obet@evil.example`,
    `${CONTACT}\rBcc: obet@evil.example`,
    `${CONTACT}\r\n\r\nPodvržený text`,
    '"jana\r\nBcc: obet@evil.example"@firma.cz',
    `${CONTACT}\u0085Bcc: obet@evil.example`,
    `${CONTACT}\u2028Bcc: obet@evil.example`,
    `${CONTACT}, obet@evil.example`,
    `Jana <${CONTACT}>, obet@evil.example`,
  ];

  it.each(smuggledAddresses)('refuses the contact e-mail %j of a new ticket with 400 and files nothing', async (contactEmail) => {
    const before = (await client.get('/api/tickets')).body.tickets.length as number;
    const res = await client.post('/api/tickets', sampleTicket({ contactEmail }));
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields)).toEqual(['contactEmail']);
    expect((await client.get('/api/tickets')).body.tickets).toHaveLength(before);
  });

  it('refuses CR/LF in the e-mail of an access request', async () => {
    const res = await new ApiClient(stack.portalUrl).post('/api/access-requests', {
      ico: validIco(4400001),
      companyName: 'Firma s.r.o.',
      contactName: 'Jan Novák',
      email: 'jan@firma.cz\r\nBcc: obet@evil.example',
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields)).toEqual(['email']);
  });
});

describe('free text in outgoing mail', () => {
  it('keeps CR/LF in a ticket description inside the confirmation body, line for line: only its own headers, one recipient', async () => {
    const res = await client.post('/api/tickets', sampleTicket({ contactEmail: CONTACT, description: SMUGGLED }));
    expect(res.status).toBe(201);
    await expectOnlyOwnHeaders(await outboxOf(res.body.number, 'confirmation'));
  });

  it('keeps CR/LF in a staff reply inside the body: only its own headers, one recipient', async () => {
    const n = (await client.post('/api/tickets', sampleTicket({ contactEmail: CONTACT }))).body.number as number;
    await admin.get(`/admin/tickets/${n}`);
    expect((await admin.post(`/admin/tickets/${n}/reply`, { text: SMUGGLED })).status).toBe(303);
    await expectOnlyOwnHeaders(await outboxOf(n, 'staff-reply'));
  });

  it('keeps CR/LF in a quote note inside the body: only its own headers, one recipient', async () => {
    const n = (await client.post('/api/tickets', sampleTicket({ contactEmail: CONTACT }))).body.number as number;
    await admin.get(`/admin/tickets/${n}`);
    const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    expect((await admin.post(`/admin/tickets/${n}/quote`, { price: '1200', vat: 'with', deadline, note: SMUGGLED })).status).toBe(303);
    await expectOnlyOwnHeaders(await outboxOf(n, 'quote'));
  });
});
