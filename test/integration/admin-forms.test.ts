import { Window } from 'happy-dom';
import { DEMO } from '../../local/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBase32, hotp, totpStep } from '../../functions/core/accounts/totp';
import type { LocalStack } from '../../local/stack';
import { AdminClient, type AdminResponse } from '../support/admin-client';
import { ApiClient, sampleTicket } from '../support/api-client';
import { sendMail } from '../support/mail';
import { signInClient, signInStaff } from '../support/sign-in';
import { createTestStaff, testStack, validIco } from '../support/stack';

/**
 * Every form of the admin UI, from one table: invalid input sent to it must bring back the page the
 * form is on (same heading, same navigation), with what was typed still in the fields, every error
 * at its field (aria-invalid, aria-describedby pointing at the message) and a summary at the top
 * linking to them. A POST route of the admin UI without an entry fails the first test; a route that
 * takes no typed input says so in its entry.
 */

interface Opened {
  /** Who posts (signed in as needed) and the page the form is on, fetched just before the post. */
  as: AdminClient;
  page: string;
  /** The form's action, path parameters filled in. */
  action: string;
}
interface FormCase {
  open: () => Promise<Opened>;
  /** What a person typed (or a tampered value of a fixed control); multipart when the form uploads. */
  input: Record<string, string>;
  multipart?: true;
  /** Ids of the controls that must be marked with their error (none: the error has no visible control). */
  errors: string[] | ((opened: Opened) => string[]);
  /** Control id → the value (or checkbox state) it must have again. */
  kept: Record<string, string | boolean>;
}
type Entry = FormCase | { noInput: string };

let stack: LocalStack;
let admin: AdminClient;
let client: ApiClient;
const window = new Window();
let serial = 0;
const unique = () => `${Date.now().toString(36)}-${++serial}`;
const STRONG = 'Modra-Zirafa-Skace-2026';

/** Text longer than a limit of `max` characters, in Czech, with no trailing blank (the server trims). */
const tooLong = (max: number) => 'Žluťoučký kůň úpěl ďábelské ódy. '.repeat(Math.ceil(max / 33) + 3).trim();
const REPLY = tooLong(8000);
const NOTE = tooLong(2000);

async function ticketPage(): Promise<Opened> {
  const res = await client.post('/api/tickets', sampleTicket({ subject: `Formulář ${unique()}` }));
  expect(res.status).toBe(201);
  return { as: admin, page: `/admin/tickets/${res.body.number}`, action: `/admin/tickets/${res.body.number}` };
}
const onTicket = (name: string) => async (): Promise<Opened> => {
  const opened = await ticketPage();
  return { ...opened, action: `${opened.action}/${name}` };
};

async function accessRequest(name: string): Promise<Opened> {
  const companyName = `Žadatel ${unique()} s.r.o.`;
  const asked = await new ApiClient(stack.portalUrl).post('/api/access-requests', {
    ico: validIco(6100000 + serial),
    companyName,
    contactName: 'Petr Svoboda',
    email: 'petr@svoboda.cz',
  });
  expect(asked.status).toBe(202);
  const list = await admin.get('/admin/access-requests');
  const id = new RegExp(`href="/admin/access-requests/([^"]+)">${companyName}<`).exec(list.text)![1]!;
  return { as: admin, page: `/admin/access-requests/${id}`, action: `/admin/access-requests/${id}/${name}` };
}

async function unmatchedMail(name: string): Promise<Opened> {
  const subject = `Nevím, kam patřím ${unique()}`;
  await sendMail(stack.smtpPort, { from: 'kolega@demo-klient.cz', to: `podpora@${stack.env.MAIL_DOMAIN}`, subject, text: 'Dobrý den.' });
  const list = await admin.get('/admin/unmatched');
  const id = new RegExp(`href="/admin/unmatched/([^"]+)">${subject}<`).exec(list.text)![1]!;
  return { as: admin, page: `/admin/unmatched/${id}`, action: `/admin/unmatched/${id}/${name}` };
}

async function staffMember(name: string): Promise<Opened> {
  const email = `kolega-${unique()}@softech.local`;
  await createTestStaff(email, STRONG);
  return { as: admin, page: '/admin/staff', action: `/admin/staff/${encodeURIComponent(email)}/${name}` };
}

