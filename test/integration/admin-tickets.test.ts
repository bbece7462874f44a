import { composeMime } from '../../functions/adapters/mime-composer';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyAddress } from '../../functions/core/mail-out/reply-token';
import { DEMO } from '../../local/seed';
import type { LocalStack } from '../../local/stack';
import { pageText, type AdminClient } from '../support/admin-client';
import { sampleTicket, type ApiClient } from '../support/api-client';
import { bytes, sendMail } from '../support/mail';
import { signInClient, signInStaff } from '../support/sign-in';
import { testStack } from '../support/stack';

let stack: LocalStack;
let admin: AdminClient;
let client: ApiClient;
const CONTACT = 'jana.novakova@firma.cz';

async function app() {
  const { getApp } = await import('../../functions/wiring/app');
  return getApp();
}

async function newTicket(over: Record<string, unknown> = {}) {
  const res = await client.post('/api/tickets', sampleTicket({ contactEmail: CONTACT, ...over }));
  expect(res.status).toBe(201);
  return res.body.number as number;
}

const view = async (n: number) => (await (await app()).stores.tickets.getTicketView(n))!;
const sesMails = async (subject: string) => {
  const res = await fetch(`${stack.env.AWS_ENDPOINT_SES}/store`);
  return (
    (await res.json()) as { emails: Array<{ subject: string; replyTo: string[]; destination: { to: string[] }; body: { text: string } }> }
  ).emails.filter((m) => m.subject === subject);
};
const tomorrow = () => new Date(Date.now() + 86_400_000 * 7).toISOString().slice(0, 10);

beforeAll(async () => {
  stack = await testStack();
  admin = await signInStaff(stack);
  client = await signInClient(stack);
});
afterAll(() => stack?.stop());

describe('the queue', () => {
  it('puts express service interventions first, counts per status and finds tickets by number, subject and IČO', async () => {
    const plain = await newTicket({ subject: 'Pomalý počítač v účtárně' });
    const express = await newTicket({ subject: 'Nejde server', category: 'service-express' });
    await stack.poller.drain(); // the counts follow from the table stream
    const page = await admin.get('/admin?tab=new');
    expect(page.status).toBe(200);
    const rows = [...page.text.matchAll(/<td class="num"><a href="\/admin\/tickets\/(\d+)">/g)].map((m) => Number(m[1]));
    expect(rows[0]).toBe(express);
    expect(rows).toContain(plain);
    expect(page.text).toMatch(/Nové <span class="n">(\d+)<\/span>/);
    expect(Number(/Nové <span class="n">(\d+)<\/span>/.exec(page.text)![1])).toBe(rows.length);
    expect(pageText(page.text)).toContain('EXPRES');

    expect((await admin.get(`/admin?q=${plain}`)).text).toContain(`href="/admin/tickets/${plain}"`);
    const bySubject = await admin.get(`/admin?q=${encodeURIComponent('pomaly UCTARNE')}`);
    expect(bySubject.text).toContain(`href="/admin/tickets/${plain}"`);
    expect(bySubject.text).not.toContain(`href="/admin/tickets/${express}"`);
    expect((await admin.get(`/admin?q=${DEMO.client.ico}`)).text).toContain(`href="/admin/tickets/${express}"`);
    const byCategory = await admin.get('/admin?tab=new&category=service-express');
    expect(byCategory.text).toContain(`href="/admin/tickets/${express}"`);
    expect(byCategory.text).not.toContain(`href="/admin/tickets/${plain}"`);
  });

  it('marks a ticket with a new client message until a staff member opens it', async () => {
    const n = await newTicket({ subject: 'Odpověď klienta' });
    await sendMail(stack.smtpPort, {
      from: CONTACT,
      to: replyAddress(stack.env.REPLY_TOKEN_SECRET!, n, stack.env.MAIL_DOMAIN!),
      subject: `Re: [Softech #${n}] Odpověď klienta`,
      text: 'Doplňuji.',
    });
    const row = (html: string) =>
      new RegExp(`<tr class="[^"]*attention[^"]*">\\s*<td class="num"><a href="/admin/tickets/${n}">`).test(html);
    expect(row((await admin.get('/admin?tab=new')).text)).toBe(true);
    await admin.get(`/admin/tickets/${n}`);
    expect((await view(n)).ticket.attention).toBeUndefined();
    expect(row((await admin.get('/admin?tab=new')).text)).toBe(false);
  });
});

