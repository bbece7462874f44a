import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { noteAddress, replyAddress } from '../../functions/core/mail-out/reply-token';
import { DEMO } from '../../local/seed';
import type { LocalStack } from '../../local/stack';
import type { AdminClient } from '../support/admin-client';
import { ApiClient, sampleTicket } from '../support/api-client';
import { alertItems } from '../support/alert-items';
import { sendMail } from '../support/mail';
import { signInClient, signInStaff } from '../support/sign-in';
import { createTestStaff, testStack } from '../support/stack';

/**
 * Alerts to staff through the whole local stack: the stream, the alerts handler, the outbox and
 * SES. Staff: the demo administrator, two workers (one who does not want new requests) and a
 * deactivated worker, who must get nothing.
 */
let stack: LocalStack;
let client: ApiClient;
let admin: AdminClient;
const run = randomBytes(3).toString('hex');
const JANA = 'jana@softech.local';
const PETR = 'petr@softech.local';
const GONE = 'byvaly@softech.local';
const CONTACT = 'jana.novakova@firma.cz';

type SesMail = { subject: string; destination: { to: string[] }; replyTo: string[]; body: { text: string } };
async function sesMails(filter: (m: SesMail) => boolean): Promise<SesMail[]> {
  const res = await fetch(`${inject('services').ses}/store`);
  return ((await res.json()) as { emails: SesMail[] }).emails.filter(filter);
}
const to = (m: SesMail) => m.destination.to.map((a) => a.replace(/^.*</, '').replace(/>$/, '').toLowerCase());

async function app() {
  const { getApp } = await import('../../functions/wiring/app');
  return getApp();
}

/** A staff form post from the ticket's page (which gives the form its CSRF token). */
async function onTicket(n: number, action: string, fields: Record<string, string>) {
  await admin.get(`/admin/tickets/${n}`);
  return admin.post(`/admin/tickets/${n}/${action}`, fields);
}

/**
 * Sends the alerts that wait for their time (the next alert of the same ticket and person goes 5
 * minutes after the last one): a sweep with the clock 11 minutes ahead.
 */
async function sendWaitingAlerts() {
  await stack.poller.drain();
  const { getOutboxDeps } = await import('../../functions/wiring/mailer');
  const { sweep } = await import('../../functions/core/mail-out/outbox');
  await sweep({ ...(await getOutboxDeps()), clock: { now: () => new Date(Date.now() + 11 * 60 * 1000) } });
}

const alertsOf = (n: number) => alertItems(stack, n);

async function newTicket(over: Record<string, unknown> = {}) {
  const res = await client.post(
    '/api/tickets',
    sampleTicket({ contactEmail: CONTACT, subject: `Alert ${run} ${randomBytes(2).toString('hex')}`, ...over }),
  );
  expect(res.status).toBe(201);
  return { n: res.body.number as number, subject: res.body.subject as string };
}

beforeAll(async () => {
  stack = await testStack();
  await createTestStaff(JANA, 'heslo-pro-janu-2026', { name: 'Jana Dvořáková' });
  await createTestStaff(PETR, 'heslo-pro-petra-2026', { name: 'Petr Malý' });
  await createTestStaff(GONE, 'heslo-byvaleho-2026', { name: 'Bývalý Pracovník', active: false });
  const { DynamoStaffDirectory } = await import('../../functions/adapters/dynamo/staff-directory');
  await new DynamoStaffDirectory((await app()).clients.doc, stack.tableName).updateStaff(PETR, {
    set: { alerts: { 'new-request': 'off' } },
  });
  client = await signInClient(stack);
  admin = await signInStaff(stack);
});
afterAll(() => stack?.stop());