/** A worker signed in, with a second factor being set up (`pending`) or already on. */
async function secondFactor(state: 'pending' | 'on'): Promise<Opened> {
  const email = `dvoufazovy-${unique()}@softech.local`;
  await createTestStaff(email, STRONG);
  const person = await signInStaff(stack, email, STRONG);
  await person.get('/admin/account');
  await person.post('/admin/account/totp/start');
  const secret = /id="totp-secret">([A-Z2-7]+)</.exec((await person.get('/admin/account')).text)![1]!;
  if (state === 'pending') return { as: person, page: '/admin/account', action: '/admin/account/totp/confirm' };
  const enabled = await person.post('/admin/account/totp/confirm', { code: hotp(decodeBase32(secret), totpStep(new Date())) });
  expect(enabled.location).toBe('/admin/account?done=totp_enabled');
  return { as: person, page: '/admin/account', action: '/admin/account/totp/disable' };
}

const FORMS: Record<string, Entry> = {
  'POST /admin/login': {
    open: async () => ({ as: new AdminClient(stack.portalUrl), page: '/admin/login', action: '/admin/login' }),
    input: { email: 'x', password: '' },
    errors: ['f-email', 'f-password'],
    kept: { 'f-email': 'x' },
  },
  'POST /admin/logout': { noInput: 'a button: it ends the session' },
  'POST /admin/account/password': {
    open: async () => ({ as: admin, page: '/admin/account', action: '/admin/account/password' }),
    // passwords are never sent back into a page
    input: { currentPassword: '', newPassword: 'krátké' },
    errors: ['f-currentPassword', 'f-newPassword'],
    kept: { 'f-currentPassword': '', 'f-newPassword': '' },
  },
  'POST /admin/templates': {
    open: async () => ({ as: admin, page: '/admin/templates', action: '/admin/templates' }),
    input: { name: '', text: '   ' },
    errors: ['new-name', 'new-text'],
    kept: { 'new-name': '', 'new-text': '   ' },
  },
  'POST /admin/templates/{id}': {
    open: async () => {
      const { getAdminApp } = await import('../../functions/wiring/admin');
      const id = `formular-${unique()}`;
      await (await getAdminApp()).admin.templates.templates.putTemplate({
        id,
        name: 'Pozdrav',
        text: 'Dobrý den.',
        updatedAt: new Date().toISOString(),
        updatedBy: 'x@y.cz',
      });
      return { as: admin, page: `/admin/templates/${id}`, action: `/admin/templates/${id}` };
    },
    input: { name: 'Pozdrav', text: '{cena} a {sleva}' },
    errors: ['edit-text'],
    kept: { 'edit-name': 'Pozdrav', 'edit-text': '{cena} a {sleva}' },
  },
  'POST /admin/templates/{id}/delete': { noInput: 'a button: it deletes the template' },
  'POST /admin/account/alerts': {
    noInput: 'radio buttons only, every choice valid; a forged value is refused with the reason on top (alerts.test.ts)',
  },
  'POST /admin/account/totp/start': { noInput: 'a button: it starts the enrolment' },
  'POST /admin/account/totp/confirm': {
    open: () => secondFactor('pending'),
    input: { code: '12a' },
    errors: ['f-code'],
    kept: { 'f-code': '12a' },
  },
  'POST /admin/account/totp/disable': {
    open: () => secondFactor('on'),
    input: { code: '12a' },
    errors: ['f-code'],
    kept: { 'f-code': '12a' },
  },

  'POST /admin/tickets/{number}/assign': { open: onTicket('assign'), input: { assignee: 'nikdo' }, errors: ['assign-to'], kept: {} },
  'POST /admin/tickets/{number}/reply': {
    open: onTicket('reply'),
    input: { text: REPLY, then: 'resolved' },
    errors: ['reply-text'],
    kept: { 'reply-text': REPLY, 'reply-then': 'resolved' },
  },
  'POST /admin/tickets/{number}/note': {
    open: onTicket('note'),
    input: { text: REPLY },
    errors: ['note-text'],
    kept: { 'note-text': REPLY },
  },
  'POST /admin/tickets/{number}/quote': {
    open: onTicket('quote'),
    input: { price: '0', vat: 'with', deadline: '2020-01-01', note: NOTE },
    errors: ['quote-price', 'quote-deadline', 'quote-note'],
    kept: { 'quote-price': '0', 'quote-vat': 'with', 'quote-deadline': '2020-01-01', 'quote-note': NOTE },
  },
  'POST /admin/tickets/{number}/status': {
    open: onTicket('status'),
    input: { status: 'in-progress', reason: NOTE },
    errors: ['status-reason'],
    kept: { 'status-to': 'in-progress', 'status-reason': NOTE },
  },
  'POST /admin/tickets/{number}/close': {
    open: onTicket('close'),
    input: { outcome: 'cancelled', reason: NOTE },
    errors: ['close-reason'],
    kept: { 'close-outcome': 'cancelled', 'close-reason': NOTE },
  },
  'POST /admin/tickets/{number}/work': {
    open: onTicket('work'),
    input: { date: '2999-01-01', minutes: 'hodně', description: ' ' },
    errors: ['work-date', 'work-minutes', 'work-description'],
    kept: { 'work-date': '2999-01-01', 'work-minutes': 'hodně', 'work-billable': false },
  },
  'POST /admin/tickets/{number}/work/{id}/edit': {
    open: async () => {
      const opened = await ticketPage();
      await admin.get(opened.page);
      const day = new Date().toISOString().slice(0, 10);
      await admin.post(`${opened.action}/work`, { date: day, minutes: '30', description: 'Diagnostika', billable: 'on' });
      const id = /action="\/admin\/tickets\/\d+\/work\/([^/"]+)\/edit"/.exec((await admin.get(opened.page)).text)![1]!;
      return { ...opened, action: `${opened.action}/work/${id}/edit` };
    },
    input: { date: 'včera', minutes: '0', description: 'Diagnostika', billable: 'on' },
    errors: ['work-edit-date', 'work-edit-minutes'],
    kept: { 'work-edit-date': 'včera', 'work-edit-minutes': '0', 'work-edit-description': 'Diagnostika' },
  },
  'POST /admin/tickets/{number}/work/{id}/delete': { noInput: 'a button: it deletes the entry' },
  'POST /admin/tickets/{number}/attachments': {
    open: onTicket('attachments'),
    input: {},
    multipart: true,
    errors: ['upload-file'],
    kept: {},
  },

  'POST /admin/clients': {
    open: async () => ({ as: admin, page: '/admin/clients/new', action: '/admin/clients' }),
    input: { ico: '12345678', companyName: '', emails: 'jana@firma.cz, nekdo@' },
    errors: ['f-ico', 'f-companyName', 'f-emails'],
    kept: { 'f-ico': '12345678', 'f-companyName': '', 'f-emails': 'jana@firma.cz, nekdo@' },
  },
  'POST /admin/clients/{ico}/reset-password': { noInput: 'a button: it generates a password' },
  'POST /admin/clients/{ico}/billing': {
    open: async () => ({ as: admin, page: `/admin/clients/${DEMO.client.ico}`, action: `/admin/clients/${DEMO.client.ico}/billing` }),
    input: { hourlyRate: 'hodně', vatRate: '', dic: '123' },
    errors: ['billing-rate', 'billing-dic'],
    kept: { 'billing-rate': 'hodně', 'billing-vat': '', 'billing-dic': '123' },
  },
  'POST /admin/settings': {
    open: async () => ({ as: admin, page: '/admin/settings', action: '/admin/settings' }),
    input: { hourlyRate: '', vatRate: '12' },
    errors: ['f-hourlyRate'],
    kept: { 'f-hourlyRate': '', 'f-vatRate': '12' },
  },
  'POST /admin/clients/{ico}/disable': { noInput: 'a button' },
  'POST /admin/clients/{ico}/enable': { noInput: 'a button' },
  'POST /admin/access-requests/{id}/approve': {
    open: () => accessRequest('approve'),
    input: { channel: 'fax', note: NOTE },
    errors: ['f-note'],
    kept: { 'f-channel': 'fax', 'f-note': NOTE },
  },
  'POST /admin/access-requests/{id}/reject': {
    open: () => accessRequest('reject'),
    input: { reason: NOTE },
    errors: ['reject-reason'],
    kept: { 'reject-reason': NOTE },
  },

  'POST /admin/unmatched/{id}/attach': {
    open: () => unmatchedMail('attach'),
    input: { ticket: '#abc', addSender: 'on' },
    errors: ['f-ticket'],
    kept: { 'f-ticket': '#abc', 'attach-add-sender': true },
  },
  'POST /admin/unmatched/{id}/discard': {
    open: () => unmatchedMail('discard'),
    input: { reason: NOTE },
    errors: ['discard-reason'],
    kept: { 'discard-reason': NOTE },
  },
  'POST /admin/outbox/{ticket}/{id}/retry': { noInput: 'a button' },

  'POST /admin/staff': {
    open: async () => ({ as: admin, page: '/admin/staff', action: '/admin/staff' }),
    input: { name: '', email: 'pepa@', role: 'admin', totpRequired: 'on' },
    errors: ['f-name', 'f-email'],
    kept: { 'f-name': '', 'f-email': 'pepa@', 'f-role': 'admin', 'f-totpRequired': true },
  },
  'POST /admin/staff/{email}/role': {
    open: () => staffMember('role'),
    input: { role: 'boss' },
    kept: {},
    errors: (o) => [`role-${decodeURIComponent(o.action.split('/')[3]!)}`],
  },
  // buttons with a fixed hidden value: a tampered one is named in the summary (there is no control to mark)
  'POST /admin/staff/{email}/active': { open: () => staffMember('active'), input: { value: 'možná' }, errors: [], kept: {} },
  'POST /admin/staff/{email}/totp-required': { open: () => staffMember('totp-required'), input: { value: 'možná' }, errors: [], kept: {} },
  'POST /admin/staff/{email}/totp-reset': { noInput: 'a button' },
  'POST /admin/staff/{email}/reset-password': { noInput: 'a button: it generates a password' },
};

