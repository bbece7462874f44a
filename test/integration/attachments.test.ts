import { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyAddress } from '../../functions/core/mail-out/reply-token';
import type { LocalStack } from '../../local/stack';
import type { AdminClient } from '../support/admin-client';
import { type ApiClient, sampleTicket } from '../support/api-client';
import { sendMail } from '../support/mail';
import { signInClient, signInStaff } from '../support/sign-in';
import { testStack } from '../support/stack';

let stack: LocalStack;
let client: ApiClient;
let admin: AdminClient;
const window = new Window();
const CONTACT = 'jana.novakova@firma.cz';

const parse = (html: string) => new window.DOMParser().parseFromString(html, 'text/html');

async function newTicket(subject: string) {
  const res = await client.post('/api/tickets', sampleTicket({ subject, contactEmail: CONTACT }));
  expect(res.status).toBe(201);
  const n = res.body.number as number;
  return { n, to: replyAddress(stack.env.REPLY_TOKEN_SECRET!, n, stack.env.MAIL_DOMAIN!) };
}

const textFile = (filename: string) => ({ filename, content: `obsah souboru ${filename}\n`, contentType: 'text/plain' });

/** The attachment ids a staff page links to, in page order, from the elements `selector` picks. */
const linkedIds = (root: ReturnType<typeof parse>, selector: string) =>
  [...root.querySelectorAll(`${selector} a[href*="/attachments/"]`)].map((a) => a.getAttribute('href')!.split('/').pop()!);

beforeAll(async () => {
  stack = await testStack();
  client = await signInClient(stack);
  admin = await signInStaff(stack);
});
afterAll(async () => {
  await window.happyDOM.close();
  await stack?.stop();
});

