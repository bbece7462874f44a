/**
 * The staff admin UI in a real browser against the real local stack: a request handled from the
 * queue through assignment, a reply e-mail (seen in SES local), the client's reply by mail, a quote
 * accepted by the client, and resolution; hostile content stays inert; an approved access request
 * lets the new client log in. Pages are checked with axe and saved as screenshots
 * (test/e2e/screenshots/admin-*.png, git-ignored).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyAddress } from '../../functions/core/mail-out/reply-token';
import { DEMO } from '../../local/seed';
import type { LocalStack } from '../../local/stack';
import { ApiClient, sampleTicket } from '../support/api-client';
import { sendMail } from '../support/mail';
import { signInClient } from '../support/sign-in';
import { testStack } from '../support/stack';
import { axeViolations, launchBrowser, openPortal, screenshotDir } from './portal-browser';

const CONTACT = 'jana.novakova@firma.cz';
const HOSTILE_SUBJECT = 'Tiskárna <img src=x onerror="window.__xss=1;alert(1)">';
const HOSTILE_DESCRIPTION =
  'Nejde tisk.\n<script>window.__xss=2;alert(2)</script>\n<a href="javascript:window.__xss=3">klikněte</a>\n<style>body{display:none}</style>';
const HOSTILE_MAIL_HTML =
  '<p>Posílám doplnění.</p><script>window.__xss=4</script><img src="x" onerror="window.__xss=5"><a href="javascript:window.__xss=6">odkaz</a>';

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let client: ApiClient;
const problems: string[] = [];
const dialogs: string[] = [];

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 100 });

async function shot(name: string, size: 'desktop' | 'phone' = 'desktop', fullPage = true) {
  mkdirSync(screenshotDir, { recursive: true });
  const original = page.viewportSize()!;
  if (size === 'phone') await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(screenshotDir, `admin-${name}-${size}.png`), fullPage, animations: 'disabled' });
  if (size === 'phone') await page.setViewportSize(original);
}

async function submit(button: ReturnType<Page['locator']>, url: RegExp) {
  await Promise.all([page.waitForURL(url), button.click()]);
}

/** Nothing that came in as data ran: no flag set by injected script, no dialog, no page error. */
async function expectInert() {
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(problems).toEqual([]);
}

async function sesMails(subject: string) {
  const res = await fetch(`${stack.env.AWS_ENDPOINT_SES}/store`);
  return (
    (await res.json()) as { emails: Array<{ subject: string; body: { text: string }; destination: { to: string[] }; replyTo: string[] }> }
  ).emails.filter((m) => m.subject === subject);
}