const parse = (html: string) => new window.DOMParser().parseFromString(html, 'text/html');
type Page = ReturnType<typeof parse>;

const heading = (doc: Page) => doc.querySelector('h1')?.textContent?.trim();
const hasNavigation = (doc: Page) => doc.querySelector('nav[aria-label="Hlavní nabídka"]') !== null;

/** What a browser shows in a control when the page loads, read from the markup (happy-dom's select.value misreads `selected`). */
function shownValue(doc: Page, id: string): string | boolean | undefined {
  const control = doc.getElementById(id);
  if (!control) return undefined;
  switch (control.tagName) {
    case 'TEXTAREA':
      return control.textContent ?? '';
    case 'SELECT': {
      const option = control.querySelector('option[selected]') ?? control.querySelector('option');
      return option?.getAttribute('value') ?? option?.textContent ?? '';
    }
    default:
      return control.getAttribute('type') === 'checkbox' ? control.hasAttribute('checked') : (control.getAttribute('value') ?? '');
  }
}

/** The messages a control is described by that read as errors (an element with class `error`). */
function errorOf(doc: Page, id: string): string | undefined {
  const control = doc.getElementById(id);
  const described = (control?.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return described
    .map((d) => doc.getElementById(d))
    .find((el) => el?.classList.contains('error'))
    ?.textContent?.trim();
}

async function submit(c: FormCase, opened: Opened): Promise<AdminResponse> {
  if (!c.multipart) return opened.as.post(opened.action, c.input);
  const form = new FormData();
  for (const [k, v] of Object.entries(c.input)) form.set(k, v);
  return opened.as.postMultipart(opened.action, form);
}

beforeAll(async () => {
  stack = await testStack();
  admin = await signInStaff(stack);
  client = await signInClient(stack);
});
afterAll(async () => {
  await window.happyDOM.close();
  await stack?.stop();
});

describe('admin forms after invalid input', () => {
  it('has an entry for every POST route of the admin UI', async () => {
    const { adminRoutes } = await import('../../functions/handlers/admin');
    const posts = adminRoutes
      .filter((r) => r.method === 'POST')
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(Object.keys(FORMS).sort()).toEqual(posts);
  });

  const cases = Object.entries(FORMS).filter((e): e is [string, FormCase] => 'open' in e[1]);
  it.each(cases)('%s shows its page again with the input kept and every error at its field', async (_route, c) => {
    const opened = await c.open();
    const before = parse((await opened.as.get(opened.page)).text);
    const res = await submit(c, opened);
    expect([400, 422]).toContain(res.status);
    const doc = parse(res.text);

    expect(heading(doc)).toBe(heading(before));
    expect(hasNavigation(doc)).toBe(hasNavigation(before));
    expect(doc.querySelector(`form[action="${opened.action}"]`), 'the form is on the page again').not.toBeNull();

    const summary = doc.querySelector('main .error-summary');
    expect(summary, 'an error summary').not.toBeNull();
    const errors = typeof c.errors === 'function' ? c.errors(opened) : c.errors;
    expect(summary!.querySelectorAll('li').length).toBeGreaterThanOrEqual(Math.max(1, errors.length));
    for (const id of errors) {
      expect(doc.getElementById(id)?.getAttribute('aria-invalid'), `${id} marked invalid`).toBe('true');
      const message = errorOf(doc, id);
      expect(message, `${id} described by its error`).toBeTruthy();
      expect(summary!.querySelector(`a[href="#${id}"]`)?.textContent?.trim(), `the summary links to ${id}`).toBe(message);
    }
    const kept = Object.fromEntries(Object.keys(c.kept).map((id) => [id, shownValue(doc, id)]));
    expect(kept).toEqual(c.kept);
  });
});