describe('handling a ticket', () => {
  it('takes a ticket: it is assigned to me, moves to "assigned", shows under "mine" and records who did it', async () => {
    const n = await newTicket({ subject: 'Převzetí' });
    await admin.get(`/admin/tickets/${n}`);
    const res = await admin.post(`/admin/tickets/${n}/assign`, { assignee: DEMO.staff.email });
    expect(res.location).toBe(`/admin/tickets/${n}?done=assigned`);
    const v = await view(n);
    expect(v.ticket).toMatchObject({ assignee: DEMO.staff.email, status: 'assigned' });
    const assignment = v.events.find((e) => e.type === 'assignment')!;
    expect(assignment.actor).toEqual({ kind: 'staff', email: DEMO.staff.email, name: DEMO.staff.name });
    expect(v.events.find((e) => e.type === 'status')).toMatchObject({
      status: 'assigned',
      actor: { kind: 'staff', email: DEMO.staff.email },
    });
    await stack.poller.drain(); // *Moje* is the assignee index, kept from the table stream
    expect((await admin.get('/admin?tab=mine')).text).toContain(`href="/admin/tickets/${n}"`);
    expect(pageText((await admin.get(`/admin/tickets/${n}?done=assigned`)).text)).toContain('Požadavek byl přidělen.');
  });

  it('e-mails a reply through the outbox with the subject tag, reply token and a new indexed Message-ID, not marked automatic', async () => {
    const n = await newTicket({ subject: 'Odpověď pracovníka' });
    await admin.get(`/admin/tickets/${n}`);
    const res = await admin.post(`/admin/tickets/${n}/reply`, { text: 'Dobrý den,\nkdy vám můžeme zavolat?', then: 'waiting-for-client' });
    expect(res.status).toBe(303);
    const v = await view(n);
    const mail = v.outbox.find((m) => m.kind === 'staff-reply')!;
    const raw = (await composeMime(mail.message)).toString('utf8');
    expect(mail.to).toEqual([CONTACT]);
    expect(mail.subject).toBe(`[Softech #${n}] Odpověď pracovníka`);
    expect(raw).toContain(`Reply-To: ${replyAddress(stack.env.REPLY_TOKEN_SECRET!, n, stack.env.MAIL_DOMAIN!)}`);
    expect(raw).toMatch(new RegExp(`^Message-ID: <t${n}\\.${mail.id}@${stack.env.MAIL_DOMAIN}>`, 'm'));
    expect(raw).not.toMatch(/Auto-Submitted/i);
    expect(raw).toMatch(/^In-Reply-To: </m);
    expect(await (await app()).stores.inbound.ticketForMessageIds([mail.messageId])).toBe(n);
    expect(v.ticket.status).toBe('waiting-for-client');
    expect(v.events.find((e) => e.type === 'email-out' && e.outboxId === mail.id)).toMatchObject({
      actor: { kind: 'staff', email: DEMO.staff.email },
      text: 'Dobrý den,\nkdy vám můžeme zavolat?',
    });

    await stack.poller.drain();
    const [sent] = await sesMails(`[Softech #${n}] Odpověď pracovníka`).then((all) =>
      all.filter((m) => m.body.text.includes('kdy vám můžeme zavolat')),
    );
    expect(sent).toBeDefined();
    expect(sent!.destination.to).toEqual([CONTACT]);
    const page = pageText((await admin.get(`/admin/tickets/${n}`)).text);
    expect(page).toContain('kdy vám můžeme zavolat?');
    expect(page).toContain('odesláno');
  });

  it('keeps an internal note from the client and from e-mail', async () => {
    const n = await newTicket({ subject: 'Poznámka' });
    await admin.get(`/admin/tickets/${n}`);
    await admin.post(`/admin/tickets/${n}/note`, { text: 'Klient má starou verzi, pozor.' });
    const v = await view(n);
    expect(v.events.find((e) => e.type === 'note')).toMatchObject({
      text: 'Klient má starou verzi, pozor.',
      actor: { kind: 'staff', email: DEMO.staff.email },
    });
    expect(v.outbox).toHaveLength(1);
    const seen = await client.get(`/api/tickets/${n}`);
    expect(JSON.stringify(seen.body)).not.toContain('starou verzi');
    expect(pageText((await admin.get(`/admin/tickets/${n}`)).text)).toContain('Klient má starou verzi, pozor.');
  });

  it('stores an uploaded file under attachments/staff/ byte for byte and records it on the ticket', async () => {
    const n = await newTicket({ subject: 'Nahrání' });
    await admin.get(`/admin/tickets/${n}`);
    const content = Buffer.concat([Buffer.from('%PDF-1.4\n'), bytes(200_000, 3)]);
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(content)], { type: 'application/pdf' }), 'Cenová nabídka – návrh.pdf');
    const res = await admin.postMultipart(`/admin/tickets/${n}/attachments`, form);
    expect(res.location).toBe(`/admin/tickets/${n}?done=uploaded`);
    const v = await view(n);
    const [a] = v.attachments;
    expect(a).toMatchObject({
      filename: 'Cenová nabídka – návrh.pdf',
      contentType: 'application/pdf',
      size: content.length,
      source: 'staff-upload',
    });
    expect(a!.s3Key).toBe(`attachments/staff/${a!.id}`);
    expect(a!.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(v.events.find((e) => e.attachmentIds?.includes(a!.id))).toMatchObject({ actor: { kind: 'staff', email: DEMO.staff.email } });
    const download = await admin.get(`/admin/tickets/${n}/attachments/${a!.id}`);
    expect(download.status).toBe(302);
    const file = await fetch(download.location!);
    expect(
      createHash('sha256')
        .update(Buffer.from(await file.arrayBuffer()))
        .digest('hex'),
    ).toBe(a!.sha256);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('refuses an upload over the size limit and an upload without the CSRF token', async () => {
    const n = await newTicket({ subject: 'Velký soubor' });
    await admin.get(`/admin/tickets/${n}`);
    const big = new FormData();
    big.set('file', new Blob([new Uint8Array(bytes(5 * 1024 * 1024))]), 'velky.bin');
    const tooBig = await admin.postMultipart(`/admin/tickets/${n}/attachments`, big);
    expect(tooBig.status).toBe(413);
    expect(pageText(tooBig.text)).toContain('Soubor je příliš velký');
    const forged = new FormData();
    forged.set('file', new Blob([new Uint8Array(Buffer.from('x'))]), 'x.txt');
    expect((await admin.postMultipart(`/admin/tickets/${n}/attachments`, forged, { csrf: false })).status).toBe(403);
    expect((await view(n)).attachments).toEqual([]);
  });

  it('e-mails a quote, which the client accepts on the portal, and the ticket shows it', async () => {
    const n = await newTicket({ subject: 'Nabídka' });
    await admin.get(`/admin/tickets/${n}`);
    const deadline = tomorrow();
    const res = await admin.post(`/admin/tickets/${n}/quote`, { price: '1 500,50', vat: 'without', deadline, note: 'Včetně dopravy.' });
    expect(res.location).toBe(`/admin/tickets/${n}?done=quoted`);
    let v = await view(n);
    expect(v.ticket).toMatchObject({
      status: 'quoted',
      quote: { price: 1500.5, vat: 'without', deadline, note: 'Včetně dopravy.', state: 'proposed' },
    });
    const mail = v.outbox.find((m) => m.kind === 'quote')!;
    expect((await composeMime(mail.message)).toString('utf8')).not.toMatch(/Auto-Submitted/i);
    await stack.poller.drain();
    const [sent] = await sesMails(`[Softech #${n}] Nabídka`).then((all) => all.filter((m) => m.body.text.includes('Cena:')));
    expect(sent!.body.text).toMatch(/Cena: 1\s500,50 Kč bez DPH/);

    const portal = await client.get(`/api/tickets/${n}`);
    expect(portal.body.ticket.quote).toMatchObject({ version: 1, price: 1500.5, state: 'proposed' });
    expect((await client.post(`/api/tickets/${n}/acceptance`, { accept: true, quoteVersion: 1 })).status).toBe(200);
    v = await view(n);
    expect(v.ticket).toMatchObject({ status: 'agreed', quote: { state: 'accepted' } });
    const page = pageText((await admin.get(`/admin/tickets/${n}`)).text);
    expect(page).toContain('Klient nabídku přijal');
    expect(page).toContain('přijato klientem');
  });

  it('refuses a quote with a deadline in the past or a malformed price, with Czech messages', async () => {
    const n = await newTicket({ subject: 'Špatná nabídka' });
    await admin.get(`/admin/tickets/${n}`);
    const past = await admin.post(`/admin/tickets/${n}/quote`, { price: '100', vat: 'with', deadline: '2020-01-01' });
    expect(past.status).toBe(400);
    expect(pageText(past.text)).toContain('Termín nesmí být v minulosti.');
    const price = await admin.post(`/admin/tickets/${n}/quote`, { price: 'zdarma', vat: 'with', deadline: tomorrow() });
    expect(price.status).toBe(400);
    expect(pageText(price.text)).toContain('Zadejte cenu v Kč');
    expect((await view(n)).ticket.quote).toBeUndefined();
  });

  it('changes the status with a reason, resolves, and closes with a reason; a closed ticket takes no reply', async () => {
    const n = await newTicket({ subject: 'Stavy' });
    await admin.get(`/admin/tickets/${n}`);
    await admin.post(`/admin/tickets/${n}/status`, { status: 'in-progress', reason: 'Začínáme.' });
    expect((await view(n)).ticket.status).toBe('in-progress');
    await admin.post(`/admin/tickets/${n}/status`, { status: 'resolved' });
    expect((await view(n)).ticket.status).toBe('resolved');
    expect((await admin.post(`/admin/tickets/${n}/close`, { outcome: 'closed', reason: '' })).status).toBe(400);
    await admin.post(`/admin/tickets/${n}/close`, { outcome: 'closed', reason: 'Hotovo, klient potvrdil telefonem.' });
    const v = await view(n);
    expect(v.ticket.status).toBe('closed');
    expect(v.events.filter((e) => e.type === 'status').map((e) => [e.status, e.text, e.actor.kind])).toEqual([
      ['in-progress', 'Začínáme.', 'staff'],
      ['resolved', undefined, 'staff'],
      ['closed', 'Hotovo, klient potvrdil telefonem.', 'staff'],
    ]);
    const reply = await admin.post(`/admin/tickets/${n}/reply`, { text: 'Ještě něco' });
    expect(reply.status).toBe(409);
    // the ticket page again, with the reason at the top, not a bare error page
    expect(pageText(reply.text)).toContain('Požadavek je uzavřený nebo zrušený');
    expect(reply.text).toContain('id="h-history"');
    expect((await view(n)).outbox).toHaveLength(1);
    expect((await admin.get('/admin?tab=closed')).text).toContain(`href="/admin/tickets/${n}"`);
  });

  it('cancels a ticket with a reason', async () => {
    const n = await newTicket({ subject: 'Zrušení' });
    await admin.get(`/admin/tickets/${n}`);
    await admin.post(`/admin/tickets/${n}/close`, { outcome: 'cancelled', reason: 'Klient požadavek stáhl.' });
    expect((await view(n)).ticket.status).toBe('cancelled');
  });

  it('shows a Czech 404 page for a ticket that does not exist', async () => {
    const res = await admin.get('/admin/tickets/999999');
    expect(res.status).toBe(404);
    expect(pageText(res.text)).toContain('Požadovaný záznam neexistuje.');
  });
});
