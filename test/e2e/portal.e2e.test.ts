/**
 * The client portal in a real browser against the real local stack (gateway, handlers, DynamoDB
 * Local): access request, login, the IČ check, lockout, filing a request (counter, limit, double
 * click, lost answer, server down, session expiry), the list and detail with a quote, forced password
 * change for a client made by the ops CLI, logout. Every page passes axe in Czech and English and is
 * saved as a screenshot at phone and desktop width (test/e2e/screenshots/, git-ignored).
 */
import { createHash } from 'node:crypto';
import { sendMail } from '../support/mail';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/adapters/dynamo/table';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getApp } from '../../functions/wiring/app';
import type { LocalStack } from '../../local/stack';
import { DEMO } from '../../local/seed';
import { runOpsCli } from '../support/ops-cli';
import { testStack } from '../support/stack';
import { icoCheckDigit } from '../../web/src/ico';
import { axeViolations, DESKTOP, focused, launchBrowser, openPortal, screenshots, type WatchedPage } from './portal-browser';

/** Polls until the expectation holds; the UI answers after a network round trip. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 8_000, interval: 50 });

/** A valid IČ (right check digit) from seven digits. */
const ico = (firstSeven: string) => `${firstSeven}${icoCheckDigit(firstSeven)}`;

let stack: LocalStack;
let browser: Browser;
let portal: WatchedPage;
let page: Page;

async function switchLanguage(to: 'cs' | 'en') {
  const current = await page.evaluate(() => document.documentElement.lang);
  if (current !== to) await page.locator('#lang-switch').click();
  await poll(() => page.evaluate(() => document.documentElement.lang)).toBe(to);
  // A re-rendered page that shows data loads it again.
  await poll(() => page.locator('.loading').count()).toBe(0);
}

/** axe on the current page in both languages, then back to Czech. */
async function expectAccessibleInBothLanguages(name: string) {
  for (const lang of ['cs', 'en'] as const) {
    await switchLanguage(lang);
    expect(await axeViolations(page), `${name} (${lang})`).toEqual([]);
  }
  await switchLanguage('cs');
}

async function login(target: Page, icoValue: string, password: string) {
  await target.locator('#login-ico').fill(icoValue);
  await target.locator('#login-password').fill(password);
  await target.locator('#login-form button[type="submit"]').click();
}

async function fillRequest(target: Page, input: { email?: string; category?: string; subject: string; details: string }) {
  if (input.email !== undefined) await target.locator('#new-email').fill(input.email);
  await target.locator('#new-category').selectOption(input.category ?? 'service');
  await target.locator('#new-subject').fill(input.subject);
  await target.locator('#new-details').fill(input.details);
}

