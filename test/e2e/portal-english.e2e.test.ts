/**
 * The portal in English shows no Czech the server wrote: a ticket that went through every kind of
 * history event (made through the client API, the admin UI, a reply by mail and an SES delivery
 * report) is opened in chromium with the portal switched to English, and its whole page is read.
 * Everything people typed into this ticket is English, so any Czech left on the page is the server's.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pragueDay } from '../../functions/core/tickets/staff-tickets';
import { EVENT_TYPES } from '../../functions/core/model';
import { replyAddress } from '../../functions/core/mail-out/reply-token';
import { DEMO } from '../../local/seed';
import type { LocalStack } from '../../local/stack';
import type { AdminClient } from '../support/admin-client';
import type { ApiClient } from '../support/api-client';
import { sendMail } from '../support/mail';
import { signInClient, signInStaff } from '../support/sign-in';
import { createTestStaff, testStack } from '../support/stack';
import { launchBrowser, openPortal, type WatchedPage } from './portal-browser';

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 8_000, interval: 50 });

/** Letters of Czech that English has not, and Czech words the server used to write without them. */
const CZECH = /[áčďéěíňóřšťúůýž]|\b(znovu|soubor|dříve|stav|požadavek|klient)\b/iu;

const CONTACT = 'jane.doe@example.com';
const WORKER = { email: 'peter.worker@softech.local', name: 'Peter Worker', password: 'worker-pass-2026' };

let stack: LocalStack;
let browser: Browser;
let portal: WatchedPage;
let page: Page;
let client: ApiClient;
let staff: AdminClient;
let n: number;

async function storedView() {
  const { getApp } = await import('../../functions/wiring/app');
  return (await (await getApp()).stores.tickets.getTicketView(n))!;
}

/** One ticket with every event type, each made the way production makes it. */
async function ticketWithEveryEvent() {
  const created = await client.post('/api/tickets', {
    contactEmail: CONTACT,
    category: 'service',
    subject: 'Printer does not print',
    description: 'The office printer shows error E-04.',
  });
  expect(created.status).toBe(201);
  n = created.body.number as number;
  await staff.get(`/admin/tickets/${n}`);
  await staff.post(`/admin/tickets/${n}/assign`, { assignee: WORKER.email });
  await staff.post(`/admin/tickets/${n}/note`, { text: 'Internal: check the toner first.' });
  // Work logged (staff only: the portal must not show it).
  await staff.post(`/admin/tickets/${n}/work`, {
    date: pragueDay(new Date()),
    minutes: '45',
    description: 'Internal: toner diagnostics.',
    billable: 'on',
  });
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(Buffer.from('%PDF-1.4\nservice report'))], { type: 'application/pdf' }), 'service-report.pdf');
  await staff.postMultipart(`/admin/tickets/${n}/attachments`, form);
  await staff.post(`/admin/tickets/${n}/reply`, { text: 'Hello, when can we call you?', then: 'waiting-for-client' });
  // The client answers by mail: the reply lands on the ticket and reopens it.
  await sendMail(stack.smtpPort, {
    from: CONTACT,
    to: replyAddress(stack.env.REPLY_TOKEN_SECRET!, n, stack.env.MAIL_DOMAIN!),
    subject: `Re: [Softech #${n}] Printer does not print`,
    text: 'Any time after ten.',
  });
  const deadline = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  await staff.post(`/admin/tickets/${n}/quote`, { price: '1500', vat: 'without', deadline, note: 'Includes travel.' });
  expect((await client.post(`/api/tickets/${n}/acceptance`, { accept: true, quoteVersion: 1 })).status).toBe(200);
  await staff.post(`/admin/tickets/${n}/status`, { status: 'in-progress', reason: 'Starting the repair.' });
  // SES reports the confirmation delivered (recorded JSON: local SES cannot produce these reports).
  await stack.poller.drain();
  const confirmation = (await storedView()).outbox.find((m) => m.kind === 'confirmation')!;
  const report = readFileSync(new URL('../fixtures/ses-events/delivery.json', import.meta.url), 'utf8').replaceAll(
    '__MESSAGE_ID__',
    `<${confirmation.messageId}>`,
  );
  const { handler } = await import('../../functions/handlers/delivery-status');
  expect(await handler({ Records: [{ Sns: { Message: report } }] } as never)).toEqual(['recorded']);
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([testStack(), launchBrowser()]);
  await createTestStaff(WORKER.email, WORKER.password, { name: WORKER.name });
  [client, staff] = await Promise.all([signInClient(stack), signInStaff(stack, WORKER.email, WORKER.password)]);
  await ticketWithEveryEvent();
  portal = await openPortal(browser, stack.portalUrl);
  page = portal.page;
});

afterAll(async () => {
  await portal?.context.close();
  await browser?.close();
  await stack?.stop();
});

describe('client portal in English', () => {
  it('the test ticket has an event of every type the model knows', async () => {
    const types = new Set((await storedView()).events.map((e) => e.type));
    expect([...EVENT_TYPES].filter((type) => !types.has(type))).toEqual([]);
  });

  it('words every history event, status and category of the ticket in English, with no Czech from the server', async () => {
    await page.locator('#lang-switch').click();
    await poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.locator('#login-ico').fill(DEMO.client.ico);
    await page.locator('#login-password').fill(DEMO.client.password);
    await page.locator('#login-form button[type="submit"]').click();
    await poll(() => page.evaluate(() => location.hash)).not.toBe('');
    const shown = (await client.get(`/api/tickets/${n}`)).body.history as unknown[];
    await page.evaluate((number) => {
      location.hash = `#/pozadavky/${number}`;
    }, n);
    await poll(() => page.locator('ol.history > li').count()).toBe(shown.length);

    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, line by line, is what a person reads
    const lines = (await page.locator('.detail-content').innerText())
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    expect(lines.filter((line) => CZECH.test(line))).toEqual([]);
    // What the server used to word in Czech is worded by the portal, not dropped.
    expect(lines).toEqual(
      expect.arrayContaining([
        'Reopened by your reply (previously: waiting for you).',
        'The worker attached a file.',
        'Confirmation email delivered',
      ]),
    );
    // Every event the client sees has a title of its own, none the generic "Entry (type)".
    expect(await page.locator('ol.history > li.history-other').count()).toBe(0);
    expect(portal.problems).toEqual([]);
  });
});