beforeAll(async () => {
  stack = await testStack();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'cs-CZ', timezoneId: 'Europe/Prague' });
  context.setDefaultTimeout(8_000);
  page = await context.newPage();
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text()))
      problems.push(`console ${m.type()}: ${m.text()} ${m.location().url}`);
  });
  client = await signInClient(stack);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('a staff member handles a request', () => {
  let n: number;

  it('signs in from the login page the queue redirects to', async () => {
    n = (
      await client.post('/api/tickets', sampleTicket({ subject: HOSTILE_SUBJECT, description: HOSTILE_DESCRIPTION, contactEmail: CONTACT }))
    ).body.number;
    await client.post('/api/tickets', sampleTicket({ subject: 'Server nereaguje', category: 'service-express', contactEmail: CONTACT }));
    await client.post(
      '/api/tickets',
      sampleTicket({ subject: 'Přesměrování schránky obchod@', category: 'mailbox-forwarding', contactEmail: CONTACT }),
    );
    await page.goto(stack.adminUrl);
    expect(page.url()).toMatch(/\/admin\/login$/);
    expect(await axeViolations(page)).toEqual([]);
    await shot('login');
    await shot('login', 'phone');
    await page.locator('#f-email').fill(DEMO.staff.email);
    await page.locator('#f-password').fill(DEMO.staff.password);
    await submit(page.getByRole('button', { name: 'Přihlásit se' }), /\/admin$/);
    await poll(() =>
      page
        .getByRole('heading', { level: 1 })
        .textContent()
        .then((t) => t?.trim()),
    ).toBe('Fronta – Nové');
    const first = page.locator('tbody tr').first();
    await poll(() => first.textContent()).toContain('Server nereaguje');
    await poll(() => first.textContent()).toContain('EXPRES');
    await poll(() => page.locator('tbody').textContent()).toContain(HOSTILE_SUBJECT);
    expect(await axeViolations(page)).toEqual([]);
    await shot('queue');
    await shot('queue', 'phone');
    await expectInert();
  });

  it('opens the ticket, where hostile content is shown as text and does not run', async () => {
    await submit(page.getByRole('link', { name: HOSTILE_SUBJECT }).first(), new RegExp(`/admin/tickets/${n}$`));
    await poll(() =>
      page
        .locator('#description')
        .textContent()
        .then((t) => t?.trim()),
    ).toBe(HOSTILE_DESCRIPTION);
    expect(await page.locator('main img, main script, main style, main svg').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    await poll(() => page.locator('body').isVisible()).toBe(true);
    await expectInert();
  });

  it('takes the ticket', async () => {
    await submit(page.getByRole('button', { name: 'Převzít' }), /done=assigned/);
    await poll(() =>
      page
        .locator('.flash.ok')
        .textContent()
        .then((t) => t?.trim()),
    ).toBe('Požadavek byl přidělen.');
    await poll(() =>
      page
        .locator('#assignee')
        .textContent()
        .then((t) => t?.trim()),
    ).toBe(DEMO.staff.name);
    await poll(() =>
      page
        .locator('.subtitle .badge')
        .first()
        .textContent()
        .then((t) => t?.trim()),
    ).toBe('přidělený');
  });

  it('replies to the client; the mail leaves through SES with the subject tag and reply token', async () => {
    await page.locator('#reply-text').fill('Dobrý den,\nzavoláme vám dnes odpoledne. Jaké číslo je nejlepší?');
    await submit(page.getByRole('button', { name: 'Odeslat klientovi' }), /done=replied/);
    await poll(() => page.locator('.thread li.email-out').last().textContent()).toContain('Jaké číslo je nejlepší?');
    await stack.poller.drain();
    await poll(
      async () => (await sesMails(`[Softech #${n}] ${HOSTILE_SUBJECT}`)).filter((m) => m.body.text.includes('Jaké číslo')).length,
    ).toBe(1);
    const [mail] = (await sesMails(`[Softech #${n}] ${HOSTILE_SUBJECT}`)).filter((m) => m.body.text.includes('Jaké číslo'));
    expect(mail!.destination.to).toEqual([CONTACT]);
    expect(mail!.replyTo).toEqual([replyAddress(stack.env.REPLY_TOKEN_SECRET!, n, stack.env.MAIL_DOMAIN!)]);
    await page.reload();
    await poll(() => page.locator('.thread li.email-out').last().textContent()).toContain('odesláno');
  });

  it("shows the client's reply by mail on the ticket (marked new in the queue first), its HTML inert", async () => {
    await sendMail(stack.smtpPort, {
      from: `Jana Nováková <${CONTACT}>`,
      to: replyAddress(stack.env.REPLY_TOKEN_SECRET!, n, stack.env.MAIL_DOMAIN!),
      subject: `Re: [Softech #${n}] Tiskárna`,
      html: HOSTILE_MAIL_HTML,
    });
    await page.goto(`${stack.adminUrl}?tab=mine`);
    await poll(() => page.locator(`tr.attention a[href="/admin/tickets/${n}"]`).first().isVisible()).toBe(true);
    await poll(() => page.locator('tbody').textContent()).toContain('nová zpráva klienta');
    await submit(page.locator(`a[href="/admin/tickets/${n}"]`).first(), new RegExp(`/admin/tickets/${n}$`));
    const reply = page.locator('.thread li.email-in').last();
    await poll(() => reply.textContent()).toContain('Posílám doplnění.');
    await poll(() => reply.textContent()).toContain(CONTACT);
    await poll(() => reply.getByRole('link', { name: 'Stáhnout původní zprávu (.eml)' }).isVisible()).toBe(true);
    expect(await page.locator('main img, main script').count()).toBe(0);
    await expectInert();
  });

  it('quotes a price and deadline, which the client accepts', async () => {
    const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await page.locator('#quote-price').fill('2 450');
    await page.locator('#quote-vat').selectOption('with');
    await page.locator('#quote-deadline').fill(deadline);
    await page.locator('#quote-note').fill('Výměna zapékací jednotky včetně dopravy.');
    await submit(page.getByRole('button', { name: 'Odeslat nabídku klientovi' }), /done=quoted/);
    await poll(() => page.locator('#quote').textContent()).toContain('čeká na klienta');
    await stack.poller.drain();
    await poll(async () => (await sesMails(`[Softech #${n}] ${HOSTILE_SUBJECT}`)).filter((m) => m.body.text.includes('Cena:')).length).toBe(
      1,
    );

    // The client accepts in the portal, in a browser of their own.
    const portal = await openPortal(browser, stack.portalUrl);
    try {
      await portal.page.locator('#login-ico').fill(DEMO.client.ico);
      await portal.page.locator('#login-password').fill(DEMO.client.password);
      await portal.page.getByRole('button', { name: 'Přihlásit se' }).click();
      await poll(() => portal.page.evaluate(() => location.hash)).toBe('#/novy');
      await portal.page.evaluate((number) => (location.hash = `#/pozadavky/${number}`), n);
      await portal.page.getByRole('button', { name: 'Souhlasím s cenou a termínem' }).click();
      await poll(() => portal.page.locator('#view').textContent()).toContain('Cenu a termín jste odsouhlasili.');
    } finally {
      await portal.context.close();
    }
    await page.reload();
    await poll(() => page.locator('#quote').textContent()).toContain('přijato klientem');
    await poll(() => page.locator('.thread li.acceptance').textContent()).toContain('Klient nabídku přijal');
    await poll(() =>
      page
        .locator('.subtitle .badge')
        .first()
        .textContent()
        .then((t) => t?.trim()),
    ).toBe('dohodnuto');
  });

  it('notes internally, resolves the ticket, and the history shows every step with who did it', async () => {
    await page.locator('#note-text').fill('Díl objednán u dodavatele, dorazí zítra.');
    await submit(page.getByRole('button', { name: 'Uložit poznámku' }), /done=noted/);
    await page.locator('#status-to').selectOption('resolved');
    await page.locator('#status-reason').fill('Vyměněno, tiskne.');
    await submit(page.getByRole('button', { name: 'Změnit stav' }), /done=status/);
    await poll(() =>
      page
        .locator('.subtitle .badge')
        .first()
        .textContent()
        .then((t) => t?.trim()),
    ).toBe('vyřešený');
    const types = await page.locator('.thread li').evaluateAll((items) => items.map((li) => li.className));
    expect(types).toEqual(
      expect.arrayContaining(['created', 'assignment', 'status', 'email-out', 'email-in', 'quote', 'acceptance', 'note']),
    );
    await poll(() => page.locator('.thread li.note').textContent()).toContain(DEMO.staff.name);
    expect((await client.get(`/api/tickets/${n}`)).body.history.some((h: { text?: string }) => h.text?.includes('Díl objednán'))).toBe(
      false,
    );
    expect(await axeViolations(page)).toEqual([]);
    await shot('ticket');
    await shot('ticket-top', 'desktop', false);
    await shot('ticket', 'phone');
    await expectInert();
  });
});

describe('an access request', () => {
  it('is approved after verification; the password shown once lets the new client log in', async () => {
    const ico = '25596641';
    expect(
      (
        await new ApiClient(stack.portalUrl).post('/api/access-requests', {
          ico,
          companyName: 'Pekárna U Mlýna s.r.o.',
          contactName: 'Marie Dvořáková',
          email: 'marie@pekarna-mlyn.cz',
          phone: '+420 777 123 456',
          note: 'Máme u vás servisní smlouvu.',
        })
      ).status,
    ).toBe(202);
    await page.goto(`${stack.adminUrl}/access-requests`);
    await poll(() =>
      page
        .locator('.nav a[aria-current=page] .count')
        .textContent()
        .then((t) => t?.trim()),
    ).toBe('1');
    await submit(page.getByRole('link', { name: 'Pekárna U Mlýna s.r.o.' }), /\/admin\/access-requests\/[^/]+$/);
    expect(await axeViolations(page)).toEqual([]);
    await shot('access-request');
    await page.locator('#f-channel').selectOption('phone');
    await page.locator('#f-note').fill('Ověřeno zpětným voláním na číslo z obchodního rejstříku.');
    await submit(page.getByRole('button', { name: 'Schválit a založit účet' }), /\/approve$/);
    const password = (await page.locator('#one-time-password').textContent())!.trim();
    expect(password).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/);
    await shot('one-time-password');
    const login = await new ApiClient(stack.portalUrl).login(ico, password);
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ client: { ico, name: 'Pekárna U Mlýna s.r.o.' }, mustChangePassword: true });
    const detail = page.url().replace(/\/approve$/, '');
    await page.goto(detail);
    expect(await page.locator('#one-time-password').count()).toBe(0);
    await poll(() => page.locator('main').textContent()).toContain('O žádosti rozhodl');
  });
});