const ticketPosts = (requests: Request[]) => requests.filter((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/tickets');

let opsClient: Promise<{ ico: string; temporaryPassword: string }>;

beforeAll(async () => {
  [stack, browser] = await Promise.all([testStack(), launchBrowser()]);
  // The CLI takes seconds to start; it runs while the story goes on and is awaited at the end.
  opsClient = runOpsCli(stack, [
    'create-client',
    '--ico',
    ico('2559664'),
    '--name',
    'Pekařství U Mlýna s.r.o.',
    '--email',
    'jana@pekarstvi.cz',
  ]);
  opsClient.catch(() => undefined);
});

afterAll(async () => {
  await portal?.context.close();
  await browser?.close();
  await stack?.stop();
});

describe('client portal', () => {
  it('renders the login page at once, with no API call, under 30 KB and only from its own origin', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const first = await context.newPage();
    const cdp = await context.newCDPSession(first);
    await cdp.send('Network.enable');
    let transferred = 0;
    cdp.on('Network.loadingFinished', (event) => {
      transferred += event.encodedDataLength;
    });
    const urls: string[] = [];
    first.on('request', (r) => urls.push(r.url()));
    await first.goto(stack.portalUrl, { waitUntil: 'networkidle' });
    await poll(() => first.locator('h1').textContent()).toBe('Přihlášení');
    const origin = new URL(stack.portalUrl).origin;
    expect(urls.filter((u) => new URL(u).origin !== origin)).toEqual([]);
    expect(urls.filter((u) => new URL(u).pathname.startsWith('/api/'))).toEqual([]);
    expect(transferred).toBeLessThan(30 * 1024);
    console.info(`login page: ${urls.length} requests, ${transferred} bytes transferred (gzip)`);
    await context.close();
  });

  it('shows the login with IČ label and its hint, accessible in Czech and English', async () => {
    portal = await openPortal(browser, stack.portalUrl);
    page = portal.page;
    await poll(() => page.locator('h1').textContent()).toBe('Přihlášení');
    expect(await page.locator('label[for="login-ico"]').textContent()).toBe('IČ');
    expect(await page.locator('#login-ico-hint').textContent()).toContain('dříve IČO');
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Přeskočit na obsah');
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('main');
    expect(await page.evaluate(() => location.hash)).toBe('#/login');
    await screenshots(page, 'login-cs');
    await switchLanguage('en');
    expect(await page.locator('h1').textContent()).toBe('Log in');
    await screenshots(page, 'login-en');
    await expectAccessibleInBothLanguages('login');
  });

  it('checks the IČ while typing and lists form errors with links to the fields', async () => {
    const icoInput = page.locator('#login-ico');
    await icoInput.fill('27082441');
    await poll(() => page.locator('#login-ico-error').textContent()).toContain('kontrolní');
    await icoInput.fill('2708244');
    expect(await page.locator('#login-ico-error').isHidden()).toBe(true);
    await page.getByRole('button', { name: 'Přihlásit se' }).click();
    const summary = page.locator('#login-form-summary');
    expect(await summary.isVisible()).toBe(true);
    expect((await focused(page)).id).toBe('login-form-summary');
    expect(await summary.textContent()).toContain('IČ má 8 číslic');
    expect(await summary.textContent()).toContain('Zadejte heslo');
    await screenshots(page, 'login-errors', ['phone']);
    await summary.getByRole('link', { name: /Zadejte heslo/ }).click();
    expect((await focused(page)).id).toBe('login-password');
    expect(await page.evaluate(() => location.hash)).toBe('#/login');
    expect(await axeViolations(page)).toEqual([]);
    await icoInput.fill('');
  });

  it('takes an access request and explains how the credentials are handed over', async () => {
    await page.getByRole('link', { name: /Nemáte heslo\?/ }).click();
    await poll(() => page.evaluate(() => location.hash)).toBe('#/pristup');
    await poll(async () => (await focused(page)).tag).toBe('h1');
    await expectAccessibleInBothLanguages('access request');
    await screenshots(page, 'access-request');
    await page.locator('#access-ico').fill(ico('4567890'));
    await page.locator('#access-company').fill('Pekařství U Mlýna s.r.o.');
    await page.locator('#access-contact').fill('Jana Nováková');
    await page.locator('#access-email').fill('jana@pekarstvi.cz');
    await page.locator('#access-phone').fill('+420 777 123 456');
    await page.locator('#access-note').fill('Nejlépe dopoledne.');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/access-requests'));
    await page.getByRole('button', { name: 'Odeslat žádost' }).click();
    expect((await answer).status()).toBe(202);
    await poll(() => page.evaluate(() => location.hash)).toBe('#/pristup/odeslano');
    await poll(() => page.locator('h1').textContent()).toBe('Žádost o přístup jsme přijali');
    const text = await page.locator('#view').textContent();
    expect(text).toContain('ověří');
    expect(text).toContain('telefonicky, faxem nebo dopisem');
    expect(text).toContain('nikdy neposíláme běžným e-mailem');
    await poll(async () => (await focused(page)).tag).toBe('h1');
    await expectAccessibleInBothLanguages('access request done');
    await screenshots(page, 'access-request-done');
    await page.getByRole('link', { name: 'Zpět na přihlášení' }).first().click();
    await poll(() => page.locator('h1').textContent()).toBe('Přihlášení');
  });

  it('describes the service with the procedure and the contacts for when the internet is down', async () => {
    await page.locator('#view').getByRole('link', { name: 'Popis služby' }).click();
    await poll(() => page.locator('h1').textContent()).toBe('Popis služby');
    const text = (await page.locator('#view').textContent()) ?? '';
    for (const phrase of ['pořadové číslo', 'potvrzující zprávu', '8000 znaků', 'cenu a termín', 'Telefon', 'servisní zásah']) {
      expect(text).toContain(phrase);
    }
    expect(await page.locator('#view a[href^="tel:"]').count()).toBeGreaterThan(0);
    await expectAccessibleInBothLanguages('service description');
    await screenshots(page, 'service-info');
    await page.getByRole('link', { name: 'Zpět na přihlášení' }).first().click();
    await poll(() => page.locator('h1').textContent()).toBe('Přihlášení');
  });

  it('says clearly when the password is wrong and when login is locked, with the time to try again', async () => {
    const unknown = ico('1234567');
    await login(page, DEMO.client.ico, 'spatne-heslo');
    await poll(() => page.locator('#login-form-summary').textContent()).toContain('Nesprávné IČ nebo heslo');
    expect(await page.locator('#login-password').inputValue()).toBe('');
    // Five failures lock the IČ; the sixth attempt is refused with 429 and Retry-After.
    for (let attempt = 0; attempt < 6; attempt++) {
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/login'));
      await login(page, unknown, `spatne-${attempt}`);
      await answer;
    }
    await poll(() => page.locator('#login-form-summary').textContent()).toMatch(/Zkuste to znovu v \d{1,2}:\d{2} \(za 15 minut\)/);
    await screenshots(page, 'login-locked', ['phone']);
    await switchLanguage('en');
    await login(page, unknown, 'still-wrong');
    await poll(() => page.locator('#login-form-summary').textContent()).toMatch(/Try again at .* \(in 15 minutes\)/);
    await switchLanguage('cs');
  });

  it('logs the demo client in by keyboard alone and files a request, rejecting 8001 characters first', async () => {
    await page.locator('#login-ico').fill('');
    await page.locator('#login-password').fill('');
    await page.locator('#login-ico').focus();
    await page.keyboard.type(DEMO.client.ico);
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO.client.password);
    await page.keyboard.press('Enter');
    await poll(() => page.evaluate(() => location.hash)).toBe('#/novy');
    // The view focuses its heading once rendered, a moment after the hash changes.
    await poll(async () => (await focused(page)).text).toBe('Nový požadavek');
    expect(await page.locator('#site-header').textContent()).toContain(DEMO.client.name);

    const counter = page.locator('#new-details-counter');
    expect(await counter.textContent()).toBe('Zbývá 8\u00a0000 znaků');
    await fillRequest(page, {
      email: 'jana.novakova@demo-klient.cz',
      subject: 'Nefunguje tiskárna ve 2. patře',
      details: 'x'.repeat(8001),
    });
    expect(await counter.textContent()).toBe('O 1 znak více, než je povoleno');
    await page.getByRole('button', { name: 'Odeslat požadavek' }).click();
    expect(await page.locator('#new-form-summary').textContent()).toContain('zkraťte ji prosím o 1 znak');
    expect(portal.requests.filter((u) => u.endsWith('/api/tickets')).length).toBe(0);
    await screenshots(page, 'new-request-too-long', ['phone']);

    const details = 'Tiskárna hlásí chybu E-04 😀 a netiskne.\n\nZkoušeli jsme ji vypnout a zapnout.\n';
    await page.locator('#new-details').fill(details);
    const left = new Intl.NumberFormat('cs-CZ').format(8000 - [...details.trim()].length);
    expect(await counter.textContent()).toBe(`Zbývá ${left} znaků`);
    await expectAccessibleInBothLanguages('new request');
    await screenshots(page, 'new-request');

    const posts: Request[] = [];
    const onRequest = (r: Request) => {
      if (ticketPosts([r]).length) posts.push(r);
    };
    page.on('request', onRequest);
    await page.getByRole('button', { name: 'Odeslat požadavek' }).dblclick();
    await poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/odeslano\/\d+$/);
    page.off('request', onRequest);
    expect(posts.length).toBe(1);
    expect(posts[0]!.headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);

    const number = Number((await page.locator('#created-number').textContent()) ?? '');
    expect(number).toBeGreaterThan(0);
    const text = await page.locator('#view').textContent();
    expect(text).toContain('Pořadové číslo');
    expect(text).toContain('odpovědí na potvrzující zprávu');
    expect(text).toContain('jana.novakova@demo-klient.cz');
    await expectAccessibleInBothLanguages('request created');
    await screenshots(page, 'request-created');
  });

  it('lists the request and shows its detail with the history', async () => {
    await page.getByRole('link', { name: 'Moje požadavky' }).first().click();
    await poll(() => page.locator('table.tickets tbody tr').count()).toBe(1);
    const row = await page.locator('table.tickets tbody tr').first().textContent();
    expect(row).toContain('Nefunguje tiskárna ve 2. patře');
    expect(row).toContain('servisní zásah');
    expect(row).toContain('nový');
    await expectAccessibleInBothLanguages('request list');
    await screenshots(page, 'request-list');

    // A new tab has the session cookie but nothing in sessionStorage: GET /api/me lets it in.
    const tab = await portal.context.newPage();
    await tab.goto(`${stack.portalUrl}#/pozadavky`);
    await poll(() => tab.locator('table.tickets tbody tr').count()).toBe(1);
    expect(await tab.evaluate(() => location.hash)).toBe('#/pozadavky');
    await tab.close();

    await page.getByRole('link', { name: 'Nefunguje tiskárna ve 2. patře' }).click();
    await poll(() => page.locator('ol.history > li').count()).toBeGreaterThan(0);
    expect(await page.locator('.history').textContent()).toContain('Požadavek zadán');
    expect(await page.locator('#view').textContent()).toContain('Zkoušeli jsme ji vypnout a zapnout.');
    await expectAccessibleInBothLanguages('request detail');
    await screenshots(page, 'request-detail');
  });

  it('adds an attachment sent as a reply to the confirmation e-mail, and downloads it byte for byte', async () => {
    const number = Number(/\d+$/.exec(await page.evaluate(() => location.hash))![0]);
    // The client's mail program: the confirmation from the SES viewer, answered to its Reply-To.
    const store = (await (await fetch(new URL('/store', stack.env.AWS_ENDPOINT_SES))).json()) as {
      emails: Array<{ subject: string; replyTo: string[]; destination: { to: string[] } }>;
    };
    // The SES stand-in is shared by every test file running at the same time: pick this ticket's own mail.
    const ticket = (await (await page.request.get(new URL(`/api/tickets/${number}`, stack.portalUrl).href)).json()) as {
      ticket: { subject: string; contactEmail: string };
    };
    const confirmation = store.emails.findLast(
      (m) => m.subject === `[Softech #${number}] ${ticket.ticket.subject}` && m.destination.to.includes(ticket.ticket.contactEmail),
    )!;
    expect(confirmation).toBeDefined();
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 31) % 256))]);
    await sendMail(stack.smtpPort, {
      from: confirmation.destination.to[0],
      to: confirmation.replyTo[0],
      subject: `Re: ${confirmation.subject}`,
      text: 'Posílám protokol z tiskárny.',
      attachments: [{ filename: 'protokol tiskárny.pdf', content: pdf, contentType: 'application/pdf' }],
    });
    await page.reload();
    const link = page.locator('a', { hasText: 'protokol tiskárny.pdf' }).first();
    await poll(() => link.count()).toBe(1);
    expect(await page.locator('.history').textContent()).toContain('Posílám protokol z tiskárny.');
    const redirect = await page.request.get(new URL((await link.getAttribute('href'))!, stack.portalUrl).href, { maxRedirects: 0 });
    expect(redirect.status()).toBe(302);
    const file = await page.request.get(redirect.headers().location!);
    expect(file.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(
      createHash('sha256')
        .update(await file.body())
        .digest('hex'),
    ).toBe(createHash('sha256').update(pdf).digest('hex'));
  });

  it('shows replies, staff messages and attachments from the history, all as plain text', async () => {
    const number = Number(/\d+$/.exec(await page.evaluate(() => location.hash))![0]);
    const app = await getApp();
    const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    const items = [
      {
        ...keys.attachment(number, 'ATT1'),
        entity: 'attachment',
        id: 'ATT1',
        ticket: number,
        s3Key: `attachments/${number}/ATT1`,
        filename: 'chyba-E04.png',
        contentType: 'image/png',
        size: 48_213,
        sha256: 'x',
        source: 'ses-1',
        createdAt: at(1),
      },
      {
        ...keys.event(number, at(1), 'EV1'),
        entity: 'event',
        id: 'EV1',
        ticket: number,
        type: 'email-in',
        at: at(1),
        actor: { kind: 'email', from: 'jana.novakova@demo-klient.cz' },
        subject: 'Re: [Softech #1] Nefunguje tiskárna',
        text: 'Posílám snímek displeje. <img src=x onerror="window.__pwned=1">',
        attachmentIds: ['ATT1'],
      },
      {
        ...keys.event(number, at(2), 'EV2'),
        entity: 'event',
        id: 'EV2',
        ticket: number,
        type: 'message',
        at: at(2),
        actor: { kind: 'staff', email: DEMO.staff.email, name: DEMO.staff.name },
        text: 'Dobrý den, zítra dopoledne se u vás zastavíme.',
      },
      {
        ...keys.event(number, at(3), 'EV3'),
        entity: 'event',
        id: 'EV3',
        ticket: number,
        type: 'escalation',
        at: at(3),
        actor: { kind: 'system' },
        text: 'Událost, kterou portál zatím nezná.',
      },
    ];
    for (const item of items) await app.clients.doc.send(new PutCommand({ TableName: stack.tableName, Item: item }));
    await page.reload();
    await poll(() => page.locator('ol.history > li').count()).toBe(5);
    const history = (await page.locator('.history').textContent()) ?? '';
    expect(history).toContain('E-mail od vás');
    expect(history).toContain('<img src=x onerror="window.__pwned=1">');
    expect(history).toContain('Zpráva od pracovníka');
    expect(history).toContain(DEMO.staff.name);
    expect(history).toContain('Záznam (escalation)');
    expect(await page.locator('#view img').count()).toBe(0);
    const links = page.locator('a', { hasText: 'chyba-E04.png' });
    expect(await links.count()).toBe(2);
    expect(await links.first().getAttribute('href')).toBe(`/api/tickets/${number}/attachments/ATT1`);
    // The link answers 302 to a short-lived URL of the stored file.
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const { s3 } = await (await import('../../functions/wiring/mail-bucket')).getBlobs();
    await s3.send(
      new PutObjectCommand({ Bucket: stack.env.MAIL_BUCKET, Key: `attachments/${number}/ATT1`, Body: png, ContentType: 'image/png' }),
    );
    const redirect = await page.request.get(new URL(`/api/tickets/${number}/attachments/ATT1`, stack.portalUrl).href, { maxRedirects: 0 });
    expect(redirect.status()).toBe(302);
    const file = await page.request.get(redirect.headers().location!);
    expect(Buffer.from(await file.body()).equals(png)).toBe(true);
    await expectAccessibleInBothLanguages('request detail with history');
    await screenshots(page, 'request-history');
  });

  it('lets the client accept a quoted price and deadline', async () => {
    const number = Number(/\d+$/.exec(await page.evaluate(() => location.hash))![0]);
    const app = await getApp();
    await app.clients.doc.send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: { pk: `TICKET#${number}`, sk: 'META' },
        UpdateExpression: 'SET quote = :q, #s = :s, gsi2pk = :g',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':q': { price: 4500, vat: 'without', deadline: '2026-12-15', note: 'Výměna fixační jednotky včetně dopravy.', state: 'proposed' },
          ':s': 'quoted',
          ':g': 'STATUS#quoted',
        },
      }),
    );
    await page.reload();
    await poll(() => page.locator('#quote-accept').count()).toBe(1);
    const quote = await page.locator('.quote').textContent();
    expect(quote).toMatch(/4\s500\sKč bez DPH/);
    expect(quote).toContain('15. prosince 2026');
    await expectAccessibleInBothLanguages('request detail with quote');
    await screenshots(page, 'request-quote');
    const answer = page.waitForResponse((r) => r.url().endsWith(`/api/tickets/${number}/acceptance`));
    await page.locator('#quote-accept').click();
    expect((await answer).status()).toBe(200);
    await poll(() => page.locator('.quote').textContent()).toContain('Cenu a termín jste odsouhlasili');
    expect(await page.locator('#quote-accept').count()).toBe(0);
  });

  it('keeps the draft and says so when the server cannot be reached, and a lost answer never makes two tickets', async () => {
    await page.getByRole('link', { name: 'Nový požadavek' }).first().click();
    await poll(() => page.locator('#new-email').inputValue()).toBe('jana.novakova@demo-klient.cz');
    await fillRequest(page, {
      category: 'website',
      subject: 'Nový banner na úvodní stránku',
      details: 'Prosíme o výměnu banneru za přiložený.',
    });

    await page.route('**/api/tickets', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: 'Odeslat požadavek' }).click();
    await poll(() => page.locator('#new-form-summary').textContent()).toContain('Nepodařilo se spojit se serverem');
    expect(await page.locator('#new-form-summary').textContent()).toContain('zůstal uložen');
    await screenshots(page, 'new-request-offline', ['phone']);
    await page.unroute('**/api/tickets');

    await page.reload();
    await poll(() => page.locator('#new-subject').inputValue()).toBe('Nový banner na úvodní stránku');
    expect(await page.locator('#new-category').inputValue()).toBe('website');
    expect(await page.locator('.flash').textContent()).toContain('Obnovili jsme');

    // The server takes the request but the answer never arrives; the retry gets the same ticket.
    const keys: string[] = [];
    await page.route('**/api/tickets', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length === 1) {
        await route.fetch();
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    await page.getByRole('button', { name: 'Odeslat požadavek' }).click();
    await poll(() => page.locator('#new-form-summary').textContent()).toContain('Nepodařilo se spojit');
    await page.getByRole('button', { name: 'Odeslat požadavek' }).click();
    await poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/odeslano\/\d+$/);
    await page.unroute('**/api/tickets');
    expect(keys.length).toBe(2);
    expect(keys[1]).toBe(keys[0]);
    await page.getByRole('link', { name: 'Moje požadavky' }).first().click();
    await poll(() => page.locator('table.tickets tbody tr').count()).toBe(2);
  });

  it('sends an expired session back to login with the draft kept, then restores it (signing in with the DIČ)', async () => {
    await page.getByRole('link', { name: 'Nový požadavek' }).first().click();
    await fillRequest(page, { category: 'domain', subject: 'Doména pekarstvi-mlyn.cz', details: 'Prosíme o registraci domény.' });
    await portal.context.clearCookies();
    await page.getByRole('button', { name: 'Odeslat požadavek' }).click();
    await poll(() => page.evaluate(() => location.hash)).toBe('#/login');
    await poll(() => page.locator('.flash').textContent()).toContain('rozepsaný požadavek zůstal uložen');
    await screenshots(page, 'login-session-expired', ['phone']);
    // The company's DIČ works as the IČ, with a note that its CZ is dropped.
    await login(page, `CZ${DEMO.client.ico}`, DEMO.client.password);
    expect(await page.locator('#login-ico-note').textContent()).toBe(`Zadali jste DIČ; použijeme IČ bez předpony CZ: ${DEMO.client.ico}.`);
    await poll(() => page.evaluate(() => location.hash)).toBe('#/novy');
    expect(await page.locator('#new-subject').inputValue()).toBe('Doména pekarstvi-mlyn.cz');
    expect(await page.locator('#new-details').inputValue()).toBe('Prosíme o registraci domény.');
    await page.getByRole('button', { name: 'Odeslat požadavek' }).click();
    await poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/odeslano\/\d+$/);
  });

  it('logs out', async () => {
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/logout'));
    await page.getByRole('button', { name: 'Odhlásit se' }).click();
    expect((await answer).status()).toBe(204);
    await poll(() => page.evaluate(() => location.hash)).toBe('#/login');
    await poll(() => page.locator('.flash').textContent()).toContain('Byli jste odhlášeni');
    await page.goto(`${stack.portalUrl}#/pozadavky`);
    await poll(() => page.locator('h1').textContent()).toBe('Přihlášení');
  });

  it('makes a client created by the ops CLI change the temporary password at first login', async () => {
    const { ico: newIco, temporaryPassword } = await opsClient;
    const fresh = await openPortal(browser, stack.portalUrl);
    const p = fresh.page;
    await login(p, newIco, temporaryPassword);
    await poll(() => p.evaluate(() => location.hash)).toBe('#/heslo');
    expect(await p.locator('#view').textContent()).toContain('Při prvním přihlášení');
    expect(await p.locator('#password-current').count()).toBe(0);
    page = p;
    await expectAccessibleInBothLanguages('forced password change');
    await screenshots(p, 'password-forced');
    await p.locator('#password-new').fill('kratke');
    await p.locator('#password-confirm').fill('kratke');
    await p.getByRole('button', { name: 'Změnit heslo' }).click();
    expect(await p.locator('#password-form-summary').textContent()).toContain('alespoň 10 znaků');
    // After a reload the temporary password is no longer in memory, so the form asks for it.
    await p.goto(`${stack.portalUrl}#/novy`);
    await p.reload();
    await poll(() => p.evaluate(() => location.hash)).toBe('#/heslo');
    await p.locator('#password-current').fill(temporaryPassword);
    await p.locator('#password-new').fill('mlýnské-kolo-2026');
    await p.locator('#password-confirm').fill('mlýnské-kolo-2026');
    await p.getByRole('button', { name: 'Změnit heslo' }).click();
    await poll(() => p.evaluate(() => location.hash)).toBe('#/novy');
    await poll(() => p.locator('.flash').textContent()).toContain('Heslo bylo změněno');
    await p.getByRole('button', { name: 'Odhlásit se' }).click();
    await poll(() => p.evaluate(() => location.hash)).toBe('#/login');
    await login(p, newIco, 'mlýnské-kolo-2026');
    await poll(() => p.evaluate(() => location.hash)).toBe('#/novy');
    expect(fresh.problems).toEqual([]);
    await fresh.context.close();
  });

  it('logged no script errors and no CSP violations on the way, and asked nobody but its own origin', () => {
    expect(portal.problems).toEqual([]);
    const origin = new URL(stack.portalUrl).origin;
    expect(portal.requests.filter((u) => new URL(u).origin !== origin && !u.startsWith('data:'))).toEqual([]);
  });
});
