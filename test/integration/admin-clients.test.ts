import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../local/seed';
import type { LocalStack } from '../../local/stack';
import { oneTimePassword, pageText, type AdminClient } from '../support/admin-client';
import { ApiClient, sampleTicket } from '../support/api-client';
import { bytes, sendMail } from '../support/mail';
import { signInClient, signInStaff } from '../support/sign-in';
import { testStack, validIco } from '../support/stack';

let stack: LocalStack;
let admin: AdminClient;

async function app() {
  const { getAdminApp } = await import('../../functions/wiring/admin');
  return getAdminApp();
}

beforeAll(async () => {
  stack = await testStack();
  admin = await signInStaff(stack);
});
afterAll(() => stack?.stop());

describe('clients', () => {
  it('creates a client and shows the one-time password once; it is stored only as a hash and works for login', async () => {
    const ico = validIco(1234567);
    await admin.get('/admin/clients/new');
    const res = await admin.post('/admin/clients', {
      ico,
      companyName: 'Nová Firma s.r.o.',
      emails: 'Reditel@Nova-Firma.cz, ucetni@nova-firma.cz',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const password = oneTimePassword(res.text)!;
    expect(password).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/);

    const stored = (await (await app()).stores.accounts.getClient(ico))!;
    expect(stored).toMatchObject({
      name: 'Nová Firma s.r.o.',
      mustChangePassword: true,
      knownEmails: ['reditel@nova-firma.cz', 'ucetni@nova-firma.cz'],
    });
    expect(JSON.stringify(stored)).not.toContain(password);
    const detail = await admin.get(`/admin/clients/${ico}`);
    expect(detail.text).not.toContain(password);
    expect((await admin.get('/admin/clients')).text).toContain(ico);

    const client = new ApiClient(stack.portalUrl);
    const login = await client.login(ico, password);
    expect(login.status).toBe(200);
    expect(login.body.mustChangePassword).toBe(true);
    const sent = await fetch(`${stack.env.AWS_ENDPOINT_SES}/store`).then(
      (r) => r.json() as Promise<{ emails: Array<{ body: { text: string } }> }>,
    );
    expect(sent.emails.some((m) => m.body.text?.includes(password))).toBe(false);
  });

  it('refuses an invalid IČ and a second account for the same IČ, with the form kept', async () => {
    await admin.get('/admin/clients/new');
    const bad = await admin.post('/admin/clients', { ico: '12345678', companyName: 'Překlep s.r.o.' });
    expect(bad.status).toBe(400);
    expect(pageText(bad.text)).toContain('Zadejte platné IČ');
    expect(bad.text).toContain('value="Překlep s.r.o."');
    const dup = await admin.post('/admin/clients', { ico: DEMO.client.ico, companyName: 'Znovu' });
    expect(dup.status).toBe(409);
    expect(pageText(dup.text)).toContain('Klient s tímto IČ už má účet.');
  });

  it('finds clients by name without diacritics', async () => {
    const res = await admin.get(`/admin/clients?q=${encodeURIComponent('demo klient')}`);
    expect(res.text).toContain(`href="/admin/clients/${DEMO.client.ico}"`);
    expect((await admin.get('/admin/clients?q=neexistujici')).text).not.toContain(`href="/admin/clients/${DEMO.client.ico}"`);
  });

  it('resets a password (old sessions end, the new one-time password works) and blocks and unblocks an account', async () => {
    const ico = validIco(2345678);
    await admin.get('/admin/clients/new');
    const first = oneTimePassword((await admin.post('/admin/clients', { ico, companyName: 'Reset s.r.o.' })).text)!;
    const client = new ApiClient(stack.portalUrl);
    await client.login(ico, first);
    await admin.get(`/admin/clients/${ico}`);
    const reset = await admin.post(`/admin/clients/${ico}/reset-password`);
    const second = oneTimePassword(reset.text)!;
    expect(second).not.toBe(first);
    expect((await client.get('/api/me')).status).toBe(401);
    expect((await new ApiClient(stack.portalUrl).login(ico, first)).status).toBe(401);
    expect((await new ApiClient(stack.portalUrl).login(ico, second)).status).toBe(200);

    await admin.get(`/admin/clients/${ico}`);
    expect((await admin.post(`/admin/clients/${ico}/disable`)).location).toBe(`/admin/clients/${ico}?done=disabled`);
    expect((await new ApiClient(stack.portalUrl).login(ico, second)).status).toBe(401);
    await admin.post(`/admin/clients/${ico}/enable`);
    expect((await new ApiClient(stack.portalUrl).login(ico, second)).status).toBe(200);
  });
});

describe('access requests', () => {
  async function request(ico: string, companyName: string) {
    const res = await new ApiClient(stack.portalUrl).post('/api/access-requests', {
      ico,
      companyName,
      contactName: 'Petr Svoboda',
      email: 'petr@svoboda.cz',
      phone: '+420 601 123 456',
      note: 'Prosíme o přístup.',
    });
    expect(res.status).toBe(202);
    const list = await admin.get('/admin/access-requests');
    const id = new RegExp(`href="/admin/access-requests/([^"]+)">${companyName}<`).exec(list.text)![1]!;
    return id;
  }

  it('approves a verified request: the client is created, the password shown once works, and who verified how is recorded', async () => {
    const ico = validIco(3456789);
    const id = await request(ico, 'Svoboda a syn s.r.o.');
    const detail = await admin.get(`/admin/access-requests/${id}`);
    expect(pageText(detail.text)).toContain('+420 601 123 456');
    const res = await admin.post(`/admin/access-requests/${id}/approve`, { channel: 'phone', note: 'Ověřeno na čísle z OR.' });
    expect(res.status).toBe(200);
    const password = oneTimePassword(res.text)!;
    const login = await new ApiClient(stack.portalUrl).login(ico, password);
    expect(login.status).toBe(200);
    expect(login.body.client).toEqual({ ico, name: 'Svoboda a syn s.r.o.' });
    const stored = await (await app()).admin.clients.accessRequests.getAccessRequest(id);
    expect(stored).toMatchObject({
      state: 'approved',
      decidedBy: DEMO.staff.email,
      verifiedVia: 'phone',
      verificationNote: 'Ověřeno na čísle z OR.',
    });
    expect((await admin.get('/admin/access-requests')).text).not.toContain(id);
    expect((await admin.post(`/admin/access-requests/${id}/approve`, { channel: 'phone' })).status).toBe(409);
  });

  it('rejects a request with a reason', async () => {
    const id = await request(validIco(4567890), 'Podezřelá s.r.o.');
    await admin.get(`/admin/access-requests/${id}`);
    expect((await admin.post(`/admin/access-requests/${id}/reject`, { reason: '' })).status).toBe(400);
    expect((await admin.post(`/admin/access-requests/${id}/reject`, { reason: 'Firma o žádosti neví.' })).location).toBe(
      '/admin/access-requests?done=rejected',
    );
    expect(await (await app()).admin.clients.accessRequests.getAccessRequest(id)).toMatchObject({
      state: 'rejected',
      rejectReason: 'Firma o žádosti neví.',
      decidedBy: DEMO.staff.email,
    });
    expect(await (await app()).stores.accounts.getClient(validIco(4567890))).toBeUndefined();
  });
});

describe('unmatched mail', () => {
  it('lists mail with a Czech reason and attaches it to a ticket with its attachments, adding the sender as a known address', async () => {
    const client = await signInClient(stack);
    const n = (await client.post('/api/tickets', sampleTicket({ subject: 'Kolega píše' }))).body.number as number;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), bytes(5000, 5)]);
    await sendMail(stack.smtpPort, {
      from: 'kolega@demo-klient.cz',
      to: `podpora@${stack.env.MAIL_DOMAIN}`,
      subject: 'Ještě k té tiskárně',
      text: 'Posílám protokol od kolegy.',
      attachments: [{ filename: 'protokol.pdf', content: pdf, contentType: 'application/pdf' }],
    });
    const list = await admin.get('/admin/unmatched');
    expect(pageText(list.text)).toContain('nelze přiřadit k požadavku');
    const id = /href="\/admin\/unmatched\/([^"]+)">Ještě k té tiskárně</.exec(list.text)![1]!;
    const detail = await admin.get(`/admin/unmatched/${id}`);
    expect(pageText(detail.text)).toContain('Posílám protokol od kolegy.');

    const res = await admin.post(`/admin/unmatched/${id}/attach`, { ticket: String(n), addSender: 'on' });
    expect(res.location).toBe(`/admin/tickets/${n}?done=attached`);
    const v = (await (await app()).stores.tickets.getTicketView(n))!;
    expect(v.attachments).toHaveLength(1);
    expect(v.attachments[0]).toMatchObject({ ticket: n, filename: 'protokol.pdf', size: pdf.length });
    const event = v.events.find((e) => e.type === 'email-in')!;
    expect(event).toMatchObject({
      actor: { kind: 'email', from: 'kolega@demo-klient.cz' },
      subject: 'Ještě k té tiskárně',
      attachmentIds: [v.attachments[0]!.id],
    });
    expect(event.data).toMatchObject({ matchedBy: 'staff', attachedBy: { email: DEMO.staff.email } });
    expect(typeof event.data!.rawKey).toBe('string');
    expect((await (await app()).stores.accounts.getClient(DEMO.client.ico))!.knownEmails).toContain('kolega@demo-klient.cz');
    expect((await admin.get('/admin/unmatched')).text).not.toContain(id);

    const portal = await client.get(`/api/tickets/${n}`);
    expect(portal.body.attachments.map((a: { filename: string }) => a.filename)).toEqual(['protokol.pdf']);
    const raw = await admin.get(`/admin/tickets/${n}/emails/${event.id}/raw`);
    expect(raw.status).toBe(302);
    const eml = await fetch(raw.location!);
    expect(await eml.text()).toMatch(/^From: kolega@demo-klient\.cz\r?$/m);
    expect((await admin.post(`/admin/unmatched/${id}/attach`, { ticket: String(n) })).status).toBe(409);
  });

  it('refuses to attach to a ticket that does not exist, and discards mail', async () => {
    await sendMail(stack.smtpPort, {
      from: 'nabidka@reklama.example',
      to: `podpora@${stack.env.MAIL_DOMAIN}`,
      subject: 'Akční nabídka',
      text: 'Kupte si…',
    });
    const list = await admin.get('/admin/unmatched');
    const id = /href="\/admin\/unmatched\/([^"]+)">Akční nabídka</.exec(list.text)![1]!;
    await admin.get(`/admin/unmatched/${id}`);
    const missing = await admin.post(`/admin/unmatched/${id}/attach`, { ticket: '99999' });
    expect(missing.status).toBe(400);
    expect(pageText(missing.text)).toContain('Požadavek s tímto pořadovým číslem neexistuje.');
    expect((await admin.post(`/admin/unmatched/${id}/discard`, { reason: 'reklama' })).location).toBe('/admin/unmatched?done=discarded');
    expect(await (await app()).admin.mail.unmatched.getUnmatched(id)).toMatchObject({
      state: 'discarded',
      handledBy: DEMO.staff.email,
      discardReason: 'reklama',
    });
  });
});

