/**
 * A client's answer names the quote it answers (`quoteVersion`, the version the portal showed):
 * when staff have proposed a new quote in the meantime, accepting or declining the old one is
 * refused with 409 `quote_changed` and nothing changes, so nobody agrees to a price and deadline
 * they were never shown. Real local stack: staff through the admin UI, the client through the API.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { pageText, type AdminClient } from '../support/admin-client';
import { sampleTicket, type ApiClient } from '../support/api-client';
import { signInClient, signInStaff } from '../support/sign-in';
import { testStack } from '../support/stack';

let stack: LocalStack;
let admin: AdminClient;
let client: ApiClient;

async function app() {
  const { getApp } = await import('../../functions/wiring/app');
  return getApp();
}
const stored = async (n: number) => (await (await app()).stores.tickets.getTicketView(n))!;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const QUOTE_A = { price: '0,01', vat: 'without', deadline: inDays(17) };
const QUOTE_B = { price: '95 000', vat: 'without', deadline: inDays(209) };

async function newTicket(subject: string) {
  const res = await client.post('/api/tickets', sampleTicket({ subject }));
  expect(res.status).toBe(201);
  const n = res.body.number as number;
  await admin.get(`/admin/tickets/${n}`);
  return n;
}

async function propose(n: number, quote: Record<string, string>) {
  const res = await admin.post(`/admin/tickets/${n}/quote`, quote);
  expect(res.location, pageText(res.text)).toBe(`/admin/tickets/${n}?done=quoted`);
}

/** What the client's open ticket page shows: the quote as the API gave it. */
const shownQuote = async (n: number) =>
  (await client.get(`/api/tickets/${n}`)).body.ticket.quote as { version: number; price: number; deadline: string; state: string };

/** What was stored after an answer: the response, the ticket's status and quote, and any acceptance event. */
async function outcome(n: number, res: { status: number; body: { error?: { code: string } } }) {
  const v = await stored(n);
  return {
    status: res.status,
    code: res.body.error?.code,
    ticket: { status: v.ticket.status, price: v.ticket.quote?.price, state: v.ticket.quote?.state },
    acceptances: v.events.filter((e) => e.type === 'acceptance').length,
  };
}

beforeAll(async () => {
  stack = await testStack();
  [admin, client] = await Promise.all([signInStaff(stack), signInClient(stack)]);
});
afterAll(() => stack?.stop());