describe('a reply with more attachments than one mail may file', () => {
  let n: number;
  let eventId: string;

  beforeAll(async () => {
    ({ n } = await newTicket('Pět set deset souborů'));
    const files = Array.from({ length: 510 }, (_, i) => textFile(`soubor-${String(i + 1).padStart(3, '0')}.txt`));
    const sent = await sendMail(stack.smtpPort, {
      from: CONTACT,
      to: replyAddress(stack.env.REPLY_TOKEN_SECRET!, n, stack.env.MAIL_DOMAIN!),
      subject: `Re: [Softech #${n}] Pět set deset souborů`,
      text: 'Posílám všechny soubory z měření.',
      attachments: files,
    });
    expect(sent.response).toMatch(/^250/);
    const detail = await client.get(`/api/tickets/${n}`);
    expect(detail.body.attachments).toHaveLength(500);
    eventId = detail.body.history.find((e: { type: string }) => e.type === 'email-in').id;
  });

  it('shows staff at the top of the ticket that 10 of 510 attachments were not filed, with the limit and a link to the raw mail', async () => {
    const page = await admin.get(`/admin/tickets/${n}`);
    expect(page.status).toBe(200);
    const doc = parse(page.text);
    const alert = doc.querySelector('#attachments-not-filed');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(alert!.textContent!.replace(/\s+/g, ' ')).toContain(
      'Zpráva obsahovala 510 příloh, z jedné zprávy ale ukládáme nejvýše 500. K požadavku bylo uloženo 500, zbylých 10 je jen v původní zprávě.',
    );
    const raw = `/admin/tickets/${n}/emails/${eventId}/raw`;
    expect([...alert!.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toContain(raw);
    // Prominent: before the history, not somewhere inside it.
    expect(page.text.indexOf('id="attachments-not-filed"')).toBeLessThan(page.text.indexOf('id="h-history"'));
    expect((await admin.get(raw)).status).toBe(302);
  });

  it("tells the client in the portal's history that the reply held more attachments than were filed", async () => {
    const detail = await client.get(`/api/tickets/${n}`);
    const reply = detail.body.history.find((e: { id: string }) => e.id === eventId);
    expect(reply.attachmentsNotFiled).toEqual({ received: 510, filed: 500 });
  });

  it('collapses the long attachment lists of the staff ticket page, every file still a click away', async () => {
    const doc = parse((await admin.get(`/admin/tickets/${n}`)).text);
    const all = linkedIds(doc, '');
    const shown = [...doc.querySelectorAll('a[href*="/attachments/"]')].filter((a) => !a.closest('details'));
    expect(shown.length).toBeLessThanOrEqual(20);
    expect(new Set(all).size).toBe(500);
  });
});

describe('unmatched mail with more attachments than one mail may file', () => {
  it('warns staff on the unmatched mail, and again on the ticket they attach it to', async () => {
    const { n } = await newTicket('Soubory od kolegy');
    const subject = `Soubory od kolegy ${n}`;
    const sent = await sendMail(stack.smtpPort, {
      from: 'kolega@jinde.cz',
      to: `podpora@${stack.env.MAIL_DOMAIN}`,
      subject,
      text: 'Posílám soubory.',
      attachments: Array.from({ length: 503 }, (_, i) => textFile(`kolega-${i + 1}.txt`)),
    });
    expect(sent.response).toMatch(/^250/);
    const id = new RegExp(`href="/admin/unmatched/([^"]+)">${subject}<`).exec((await admin.get('/admin/unmatched')).text)![1]!;
    const text =
      'Zpráva obsahovala 503 příloh, z jedné zprávy ale ukládáme nejvýše 500. K požadavku bylo uloženo 500, zbylé 3 jsou jen v původní zprávě.';
    const mailPage = parse((await admin.get(`/admin/unmatched/${id}`)).text);
    expect(mailPage.querySelector('#attachments-not-filed')?.textContent?.replace(/\s+/g, ' ')).toContain(text);
    expect(mailPage.querySelector(`#attachments-not-filed a[href="/admin/unmatched/${id}/raw"]`)).not.toBeNull();
    // The 500 stored files fold after the first 10, every one still a link.
    expect(mailPage.querySelectorAll('.card > ul.files > li')).toHaveLength(10);
    expect(mailPage.querySelectorAll('details.more-files ul.files > li')).toHaveLength(490);

    const attached = await admin.post(`/admin/unmatched/${id}/attach`, { ticket: String(n) });
    expect({ status: attached.status, location: attached.location }).toEqual({
      status: 303,
      location: `/admin/tickets/${n}?done=attached`,
    });
    const ticketPage = parse((await admin.get(`/admin/tickets/${n}`)).text);
    expect(ticketPage.querySelector('#attachments-not-filed')?.textContent?.replace(/\s+/g, ' ')).toContain(text);
    const raw = ticketPage.querySelector('#attachments-not-filed a[href$="/raw"]')!.getAttribute('href')!;
    expect((await admin.get(raw)).status).toBe(302);
  });
});

describe("the order of a ticket's attachments", () => {
  it('lists them oldest mail first, then by position in the mail, the same for client and staff, each with its mail', async () => {
    const { n, to } = await newTicket('Soubory ve třech e-mailech');
    const mails = [
      ['soubor-096.txt', 'soubor-167.txt', 'soubor-396.txt', 'soubor-352.txt'],
      ['zaver.txt', 'mereni.txt', 'priloha.txt'],
      ['c.txt', 'b.txt', 'a.txt', 'd.txt'],
    ];
    for (const [i, names] of mails.entries()) {
      const sent = await sendMail(stack.smtpPort, {
        from: CONTACT,
        to,
        subject: `Re: [Softech #${n}] Soubory ve třech e-mailech (${i + 1})`,
        text: `Část ${i + 1}.`,
        attachments: names.map(textFile),
      });
      expect(sent.response).toMatch(/^250/);
    }

    const detail = (await client.get(`/api/tickets/${n}`)).body;
    const replies = detail.history.filter((e: { type: string }) => e.type === 'email-in');
    expect(replies).toHaveLength(3);
    expect(detail.attachments.map((a: { filename: string }) => a.filename)).toEqual(mails.flat());
    expect(detail.attachments.map((a: { event: { id: string; position: number } }) => [a.event.id, a.event.position])).toEqual(
      mails.flatMap((names, i) => names.map((_, p) => [replies[i].id, p + 1])),
    );
    expect(detail.attachments[0].event).toMatchObject({ type: 'email-in', at: replies[0].at, subject: replies[0].subject });

    const doc = parse((await admin.get(`/admin/tickets/${n}`)).text);
    expect(linkedIds(doc, '#ticket-files')).toEqual(detail.attachments.map((a: { id: string }) => a.id));
    const beside = [...doc.querySelectorAll('#ticket-files li')].map((li) => li.querySelector('a[href^="#e-"]')?.getAttribute('href'));
    expect(beside).toEqual(mails.flatMap((names, i) => names.map(() => `#e-${replies[i].id}`)));
  });
});