describe('the other pages', () => {
  it('render cleanly and accessibly', async () => {
    await sendMail(stack.smtpPort, {
      from: 'neznamy@jinde.cz',
      to: `podpora@${stack.env.MAIL_DOMAIN}`,
      subject: 'Dotaz na cenu',
      text: 'Dobrý den, kolik stojí servis?',
    });
    for (const [name, url] of [
      ['unmatched', '/unmatched'],
      ['outbox', '/outbox'],
      ['clients', '/clients'],
      ['new-client', '/clients/new'],
      ['staff', '/staff'],
      ['account', '/account'],
      ['client-detail', `/clients/${DEMO.client.ico}`],
      ['closed', '?tab=resolved'],
    ] as const) {
      await page.goto(`${stack.adminUrl}${url}`);
      expect(await axeViolations(page), name).toEqual([]);
      await shot(name);
    }
    await page.goto(`${stack.adminUrl}/unmatched`);
    await submit(page.getByRole('link', { name: 'Dotaz na cenu' }), /\/admin\/unmatched\/[^/]+$/);
    await poll(() =>
      page
        .locator('#preview')
        .textContent()
        .then((t) => t?.trim()),
    ).toBe('Dobrý den, kolik stojí servis?');
    expect(await axeViolations(page)).toEqual([]);
    await shot('unmatched-detail');
    await expectInert();
  });
});