describe('failed outbound mail', () => {
  it('lists a failed mail with its error and sends it again on retry, recording who asked', async () => {
    const client = await signInClient(stack);
    const n = (await client.post('/api/tickets', sampleTicket({ subject: 'Nedoručeno napoprvé' }))).body.number as number;
    await stack.poller.drain();
    const a = await app();
    const mail = (await a.stores.tickets.getTicketView(n))!.outbox[0]!;
    await a.stores.outbox.markFailed(n, mail.id, 'MessageRejected: Email address is not verified.', new Date());

    const list = await admin.get('/admin/outbox');
    expect(pageText(list.text)).toContain('MessageRejected: Email address is not verified.');
    expect(list.text).toContain(`/admin/outbox/${n}/${mail.id}/retry`);
    const res = await admin.post(`/admin/outbox/${n}/${mail.id}/retry`);
    expect(res.location).toBe('/admin/outbox?done=retried');
    await stack.poller.drain();
    const after = (await a.stores.outbox.getOutbox(n, mail.id))!;
    expect(after.state).toBe('sent');
    expect((await a.stores.tickets.getTicketView(n))!.events.find((e) => e.data?.action === 'mail-retry')).toMatchObject({
      actor: { kind: 'staff', email: DEMO.staff.email },
      outboxId: mail.id,
    });
    expect((await admin.get('/admin/outbox')).text).not.toContain(mail.id);
    expect((await admin.post(`/admin/outbox/${n}/${mail.id}/retry`)).status).toBe(409);
  });
});