describe('a new request', () => {
  it('alerts every active staff member who wants new requests, once, with a link, threaded under the confirmation', async () => {
    const { n, subject } = await newTicket();
    await stack.poller.drain();
    const mails = await sesMails((m) => m.subject === `[Softech #${n}] Nový požadavek: ${subject}`);
    expect(mails.flatMap(to).sort()).toEqual([DEMO.staff.email, JANA]);
    const [mail] = mails;
    expect(mail!.body.text).toContain(`${stack.adminUrl}/tickets/${n}`);
    expect(mail!.body.text).toContain(`Klient: ${DEMO.client.name}, IČ ${DEMO.client.ico}`);
    expect(mail!.body.text).toContain('Tiskárna v kanceláři');
    expect(mail!.replyTo).toEqual([noteAddress(stack.env.REPLY_TOKEN_SECRET!, n, stack.env.MAIL_DOMAIN!)]);
    // Threaded and marked automatic (SES local does not show headers: read the stored mail).
    const stored = await alertsOf(n);
    const view = await (await app()).stores.tickets.getTicketView(n);
    const confirmation = view!.outbox.find((m) => m.kind === 'confirmation')!;
    for (const a of stored) {
      expect(a.message.references).toEqual([confirmation.messageId]);
      expect(a.message.headers).toMatchObject({ 'Auto-Submitted': 'auto-generated' });
    }
    // The ticket's own partition holds no alert: the client's history is not their place.
    expect(view!.outbox.map((m) => m.kind)).toEqual(['confirmation']);
  });

  it('says "expresní" in the subject of an express request', async () => {
    const { n, subject } = await newTicket({ category: 'service-express' });
    await stack.poller.drain();
    expect(await sesMails((m) => m.subject === `[Softech #${n}] Nový expresní požadavek: ${subject}`)).toHaveLength(2);
  });

  it('raises one alert per person when the same stream record comes twice, or twice at once', async () => {
    const { n } = await newTicket();
    await stack.poller.drain();
    const view = await (await app()).stores.tickets.getTicketView(n);
    const created = view!.events.find((e) => e.type === 'created')!;
    const { handler } = await import('../../functions/handlers/alerts');
    const record = {
      eventName: 'INSERT' as const,
      dynamodb: { SequenceNumber: '1', NewImage: marshall({ ...created, entity: 'event' }, { removeUndefinedValues: true }) as never },
    };
    await Promise.all([handler({ Records: [record, record] }), handler({ Records: [record] })]);
    await stack.poller.drain();
    const alerts = await alertsOf(n);
    expect(alerts.map((a) => a.to[0]).sort()).toEqual([DEMO.staff.email, JANA]);
    expect(alerts.every((a) => a.alertEntries.length === 1)).toBe(true);
  });
});

describe('after the ticket is assigned', () => {
  it('alerts the new assignee, but not one who took the ticket themselves', async () => {
    const { n, subject } = await newTicket();
    expect((await onTicket(n, 'assign', { assignee: PETR })).status).toBe(303);
    const other = await newTicket();
    expect((await onTicket(other.n, 'assign', { assignee: DEMO.staff.email })).status).toBe(303);
    await stack.poller.drain();
    // Petr does not get new requests, so his first alert of this ticket goes at once.
    const assigned = await sesMails((m) => m.subject === `[Softech #${n}] Požadavek vám byl přidělen: ${subject}`);
    expect(assigned.flatMap(to)).toEqual([PETR]);
    expect(assigned[0]!.body.text).toContain(`Požadavek vám přidělil(a) ${DEMO.staff.name}`);
    await sendWaitingAlerts();
    expect(await sesMails((m) => m.subject.startsWith(`[Softech #${other.n}] Požadavek vám byl přidělen`))).toEqual([]);
  });

  it("tells only the assignee of the client's reply, and a burst of replies comes as at most one alert per 5 minutes, every reply listed", async () => {
    const { n, subject } = await newTicket();
    expect((await onTicket(n, 'assign', { assignee: JANA })).status).toBe(303);
    await sendWaitingAlerts(); // Jana's alerts of the new request and the assignment
    const token = replyAddress(stack.env.REPLY_TOKEN_SECRET!, n, stack.env.MAIL_DOMAIN!);
    for (let i = 1; i <= 12; i++) {
      await sendMail(stack.smtpPort, { from: CONTACT, to: token, subject: `Re: [Softech #${n}] ${subject}`, text: `Doplnění číslo ${i}.` });
    }
    await stack.poller.drain();
    const replies = (await alertsOf(n)).filter((a) => a.alertEntries.some((e) => /Zpráva od/.test(e.line)));
    expect(replies.every((a) => a.to[0] === JANA)).toBe(true);
    expect((await alertsOf(n)).filter((a) => a.to[0] !== JANA && a.alertEntries.some((e) => /Zpráva od/.test(e.line)))).toEqual([]);
    expect(replies.length).toBeGreaterThanOrEqual(1);
    expect(replies.length).toBeLessThanOrEqual(2);
    expect(replies.flatMap((a) => a.alertEntries).filter((e) => /Zpráva od/.test(e.line))).toHaveLength(12);
    const due = replies.map((a) => Date.parse(a.dueAt)).sort();
    if (due.length === 2) expect(due[1]! - due[0]!).toBeGreaterThanOrEqual(5 * 60 * 1000 - 1000);
    // Once their time has come, every reply has been listed in a mail to Jana.
    await sendWaitingAlerts();
    const after = await sesMails(
      (m) => m.subject.startsWith(`[Softech #${n}] `) && to(m).includes(JANA) && /Nová zpráva|události|událostí/.test(m.subject),
    );
    expect(after.length).toBeGreaterThanOrEqual(replies.length);
    expect(
      after
        .map((m) => m.body.text)
        .join('\n')
        .match(/Doplnění číslo \d+\./g),
    ).toHaveLength(12);
  });

  it('tells the assignee when the client accepts the quote', async () => {
    const { n, subject } = await newTicket();
    expect((await onTicket(n, 'assign', { assignee: JANA })).status).toBe(303);
    const deadline = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    expect((await onTicket(n, 'quote', { price: '2 500', vat: 'without', deadline })).status).toBe(303);
    expect((await client.post(`/api/tickets/${n}/acceptance`, { accept: true, quoteVersion: 1 })).status).toBe(200);
    await sendWaitingAlerts();
    // Whether the answer joined an alert not yet sent (subject "2 události", "3 události") or came alone depends on
    // how soon the mailer took the one before: either way it is told to Jana once, and to nobody else.
    const mails = await sesMails((m) => m.subject.startsWith(`[Softech #${n}] `) && /PŘIJAL/.test(m.body.text));
    expect(mails.flatMap(to)).toEqual([JANA]);
    expect(mails[0]!.subject).toMatch(new RegExp(`^\\[Softech #${n}\\] (Klient přijal nabídku|\\d+ události): ${subject}$`));
    expect(mails[0]!.body.text.match(/Klient PŘIJAL nabídku: 2\s500 Kč bez DPH/g)).toHaveLength(1);
  });
});

