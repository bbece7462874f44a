/**
 * A quote replaced while the client has the ticket open, in chromium against the real local stack:
 * the client's page shows quote A, a worker proposes quote B through the admin UI, the client clicks
 * on the stale page. The answer is refused, the page says so in Czech and now shows quote B, the
 * ticket is not answered; answering B then works. Accepting and declining alike.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../local/seed';
import type { LocalStack } from '../../local/stack';
import type { AdminClient } from '../support/admin-client';
import { sampleTicket, type ApiClient } from '../support/api-client';
import { signInClient, signInStaff } from '../support/sign-in';
import { testStack } from '../support/stack';
import { axeViolations, launchBrowser, openPortal, screenshots, type WatchedPage } from './portal-browser';

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 8_000, interval: 50 });

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
/** A day as the Czech portal writes it ("20. prosince 2026"). */
const czechDay = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat('cs-CZ', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(y!, m! - 1, d!));
};
const QUOTE_A = { price: '0,01', vat: 'without', deadline: inDays(17) };
const QUOTE_B = { price: '95 000', vat: 'without', deadline: inDays(209) };
const CHANGED =
  'Pracovník mezitím poslal novou nabídku ceny a termínu. Na předchozí už odpovědět nelze; prohlédněte si prosím tu aktuální níže a odpovězte znovu.';

let stack: LocalStack;
let browser: Browser;
let portal: WatchedPage;
let page: Page;
let client: ApiClient;
let staff: AdminClient;

async function stored(n: number) {
  const { getApp } = await import('../../functions/wiring/app');
  return (await (await getApp()).stores.tickets.getTicketView(n))!;
}

async function ticketWithQuote(subject: string, quote: Record<string, string>) {
  const res = await client.post('/api/tickets', sampleTicket({ subject }));
  expect(res.status).toBe(201);
  const n = res.body.number as number;
  await staff.get(`/admin/tickets/${n}`);
  await propose(n, quote);
  return n;
}

async function propose(n: number, quote: Record<string, string>) {
  expect((await staff.post(`/admin/tickets/${n}/quote`, quote)).location).toBe(`/admin/tickets/${n}?done=quoted`);
}

/** Opens the ticket in the portal (logging in first when needed) and waits until its quote box can be answered. */
async function openTicket(n: number) {
  if ((await page.locator('#login-ico').count()) > 0) {
    await page.locator('#login-ico').fill(DEMO.client.ico);
    await page.locator('#login-password').fill(DEMO.client.password);
    await page.locator('#login-form button[type="submit"]').click();
    await poll(() => page.evaluate(() => location.hash)).toBe('#/novy');
  }
  await page.evaluate((number) => {
    location.hash = `#/pozadavky/${number}`;
  }, n);
  await poll(() => page.locator('#quote-accept').count()).toBe(1);
}

const quoteBox = () => page.locator('section.quote').textContent();

beforeAll(async () => {
  [stack, browser] = await Promise.all([testStack(), launchBrowser()]);
  [client, staff] = await Promise.all([signInClient(stack), signInStaff(stack)]);
  portal = await openPortal(browser, stack.portalUrl);
  page = portal.page;
});

afterAll(async () => {
  await portal?.context.close();
  await browser?.close();
  await stack?.stop();
});

describe('a quote replaced while the client has the ticket open', () => {
  it('refuses the click on "Souhlasím" for the old quote, says so in Czech, shows the new quote, and accepting that works', async () => {
    const n = await ticketWithQuote('Výměna serveru', QUOTE_A);
    await openTicket(n);
    expect(await quoteBox()).toMatch(/0,01\sKč bez DPH/);
    expect(await quoteBox()).toContain(czechDay(QUOTE_A.deadline));

    await propose(n, QUOTE_B);
    const stale = page.waitForResponse((r) => r.url().endsWith(`/api/tickets/${n}/acceptance`));
    await page.getByRole('button', { name: 'Souhlasím s cenou a termínem' }).click();
    expect((await stale).status()).toBe(409);
    await poll(() => page.locator('section.quote [role="alert"]').textContent()).toBe(CHANGED);
    expect(await quoteBox()).toMatch(/95\s000\sKč bez DPH/);
    expect(await quoteBox()).toContain(czechDay(QUOTE_B.deadline));
    expect(await quoteBox()).not.toMatch(/0,01\sKč/);
    expect((await stored(n)).ticket).toMatchObject({ status: 'quoted', quote: { price: 95_000, state: 'proposed' } });
    expect((await stored(n)).events.filter((e) => e.type === 'acceptance')).toEqual([]);
    expect(await axeViolations(page), 'the quote box after a refused answer').toEqual([]);
    await screenshots(page, 'request-quote-changed');

    const answer = page.waitForResponse((r) => r.url().endsWith(`/api/tickets/${n}/acceptance`));
    await page.getByRole('button', { name: 'Souhlasím s cenou a termínem' }).click();
    expect((await answer).status()).toBe(200);
    await poll(quoteBox).toContain('Cenu a termín jste odsouhlasili');
    expect(await page.locator('#quote-accept').count()).toBe(0);
    expect((await stored(n)).ticket).toMatchObject({ status: 'agreed', quote: { price: 95_000, state: 'accepted' } });
    // The history names the quote that was accepted.
    await poll(() => page.locator('ol.history > li.history-acceptance').textContent()).toMatch(/95\s000\sKč bez DPH/);
    expect(portal.problems).toEqual([]);
  });

  it('refuses the click on "Nesouhlasím" for the old quote the same way, and declining the new one works', async () => {
    const n = await ticketWithQuote('Nový web', QUOTE_A);
    await openTicket(n);
    await propose(n, QUOTE_B);
    const stale = page.waitForResponse((r) => r.url().endsWith(`/api/tickets/${n}/acceptance`));
    await page.getByRole('button', { name: 'Nesouhlasím' }).click();
    expect((await stale).status()).toBe(409);
    await poll(() => page.locator('section.quote [role="alert"]').textContent()).toBe(CHANGED);
    expect(await quoteBox()).toMatch(/95\s000\sKč bez DPH/);
    expect((await stored(n)).ticket).toMatchObject({ status: 'quoted', quote: { state: 'proposed' } });

    const answer = page.waitForResponse((r) => r.url().endsWith(`/api/tickets/${n}/acceptance`));
    await page.getByRole('button', { name: 'Nesouhlasím' }).click();
    expect((await answer).status()).toBe(200);
    await poll(quoteBox).toContain('Cenu a termín jste odmítli');
    expect((await stored(n)).ticket).toMatchObject({ status: 'waiting-for-client', quote: { price: 95_000, state: 'declined' } });
    expect(portal.problems).toEqual([]);
  });
});
