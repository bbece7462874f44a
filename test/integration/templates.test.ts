import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO } from '../../local/seed';
import type { LocalStack } from '../../local/stack';
import { type AdminClient, pageText } from '../support/admin-client';
import { type ApiClient, sampleTicket } from '../support/api-client';
import { signInClient, signInStaff } from '../support/sign-in';
import { createTestStaff, testStack } from '../support/stack';

/** Reply templates: administrators keep them; a worker picks one on the ticket page (no JavaScript needed). */
let stack: LocalStack;
let admin: AdminClient;
let worker: AdminClient;
let client: ApiClient;
const WORKER = 'sablony@softech.local';
const TEXT = 'Dobrý den,\nk požadavku č. {cislo} „{predmet}“ pro {klient} ({kontakt}): cena {cena}, termín {termin}.\n{pracovnik}';

const templateId = (html: string, name: string) => new RegExp(`href="/admin/templates/([^"]+)">${name}<`).exec(html)?.[1];

beforeAll(async () => {
  stack = await testStack();
  await createTestStaff(WORKER, 'heslo-pro-sablony-2026', { name: 'Tereza Šablonová' });
  admin = await signInStaff(stack);
  worker = await signInStaff(stack, WORKER, 'heslo-pro-sablony-2026');
  client = await signInClient(stack);
});
afterAll(() => stack?.stop());

describe('reply templates', () => {
  it('are kept by administrators; an unknown placeholder is refused with the list of known ones', async () => {
    await admin.get('/admin/templates');
    const bad = await admin.post('/admin/templates', { name: 'Chybná', text: 'Dobrý den, {jmeno} a {cislo}.' });
    expect(bad.status).toBe(400);
    expect(pageText(bad.text)).toContain(
      'Neznámé zástupné symboly: {jmeno}. Použít lze: {cislo}, {predmet}, {klient}, {kontakt}, {pracovnik}, {termin}, {cena}.',
    );
    expect(bad.text).toContain('Dobrý den, {jmeno} a {cislo}.'); // the typed text is kept
    const ok = await admin.post('/admin/templates', { name: 'Nabídka', text: TEXT });
    expect(ok.location).toBe('/admin/templates?done=template_saved');
    const list = await admin.get('/admin/templates');
    expect(templateId(list.text, 'Nabídka')).toBeDefined();
    expect(templateId(list.text, 'Chybná')).toBeUndefined();
  });

  it('cannot be changed by a worker', async () => {
    expect((await worker.get('/admin/templates')).status).toBe(403);
    await worker.get('/admin');
    expect((await worker.post('/admin/templates', { name: 'Moje', text: 'x' })).status).toBe(403);
  });

  it('fill the reply form from the ticket when a worker picks one and presses Vložit, and the client gets that text', async () => {
    const n = (await client.post('/api/tickets', sampleTicket({ subject: 'Šablona prosím', contactEmail: 'sablona@demo-klient.cz' }))).body
      .number as number;
    await admin.get(`/admin/tickets/${n}`);
    const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await admin.post(`/admin/tickets/${n}/quote`, { price: '1 200', vat: 'with', deadline });
    const id = templateId((await admin.get('/admin/templates')).text, 'Nabídka')!;

    const page = await worker.get(`/admin/tickets/${n}`);
    expect(page.text).toContain(`<option value="${id}">Nabídka</option>`);
    const picked = await worker.get(`/admin/tickets/${n}?sablona=${id}`);
    const [y, m, d] = deadline.split('-').map(Number);
    const expected = `Dobrý den,\nk požadavku č. ${n} „Šablona prosím“ pro ${DEMO.client.name} (sablona@demo-klient.cz): cena 1\u00a0200 Kč včetně DPH, termín ${d}. ${m}. ${y}.\nTereza Šablonová`;
    const textarea = /<textarea id="reply-text"[^>]*>([\s\S]*?)<\/textarea>/.exec(picked.text)![1]!;
    expect(textarea.replace(/&quot;/g, '"').replace(/&#39;/g, "'")).toBe(expected.replace(/„|“/g, (c) => c));
    // a template deleted meanwhile says so
    expect(pageText((await worker.get(`/admin/tickets/${n}?sablona=neni`)).text)).toContain('Vybraná šablona už neexistuje.');

    const sent = await worker.post(`/admin/tickets/${n}/reply`, { text: expected, then: '' });
    expect(sent.location).toBe(`/admin/tickets/${n}?done=replied`);
    await stack.poller.drain();
    const res = await fetch(`${inject('services').ses}/store`);
    const mails = ((await res.json()) as { emails: Array<{ subject: string; body: { text: string } }> }).emails.filter(
      (e) => e.subject === `[Softech #${n}] Šablona prosím` && e.body.text.includes('Tereza Šablonová'),
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body.text).toContain(`k požadavku č. ${n}`);
    expect(mails[0]!.body.text).not.toMatch(/\{[a-z]+\}/);
  });
});