describe('without a ticket', () => {
  it('tells administrators only of a new access request', async () => {
    const anonymous = new ApiClient(stack.portalUrl);
    const company = `Nová firma ${run}`;
    const res = await anonymous.post('/api/access-requests', {
      ico: '25596641',
      companyName: company,
      contactName: 'Karel Nový',
      email: 'karel@novafirma.cz',
      phone: '+420 777 123 456',
    });
    expect(res.status).toBe(202);
    await stack.poller.drain();
    const mails = await sesMails((m) => m.subject === `[Softech] Nová žádost o přístup: ${company} (IČ 25596641)`);
    expect(mails.flatMap(to)).toEqual([DEMO.staff.email]);
    expect(mails[0]!.body.text).toContain(`${stack.adminUrl}/access-requests`);
  });

  it('tells administrators of unmatched mail', async () => {
    const subject = `Kdo jsem ${run}`;
    await sendMail(stack.smtpPort, { from: 'neznamy@nekde.cz', to: `podpora@${stack.env.MAIL_DOMAIN}`, subject, text: 'Dobrý den.' });
    await sendWaitingAlerts(); // mail about no ticket shares one 5-minute spacing per person
    const mails = await sesMails((m) => m.subject === `[Softech] Nezařazená pošta: „${subject}“`);
    expect(mails.flatMap(to)).toEqual([DEMO.staff.email]);
    expect(mails[0]!.body.text).toContain(`${stack.adminUrl}/unmatched`);
  });
});

describe('a reply to an alert', () => {
  it('from staff becomes a staff-only note on the ticket: the client sees nothing and gets nothing', async () => {
    // A contact address of this test alone: other files running beside it mail the shared SES stand-in too.
    const contact = `poznamka-${run}@firma.cz`;
    const { n, subject } = await newTicket({ contactEmail: contact });
    await stack.poller.drain();
    const alert = (await alertsOf(n)).find((a) => a.to[0] === JANA)!;
    const before = (await sesMails((m) => to(m).includes(contact))).length;
    expect(before).toBe(1); // the confirmation
    await sendMail(stack.smtpPort, {
      from: JANA,
      to: alert.message.replyTo,
      subject: `Re: ${alert.subject}`,
      inReplyTo: `<${alert.messageId}>`,
      references: [`<${alert.messageId}>`],
      text: `Beru si to, zavolám jim.\n\nDne 3. 12. napsal Softech Podpora:\n> Nový požadavek\n> ${subject}`,
      attachments: [{ filename: 'poznamka.txt', content: 'interní' }],
    });
    await stack.poller.drain();
    const view = (await (await app()).stores.tickets.getTicketView(n))!;
    const note = view.events.find((e) => e.type === 'note')!;
    expect(note.actor).toEqual({ kind: 'staff', email: JANA, name: 'Jana Dvořáková' });
    expect(note.text).toContain('Beru si to, zavolám jim.');
    expect(note.text).not.toContain('> Nový požadavek');
    expect(note.data).toMatchObject({ viaAlertReply: true, attachmentsNotKept: 1 });
    expect(view.events.filter((e) => e.type === 'email-in')).toEqual([]);
    expect(view.attachments).toEqual([]);
    const portal = await client.get(`/api/tickets/${n}`);
    expect(JSON.stringify(portal.body)).not.toContain('Beru si to');
    expect((await sesMails((m) => to(m).includes(contact))).length).toBe(before);
    const page = await admin.get(`/admin/tickets/${n}`);
    expect(page.text).toContain('Odpověď na upozornění e-mailem');
  });

  it('from anyone else, or to the desk address instead of the note address, waits in unmatched mail', async () => {
    const { n } = await newTicket();
    await stack.poller.drain();
    const alert = (await alertsOf(n)).find((a) => a.to[0] === JANA)!;
    await sendMail(stack.smtpPort, { from: CONTACT, to: alert.message.replyTo, subject: `Re: ${alert.subject}`, text: 'Já jsem klient.' });
    await sendMail(stack.smtpPort, {
      from: JANA,
      to: `podpora@${stack.env.MAIL_DOMAIN}`,
      subject: `Re: ${alert.subject}`,
      inReplyTo: `<${alert.messageId}>`,
      text: 'Přeposláno jinam.',
    });
    const view = (await (await app()).stores.tickets.getTicketView(n))!;
    expect(view.events.filter((e) => e.type === 'note' || e.type === 'email-in')).toEqual([]);
    const { QueryCommand: Q } = await import('@aws-sdk/lib-dynamodb');
    const unmatched = await (await app()).clients.doc.send(
      new Q({
        TableName: stack.tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': 'STATUS#unmatched' },
      }),
    );
    const mine = (unmatched.Items ?? []).filter((i) => i.subject === `Re: ${alert.subject}`);
    expect(mine.map((i) => i.reason).sort()).toEqual(['alert_reply', 'alert_reply']);
  });
});