describe('answering a quote that staff replaced meanwhile', () => {
  it('refuses to accept the quote the page showed once a new one was proposed (409 quote_changed, Czech), then accepts the new one', async () => {
    const n = await newTicket('Nabídka se mění');
    await propose(n, QUOTE_A);
    const shown = await shownQuote(n);
    expect(shown).toMatchObject({ price: 0.01, deadline: QUOTE_A.deadline, state: 'proposed' });
    await propose(n, QUOTE_B);

    const stale = await client.post(`/api/tickets/${n}/acceptance`, { accept: true, quoteVersion: shown.version });
    expect(await outcome(n, stale)).toEqual({
      status: 409,
      code: 'quote_changed',
      ticket: { status: 'quoted', price: 95_000, state: 'proposed' },
      acceptances: 0,
    });
    expect(stale.body.error.message).toBe(
      'Nabídka ceny a termínu se mezitím změnila. Prohlédněte si prosím aktuální nabídku a odpovězte na ni znovu.',
    );

    const current = await shownQuote(n);
    expect(current).toMatchObject({ price: 95_000, deadline: QUOTE_B.deadline, state: 'proposed' });
    expect(current.version).toBeGreaterThan(shown.version);
    const accepted = await client.post(`/api/tickets/${n}/acceptance`, { accept: true, quoteVersion: current.version });
    expect(accepted.status).toBe(200);
    expect(accepted.body.ticket).toMatchObject({ status: 'agreed', quote: { version: current.version, price: 95_000, state: 'accepted' } });

    // The history says which quote was answered, for the client and for staff.
    const history = (await client.get(`/api/tickets/${n}`)).body.history as Array<{ type: string; data?: Record<string, unknown> }>;
    expect(history.filter((e) => e.type === 'quote').map((e) => e.data?.version)).toEqual([shown.version, current.version]);
    expect(history.filter((e) => e.type === 'acceptance').map((e) => e.data)).toEqual([
      { accepted: true, version: current.version, price: 95_000, vat: 'without', deadline: QUOTE_B.deadline },
    ]);
    const page = pageText((await admin.get(`/admin/tickets/${n}`)).text);
    expect(page).toMatch(new RegExp(`Klient nabídku přijal \\(nabídka č\\. ${current.version}: 95\\s000 Kč bez DPH`));
    expect(page).toMatch(new RegExp(`Nabídka č\\. ${shown.version}: cena 0,01 Kč bez DPH`));
    expect(page).toContain(`Nabídka č. ${current.version}: 95`);
  });

  it('refuses to decline a replaced quote the same way, then declines the current one', async () => {
    const n = await newTicket('Odmítnutí staré nabídky');
    await propose(n, QUOTE_A);
    const shown = await shownQuote(n);
    await propose(n, QUOTE_B);

    const stale = await client.post(`/api/tickets/${n}/acceptance`, { accept: false, quoteVersion: shown.version });
    expect(await outcome(n, stale)).toEqual({
      status: 409,
      code: 'quote_changed',
      ticket: { status: 'quoted', price: 95_000, state: 'proposed' },
      acceptances: 0,
    });

    const current = await shownQuote(n);
    const declined = await client.post(`/api/tickets/${n}/acceptance`, { accept: false, quoteVersion: current.version });
    expect(declined.status).toBe(200);
    expect(declined.body.ticket).toMatchObject({ status: 'waiting-for-client', quote: { version: current.version, state: 'declined' } });
    const events = (await stored(n)).events.filter((e) => e.type === 'acceptance');
    expect(events.map((e) => e.data)).toEqual([
      { accepted: false, version: current.version, price: 95_000, vat: 'without', deadline: QUOTE_B.deadline },
    ]);
    // An answered quote stays answered: a second answer to it is quote_not_open, not quote_changed.
    const again = await client.post(`/api/tickets/${n}/acceptance`, { accept: true, quoteVersion: current.version });
    expect({ status: again.status, code: again.body.error?.code }).toEqual({ status: 409, code: 'quote_not_open' });
  });

  it('refuses an answer that does not name the quote (400 validation_failed) and changes nothing', async () => {
    const n = await newTicket('Odpověď bez čísla nabídky');
    await propose(n, QUOTE_B);
    const res = await client.post(`/api/tickets/${n}/acceptance`, { accept: true });
    expect({ status: res.status, code: res.body.error?.code, field: typeof res.body.error?.fields?.quoteVersion }).toEqual({
      status: 400,
      code: 'validation_failed',
      field: 'string',
    });
    expect((await stored(n)).ticket).toMatchObject({ status: 'quoted', quote: { state: 'proposed' } });
  });

  it('treats a quote stored before quotes had versions as version 1: answerable as 1, and replaced by version 2', async () => {
    const n = await newTicket('Stará nabídka bez verze');
    const legacy = { price: 4500, vat: 'without', deadline: inDays(12), state: 'proposed' };
    await (await app()).clients.doc.send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: { pk: `TICKET#${n}`, sk: 'META' },
        UpdateExpression: 'SET quote = :q, #s = :s, gsi2pk = :g',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':q': legacy, ':s': 'quoted', ':g': 'STATUS#quoted' },
      }),
    );
    expect(await shownQuote(n)).toMatchObject({ version: 1, price: 4500 });

    await propose(n, QUOTE_B);
    expect((await stored(n)).ticket.quote).toMatchObject({ version: 2, price: 95_000 });
    const stale = await client.post(`/api/tickets/${n}/acceptance`, { accept: true, quoteVersion: 1 });
    expect({ status: stale.status, code: stale.body.error?.code }).toEqual({ status: 409, code: 'quote_changed' });
    expect((await client.post(`/api/tickets/${n}/acceptance`, { accept: true, quoteVersion: 2 })).status).toBe(200);
  });
});
