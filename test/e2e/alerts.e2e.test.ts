/**
 * An alert end to end in a real browser: a client files a request in the portal; the demo
 * administrator's alert is in SES local's store (what its mail viewer shows); its link opens the ticket in the admin UI
 * (through the login page); a reply template picked there (Vložit: inline with JavaScript, through
 * the server without) fills the reply, and the filled-in text reaches the client's contact address.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../local/seed';
import type { LocalStack } from '../../local/stack';
import { testStack } from '../support/stack';
import { axeViolations, launchBrowser, openPortal, type WatchedPage } from './portal-browser';

let stack: LocalStack;
let browser: Browser;
let portal: WatchedPage;
const CONTACT = 'reditel@demo-klient.cz';
const SUBJECT = `Nejde VPN ${Date.now().toString(36)}`;
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 200 });

type SesMail = { subject: string; body: { text: string }; destination: { to: string[] } };
async function sesMails(filter: (m: SesMail) => boolean) {
  const res = await fetch(`${stack.env.AWS_ENDPOINT_SES}/store`);
  return ((await res.json()) as { emails: SesMail[] }).emails.filter(filter);
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([testStack(), launchBrowser()]);
  portal = await openPortal(browser, stack.portalUrl);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('an alert to staff', () => {
  let n = 0;
  let link = '';

  it("is in SES local's store (the mail viewer's) once the client has filed a request in the portal", async () => {
    const page = portal.page;
    await page.locator('#login-ico').fill(DEMO.client.ico);
    await page.locator('#login-password').fill(DEMO.client.password);
    await page.locator('#login-form button[type="submit"]').click();
    await poll(() => page.evaluate(() => location.hash)).toBe('#/novy');
    await page.locator('#new-email').fill(CONTACT);
    await page.locator('#new-category').selectOption('service');
    await page.locator('#new-subject').fill(SUBJECT);
    await page.locator('#new-details').fill('Od rána se nepřipojíme k VPN, hlásí chybu 809.');
    await page.getByRole('button', { name: 'Odeslat požadavek' }).click();
    await poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/odeslano\/\d+$/);
    n = Number(await page.locator('#created-number').textContent());

    const subject = `[Softech #${n}] Nový požadavek: ${SUBJECT}`;
    await poll(async () => (await sesMails((m) => m.subject === subject)).length).toBe(1);
    const [alert] = await sesMails((m) => m.subject === subject);
    expect(alert!.destination.to.join(',')).toContain(DEMO.staff.email);
    link = /Otevřít: (\S+)/.exec(alert!.body.text)![1]!;
    expect(link).toBe(`${stack.adminUrl}/tickets/${n}`);
    // (The mail viewer's page shows what its /store holds; with every test file's mail in one SES
    // stand-in the page's list is long, so the store is what is checked.)
  });

  it("opens the ticket from the alert's link (after signing in); a reply template fills the reply, which reaches the client", async () => {
    const { getAdminApp } = await import('../../functions/wiring/admin');
    await (await getAdminApp()).admin.templates.templates.putTemplate({
      id: 'vpn',
      name: 'Restart routeru',
      text: 'Dobrý den,\nk požadavku č. {cislo} ({predmet}): zkuste prosím restartovat router; ozveme se do hodiny.\n{pracovnik}',
      updatedAt: new Date().toISOString(),
      updatedBy: DEMO.staff.email,
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'cs-CZ', timezoneId: 'Europe/Prague' });
    const page: Page = await context.newPage();
    await page.goto(link);
    expect(page.url()).toMatch(/\/admin\/login/);
    await page.locator('#f-email').fill(DEMO.staff.email);
    await page.locator('#f-password').fill(DEMO.staff.password);
    await Promise.all([page.waitForURL(new RegExp(`/admin/tickets/${n}$`)), page.getByRole('button', { name: 'Přihlásit se' }).click()]);
    expect(await page.locator('h1').textContent()).toContain(SUBJECT);
    expect(await axeViolations(page)).toEqual([]);

    // With JavaScript the template goes in at the cursor, the page stays and what was written stays.
    const filled = `Dobrý den,\nk požadavku č. ${n} (${SUBJECT}): zkuste prosím restartovat router; ozveme se do hodiny.\n${DEMO.staff.name}`;
    const before = page.url();
    await page.locator('#reply-text').fill('Předem děkujeme za trpělivost.\n');
    await page.locator('#reply-template').selectOption('vpn');
    await page.getByRole('button', { name: 'Vložit' }).click();
    expect(await page.locator('#reply-text').inputValue()).toBe(`Předem děkujeme za trpělivost.\n${filled}`);
    expect(page.url()).toBe(before);

    // Without JavaScript, Vložit asks the server for the page with the template filled in.
    const plain = await browser.newContext({ javaScriptEnabled: false, locale: 'cs-CZ' });
    await plain.addCookies(await context.cookies());
    const noScript = await plain.newPage();
    await noScript.goto(`${stack.adminUrl}/tickets/${n}`);
    await noScript.locator('#reply-template').selectOption('vpn');
    await Promise.all([noScript.waitForURL(/sablona=vpn/), noScript.getByRole('button', { name: 'Vložit' }).click()]);
    expect(await noScript.locator('#reply-text').inputValue()).toBe(filled);
    await plain.close();
    expect(await axeViolations(page)).toEqual([]);
    await Promise.all([page.waitForURL(/done=replied/), page.getByRole('button', { name: 'Odeslat klientovi' }).click()]);
    await poll(
      async () =>
        (await sesMails((m) => m.subject === `[Softech #${n}] ${SUBJECT}` && m.destination.to.join(',').includes(CONTACT))).length,
    ).toBe(2);
    const toClient = await sesMails((m) => m.subject === `[Softech #${n}] ${SUBJECT}` && m.body.text.includes('restartovat router'));
    expect(toClient).toHaveLength(1);
    expect(toClient[0]!.body.text).toContain(`k požadavku č. ${n} (${SUBJECT})`);
    await context.close();
  });
});