describe('preferences', () => {
  it("are each person's own, on the account page: off means no alert, digest means none now; a bad value is refused", async () => {
    const { signInStaff: signIn } = await import('../support/sign-in');
    const jana = await signIn(stack, JANA, 'heslo-pro-janu-2026');
    const page = await jana.get('/admin/account');
    expect(page.text).toContain('Upozornění e-mailem');
    expect(page.text).not.toContain('Žádost o přístup'); // administrators only
    const saved = await jana.post('/admin/account/alerts', { 'new-request': 'off', assigned: 'digest' });
    expect(saved.location).toBe('/admin/account?done=alerts_saved#upozorneni');
    expect((await jana.get('/admin/account')).text).toMatch(/name="new-request" value="off" checked/);
    const bad = await jana.post('/admin/account/alerts', { 'new-request': 'kazdou-hodinu' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Zvolte u každého druhu upozornění');

    const { n } = await newTicket();
    expect((await onTicket(n, 'assign', { assignee: JANA })).status).toBe(303);
    await sendWaitingAlerts();
    expect((await alertsOf(n)).filter((a) => a.to[0] === JANA)).toEqual([]);
    // the assignment waits for her digest
    const digest = await (await app()).clients.doc.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `DIGEST#${JANA}` },
        ConsistentRead: true,
      }),
    );
    expect((digest.Items ?? []).filter((i) => i.ticket === n).map((i) => i.entry.kind)).toEqual(['assigned']);
    await jana.post('/admin/account/alerts', { 'new-request': 'immediate', assigned: 'immediate' });
  });

  it('sends the digest once, after 7:30 in Prague, listing what was kept; nothing to those with nothing', async () => {
    const { sendDigests } = await import('../../functions/core/alerts/digest');
    const { getDigestDeps } = await import('../../functions/wiring/alerts');
    const deps = await getDigestDeps();
    // 7:20 and 7:31 of tomorrow in Prague (winter time: UTC+1)
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const at = (hhmm: string) => ({ ...deps, clock: { now: () => new Date(`${tomorrow}T${hhmm}:00+01:00`) } });
    expect(await sendDigests(at('07:20'))).toEqual({ sent: 0, empty: 0, done: 0 });
    const first = await sendDigests(at('07:31'));
    expect(first.sent).toBe(1); // Jana's; the others had nothing kept
    expect(first.empty).toBe(2);
    expect(await sendDigests(at('07:36'))).toEqual({ sent: 0, empty: 0, done: 3 });
    await stack.poller.drain();
    const digests = await sesMails((m) => to(m).includes(JANA) && m.subject.startsWith('[Softech] Denní přehled upozornění'));
    expect(digests).toHaveLength(1);
    expect(digests[0]!.body.text).toContain('Požadavek vám přidělil(a)');
    expect(digests[0]!.body.text).toMatch(/Otevřít: http:\/\/localhost:\d+\/admin\/tickets\/\d+/);
  });
});

describe('never', () => {
  it('sends an alert to a deactivated staff member', async () => {
    expect(await sesMails((m) => to(m).includes(GONE))).toEqual([]);
  });
});
