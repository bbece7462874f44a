/**
 * Browser helpers for the portal e2e story: Debian's chromium driven by playwright-core, a page that
 * records console errors, CSP violations and every request, axe checks and screenshots.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const screenshotDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors other than failed API calls that the story provokes on purpose. */
  problems: string[];
  requests: string[];
}

export async function openPortal(browser: Browser, baseUrl: string, viewport = DESKTOP): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, locale: 'cs-CZ', timezoneId: 'Europe/Prague' });
  context.setDefaultTimeout(8_000);
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error' && !/Content Security Policy/i.test(message.text())) return;
    // A 4xx/5xx answer to fetch is logged by the browser itself; the story asks for those.
    if (/Failed to load resource: the server responded with a status of (40[0-9]|41[0-9]|429|50[0-9])/.test(message.text())) return;
    // …and so are the connection failures it simulates with page.route.
    if (/net::ERR_(FAILED|CONNECTION_REFUSED|CONNECTION_RESET)/.test(message.text())) return;
    problems.push(`console ${message.type()}: ${message.text()}`);
  });
  await page.goto(baseUrl);
  return { context, page, problems, requests };
}

export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Saves the page at phone and desktop width (full page), then restores the viewport. */
export async function screenshots(page: Page, name: string, widths: ('phone' | 'desktop')[] = ['phone', 'desktop']): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const original = page.viewportSize() ?? DESKTOP;
  await page.locator('.loading').first().waitFor({ state: 'detached' });
  for (const [label, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    if (!widths.includes(label)) continue;
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${label}.png`), fullPage: true, animations: 'disabled' });
  }
  await page.setViewportSize(original);
}

/** The element that has focus, described for assertions. */
export async function focused(page: Page): Promise<{ tag: string; id: string; text: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName.toLowerCase() ?? '', id: el?.id ?? '', text: el?.textContent?.trim() ?? '' };
  });
}
