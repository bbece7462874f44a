import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfToken } from '../../functions/admin/http';
import { adminJsPath } from '../../functions/admin/script';
import { adminCssPath, adminFaviconPath } from '../../functions/admin/styles';
import type { SessionSubject } from '../../functions/core/model';
import type { ClientAccess } from '../../functions/handlers/client-api';
import { replyAddress } from '../../functions/core/mail-out/reply-token';
import { hashToken, openSession } from '../../functions/core/accounts/sessions';
import { decodeBase32, hotp, totpStep } from '../../functions/core/accounts/totp';
import { logWork } from '../../functions/core/billing/work-log';
import { pragueDay } from '../../functions/core/tickets/staff-tickets';
import type { LocalStack } from '../../local/stack';
import { ApiClient, sampleTicket } from '../support/api-client';
import { sendMail } from '../support/mail';
import { writeSession } from '../support/sessions';
import { signInClient, signInStaff } from '../support/sign-in';
import { createTestClient, createTestStaff, testStack, validIco } from '../support/stack';

/**
 * Every route of the client API and the admin UI × every kind of caller, from one table. A row
 * says who may use the route and what they get; what everyone else gets follows from the row's
 * access kind (the legend below). A route the handlers serve without a row fails the first test.
 *
 * Callers present their session token in the cookie the route reads (sp_session under /api,
 * sp_admin under /admin), so a staff token is tried on the client API and a client token on the
 * admin UI. Admin posts carry the CSRF token of the presented session (so this tests authorization,
 * not CSRF), and every refused post must leave the whole table exactly as it was.
 */
type Principal = 'none' | 'expired' | 'tampered' | 'clientA' | 'clientB' | 'worker' | 'admin';
const PRINCIPALS: Principal[] = ['none', 'expired', 'tampered', 'clientA', 'clientB', 'worker', 'admin'];
type Holder = 'clientA' | 'clientB' | 'worker' | 'admin';
const isHolder = (p: Principal): p is Holder => p === 'clientA' || p === 'clientB' || p === 'worker' || p === 'admin';

interface Outcome {
  status: number;
  location?: string | RegExp;
}
type Params = Record<string, string>;

/**
 * The legend: who may use a route of each access kind, and what the others get.
 * Client API: no client session → 401; another client's ticket → 404 (its existence is not revealed).
 * Admin UI: no staff session → 303 to the login page (GET keeps the address in `next`); a worker on
 * an administrators' route → 403.
 */
const ACCESS = {
  anyone: {
    allow: PRINCIPALS,
    denied: (): Outcome => {
      throw new Error('everyone may use this route');
    },
  },
  clients: { allow: ['clientA', 'clientB'], denied: (): Outcome => ({ status: 401 }) },
  ownerA: { allow: ['clientA'], denied: (p: Principal): Outcome => ({ status: p === 'clientB' ? 404 : 401 }) },
  staff: { allow: ['worker', 'admin'], denied: (_p: Principal, method: string, path: string): Outcome => loginRedirect(method, path) },
  admins: {
    allow: ['admin'],
    denied: (p: Principal, method: string, path: string): Outcome => (p === 'worker' ? { status: 403 } : loginRedirect(method, path)),
  },
} satisfies Record<string, { allow: readonly Principal[]; denied: (p: Principal, method: string, path: string) => Outcome }>;
type Access = keyof typeof ACCESS;

function loginRedirect(method: string, path: string): Outcome {
  if (method === 'POST' || path === '/admin') return { status: 303, location: '/admin/login' };
  return { status: 303, location: `/admin/login?next=${encodeURIComponent(path)}` };
}

interface Row {
  method: 'GET' | 'POST';
  /** The path template exactly as the handler declares it. */
  path: string;
  access: Access;
  /** What a caller who may use the route gets. */
  ok: Outcome | ((params: Params) => Outcome);
  params?: (p: Principal) => Params;
  body?: (p: Principal) => unknown;
  /** Extra cookies every caller sends (the login form's double-submit cookie). */
  cookies?: string[];
  /** Each caller with a session presents one made just for this request (logout ends it). */
  fresh?: true;
  after?: (p: Principal, presented: Presented, res: Answer) => Promise<void>;
}

// ── the world the table refers to, built in beforeAll ─────────────────────────────────────────
const CONTACT_A = 'jana@klient-a.cz';
const STRANGER = 'cizi@neznamy.example';
const clientIco = {
  clientA: validIco(5100001),
  clientB: validIco(5100002),
  victim: validIco(5100003),
  login: validIco(5100004),
  created: validIco(5100005),
};
const clientPassword: Record<string, string> = {
  clientA: 'heslo-klienta-a',
  clientB: 'heslo-klienta-b',
  victim: 'heslo-obeti-c',
  login: 'heslo-prihlaseni',
};
const staffEmail = {
  worker: 'matice-pracovnik@softech.local',
  admin: 'matice-spravce@softech.local',
  victim: 'matice-obet@softech.local',
  login: 'matice-prihlaseni@softech.local',
};
const staffPassword: Record<string, string> = {
  worker: 'heslo-pracovnika-1',
  admin: 'heslo-spravce-1',
  victim: 'heslo-obeti-1',
  login: 'heslo-prihlaseni-1',
};
const LOGIN_FORM_TOKEN = 'matice-prihlasovaci-formular';
const nextYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

const world = {
  tokens: {} as Record<Holder, string>,
  expired: { client: '', staff: '' },
  ticketA: 0,
  attachmentA: '',
  emailInA: '',
  staffTicket: { worker: 0, admin: 0 },
  failedMail: { worker: { ticket: 0, id: '' }, admin: { ticket: 0, id: '' } },
  unmatched: { shown: '', shownAttachment: '', attach: { worker: '', admin: '' }, discard: { worker: '', admin: '' } },
  accessRequest: { approve: '', reject: '' },
  template: { edit: '', remove: '' },
  /** Work log entries on each staff member's ticket, logged by them: one to edit, one to delete. */
  work: { edit: { worker: '', admin: '' }, remove: { worker: '', admin: '' } },
};

/** Whose expired sessions the `expired` caller presents: an administrator's and a client's that stay valid otherwise. */
const expiredSubject: { client: SessionSubject; staff: SessionSubject } = {
  client: { kind: 'client', ico: clientIco.login, name: `Firma ${clientIco.login} s.r.o.` },
  staff: { kind: 'staff', email: staffEmail.login, name: `Pracovník ${staffEmail.login}`, role: 'admin' },
};

/** The worker's resource for the worker, the administrator's for everyone else (refused callers run first). */
const perStaff = <T>(p: Principal, of: { worker: T; admin: T }) => (p === 'worker' ? of.worker : of.admin);
const staffMember = (p: Principal) => (p === 'worker' ? 'worker' : 'admin');

let stack: LocalStack;
let app: Awaited<ReturnType<typeof import('../../functions/wiring/admin').getAdminApp>>;

async function currentTotp(email: string, field: 'totpPendingSecret' | 'totpSecret') {
  const staff = (await app.admin.staffAccounts.staff.getStaff(email))!;
  const secret = staff[field];
  if (!secret) return '000000';
  const step = Math.max(totpStep(new Date()), (field === 'totpSecret' ? (staff.totpLastStep ?? -1) : -1) + 1);
  return hotp(decodeBase32(secret), step);
}

async function sessionAlive(token: string) {
  return (await app.stores.accounts.getSession(hashToken(token))) !== undefined;
}

/** Logout ends the caller's own session and nothing else: not a session of the other kind, not the one a tampered cookie came from. */
async function expectLogout(surface: 'api' | 'admin', p: Principal, presented: Presented) {
  if (p === 'tampered') expect(await sessionAlive(presented.original!), 'the session a tampered cookie was made from').toBe(true);
  if (p === 'expired') expect(await sessionAlive(presented.token!), "an expired session is not the caller's to end").toBe(true);
  if (!isHolder(p)) return;
  const own = surface === 'api' ? p === 'clientA' || p === 'clientB' : p === 'worker' || p === 'admin';
  expect(await sessionAlive(presented.token!), own ? 'own session ended' : 'foreign session untouched').toBe(!own);
}

// ── the table ─────────────────────────────────────────────────────────────────────────────────
const ticketDone =
  (done: string) =>
  (q: Params): Outcome => ({ status: 303, location: `/admin/tickets/${q.number}?done=${done}` });
const staffTicket = (p: Principal) => ({ number: String(perStaff(p, world.staffTicket)) });
const download: Outcome = { status: 302, location: /^http:\/\/.+X-Amz-Signature=/ };

const TABLE: Row[] = [
  // client API (functions/handlers/client-api.ts)
  { method: 'GET', path: '/api/health', access: 'anyone', ok: { status: 200 } },
  {
    method: 'POST',
    path: '/api/login',
    access: 'anyone',
    ok: { status: 200 },
    body: () => ({ ico: clientIco.login, password: clientPassword.login }),
  },
  {
    method: 'POST',
    path: '/api/logout',
    access: 'anyone',
    ok: { status: 204 },
    fresh: true,
    after: (p, presented) => expectLogout('api', p, presented),
  },
  { method: 'GET', path: '/api/me', access: 'clients', ok: { status: 200 } },
  {
    method: 'POST',
    path: '/api/password',
    access: 'clients',
    ok: { status: 204 },
    body: (p) => ({ currentPassword: clientPassword[p] ?? 'nevim-jake-heslo', newPassword: 'uplne-nove-heslo-2026' }),
  },
  {
    method: 'POST',
    path: '/api/tickets',
    access: 'clients',
    ok: { status: 201 },
    body: () => sampleTicket({ subject: 'Z matice oprávnění' }),
  },
  { method: 'GET', path: '/api/tickets', access: 'clients', ok: { status: 200 } },
  {
    method: 'GET',
    path: '/api/tickets/{number}',
    access: 'ownerA',
    ok: { status: 200 },
    params: () => ({ number: String(world.ticketA) }),
  },
  {
    method: 'GET',
    path: '/api/tickets/{number}/attachments/{id}',
    access: 'ownerA',
    ok: download,
    params: () => ({ number: String(world.ticketA), id: world.attachmentA }),
  },
  {
    method: 'POST',
    path: '/api/tickets/{number}/acceptance',
    access: 'ownerA',
    ok: { status: 200 },
    params: () => ({ number: String(world.ticketA) }),
    body: () => ({ accept: true, quoteVersion: 1 }),
  },
  {
    method: 'POST',
    path: '/api/access-requests',
    access: 'anyone',
    ok: { status: 202 },
    body: (p) => ({ ico: validIco(5300001), companyName: `Žadatel ${p} s.r.o.`, contactName: 'Jan Žadatel', email: 'jan@zadatel.cz' }),
  },

  // admin UI: assets and signing in (functions/admin/http.ts, routes/auth.ts)
  { method: 'GET', path: adminCssPath, access: 'anyone', ok: { status: 200 } },
  { method: 'GET', path: adminJsPath, access: 'anyone', ok: { status: 200 } },
  { method: 'GET', path: adminFaviconPath, access: 'anyone', ok: { status: 200 } },
  { method: 'GET', path: '/admin/login', access: 'anyone', ok: { status: 200 } },
  {
    method: 'POST',
    path: '/admin/login',
    access: 'anyone',
    ok: { status: 303, location: '/admin' },
    cookies: [`sp_admin_login=${LOGIN_FORM_TOKEN}`],
    body: () => ({ _csrf: LOGIN_FORM_TOKEN, email: staffEmail.login, password: staffPassword.login }),
  },
  {
    method: 'POST',
    path: '/admin/logout',
    access: 'anyone',
    ok: { status: 303, location: '/admin/login' },
    fresh: true,
    after: async (p, presented, res) => {
      await expectLogout('admin', p, presented);
      expect(res.headers.getSetCookie().some((c) => /^sp_admin=;.*Max-Age=0/.test(c))).toBe(p === 'worker' || p === 'admin');
    },
  },
  { method: 'GET', path: '/admin/account', access: 'staff', ok: { status: 200 } },
  {
    method: 'POST',
    path: '/admin/account/password',
    access: 'staff',
    ok: { status: 303, location: '/admin?done=password' },
    body: (p) => ({ currentPassword: staffPassword[p] ?? 'nevim-jake-heslo', newPassword: 'uplne-nove-heslo-2026' }),
  },
  {
    method: 'POST',
    path: '/admin/account/alerts',
    access: 'staff',
    ok: { status: 303, location: '/admin/account?done=alerts_saved#upozorneni' },
    body: () => ({ 'new-request': 'digest', 'client-mail': 'immediate' }),
  },
  { method: 'POST', path: '/admin/account/totp/start', access: 'staff', ok: { status: 303, location: '/admin/account#h-totp' } },
  {
    method: 'POST',
    path: '/admin/account/totp/confirm',
    access: 'staff',
    ok: { status: 303, location: '/admin/account?done=totp_enabled' },
    body: async (p) => ({ code: await currentTotp(staffEmail[staffMember(p)], 'totpPendingSecret') }),
  },
  {
    method: 'POST',
    path: '/admin/account/totp/disable',
    access: 'staff',
    ok: { status: 303, location: '/admin/account?done=totp_disabled' },
    body: async (p) => ({ code: await currentTotp(staffEmail[staffMember(p)], 'totpSecret') }),
  },

  // admin UI: queue and tickets (routes/tickets.ts); actions on a ticket of the caller's own
  { method: 'GET', path: '/admin', access: 'staff', ok: { status: 200 } },
  {
    method: 'GET',
    path: '/admin/tickets/{number}',
    access: 'staff',
    ok: { status: 200 },
    params: () => ({ number: String(world.ticketA) }),
  },
  {
    method: 'POST',
    path: '/admin/tickets/{number}/assign',
    access: 'staff',
    ok: ticketDone('assigned'),
    params: staffTicket,
    body: (p) => ({ assignee: staffEmail[staffMember(p)] }),
  },
  {
    method: 'POST',
    path: '/admin/tickets/{number}/reply',
    access: 'staff',
    ok: ticketDone('replied'),
    params: staffTicket,
    body: () => ({ text: 'Dobrý den, ozveme se.' }),
  },
  {
    method: 'POST',
    path: '/admin/tickets/{number}/note',
    access: 'staff',
    ok: ticketDone('noted'),
    params: staffTicket,
    body: () => ({ text: 'Interní poznámka.' }),
  },
  {
    method: 'POST',
    path: '/admin/tickets/{number}/work',
    access: 'staff',
    ok: ticketDone('worked'),
    params: staffTicket,
    body: () => ({ date: pragueDay(new Date()), minutes: '1:30', description: 'Výměna toneru', billable: 'on' }),
  },
  {
    method: 'POST',
    path: '/admin/tickets/{number}/work/{id}/edit',
    access: 'staff',
    ok: ticketDone('workEdited'),
    params: (p) => ({ ...staffTicket(p), id: perStaff(p, world.work.edit) }),
    body: () => ({ date: pragueDay(new Date()), minutes: '45', description: 'Opraveno' }),
  },
  {
    method: 'POST',
    path: '/admin/tickets/{number}/work/{id}/delete',
    access: 'staff',
    ok: ticketDone('workDeleted'),
    params: (p) => ({ ...staffTicket(p), id: perStaff(p, world.work.remove) }),
    body: () => ({}),
  },
  {
    method: 'POST',
    path: '/admin/tickets/{number}/quote',
    access: 'staff',
    ok: ticketDone('quoted'),
    params: staffTicket,
    body: () => ({ price: '1500', vat: 'with', deadline: nextYear }),
  },
  {
    method: 'POST',
    path: '/admin/tickets/{number}/status',
    access: 'staff',
    ok: ticketDone('status'),
    params: staffTicket,
    body: () => ({ status: 'in-progress' }),
  },
  {
    method: 'POST',
    path: '/admin/tickets/{number}/attachments',
    access: 'staff',
    ok: ticketDone('uploaded'),
    params: staffTicket,
    body: () => {
      const form = new FormData();
      form.set('file', new Blob([Buffer.from('%PDF-1.4\nprotokol')], { type: 'application/pdf' }), 'protokol.pdf');
      return form;
    },
  },
  {
    method: 'POST',
    path: '/admin/tickets/{number}/close',
    access: 'staff',
    ok: ticketDone('closed'),
    params: staffTicket,
    body: () => ({ outcome: 'closed', reason: 'Vyřešeno.' }),
  },
  {
    method: 'GET',
    path: '/admin/tickets/{number}/attachments/{id}',
    access: 'staff',
    ok: download,
    params: () => ({ number: String(world.ticketA), id: world.attachmentA }),
  },
  {
    method: 'GET',
    path: '/admin/tickets/{number}/emails/{id}/raw',
    access: 'staff',
    ok: download,
    params: () => ({ number: String(world.ticketA), id: world.emailInA }),
  },

  // admin UI: clients and access requests, administrators only (routes/clients.ts)
  { method: 'GET', path: '/admin/clients', access: 'admins', ok: { status: 200 } },
  { method: 'GET', path: '/admin/clients/new', access: 'admins', ok: { status: 200 } },
  {
    method: 'POST',
    path: '/admin/clients',
    access: 'admins',
    ok: { status: 200 },
    body: () => ({ ico: clientIco.created, companyName: 'Nově založená s.r.o.' }),
  },
  { method: 'GET', path: '/admin/clients/{ico}', access: 'admins', ok: { status: 200 }, params: () => ({ ico: clientIco.victim }) },
  {
    method: 'POST',
    path: '/admin/clients/{ico}/reset-password',
    access: 'admins',
    ok: { status: 200 },
    params: () => ({ ico: clientIco.victim }),
  },
  {
    method: 'POST',
    path: '/admin/clients/{ico}/disable',
    access: 'admins',
    ok: { status: 303, location: `/admin/clients/${clientIco.victim}?done=disabled` },
    params: () => ({ ico: clientIco.victim }),
  },
  {
    method: 'POST',
    path: '/admin/clients/{ico}/billing',
    access: 'admins',
    ok: { status: 303, location: `/admin/clients/${clientIco.victim}?done=billing` },
    params: () => ({ ico: clientIco.victim }),
    body: () => ({ hourlyRate: '950', vatRate: '0', dic: 'CZ51000030' }),
  },
  { method: 'GET', path: '/admin/billing', access: 'admins', ok: { status: 200 } },
  { method: 'GET', path: '/admin/billing/csv', access: 'admins', ok: { status: 200 } },
  { method: 'GET', path: '/admin/settings', access: 'admins', ok: { status: 200 } },
  {
    method: 'POST',
    path: '/admin/settings',
    access: 'admins',
    ok: { status: 303, location: '/admin/settings?done=billing' },
    body: () => ({ hourlyRate: '800', vatRate: '21' }),
  },
  {
    method: 'POST',
    path: '/admin/clients/{ico}/enable',
    access: 'admins',
    ok: { status: 303, location: `/admin/clients/${clientIco.victim}?done=enabled` },
    params: () => ({ ico: clientIco.victim }),
  },
  { method: 'GET', path: '/admin/access-requests', access: 'admins', ok: { status: 200 } },
  {
    method: 'GET',
    path: '/admin/access-requests/{id}',
    access: 'admins',
    ok: { status: 200 },
    params: () => ({ id: world.accessRequest.approve }),
  },
  {
    method: 'POST',
    path: '/admin/access-requests/{id}/approve',
    access: 'admins',
    ok: { status: 200 },
    params: () => ({ id: world.accessRequest.approve }),
    body: () => ({ channel: 'phone' }),
  },
  {
    method: 'POST',
    path: '/admin/access-requests/{id}/reject',
    access: 'admins',
    ok: { status: 303, location: '/admin/access-requests?done=rejected' },
    params: () => ({ id: world.accessRequest.reject }),
    body: () => ({ reason: 'Firma o žádosti neví.' }),
  },

  // admin UI: unmatched and failed mail (routes/mail.ts)
  { method: 'GET', path: '/admin/unmatched', access: 'staff', ok: { status: 200 } },
  { method: 'GET', path: '/admin/unmatched/{id}', access: 'staff', ok: { status: 200 }, params: () => ({ id: world.unmatched.shown }) },
  {
    method: 'POST',
    path: '/admin/unmatched/{id}/attach',
    access: 'staff',
    ok: () => ({ status: 303, location: `/admin/tickets/${world.ticketA}?done=attached` }),
    params: (p) => ({ id: perStaff(p, world.unmatched.attach) }),
    body: () => ({ ticket: String(world.ticketA) }),
  },
  {
    method: 'POST',
    path: '/admin/unmatched/{id}/discard',
    access: 'staff',
    ok: { status: 303, location: '/admin/unmatched?done=discarded' },
    params: (p) => ({ id: perStaff(p, world.unmatched.discard) }),
    body: () => ({ reason: 'reklama' }),
  },
  { method: 'GET', path: '/admin/unmatched/{id}/raw', access: 'staff', ok: download, params: () => ({ id: world.unmatched.shown }) },
  {
    method: 'GET',
    path: '/admin/unmatched/{id}/attachments/{attachment}',
    access: 'staff',
    ok: download,
    params: () => ({ id: world.unmatched.shown, attachment: world.unmatched.shownAttachment }),
  },
  { method: 'GET', path: '/admin/outbox', access: 'staff', ok: { status: 200 } },
  {
    method: 'POST',
    path: '/admin/outbox/{ticket}/{id}/retry',
    access: 'staff',
    ok: { status: 303, location: '/admin/outbox?done=retried' },
    params: (p) => {
      const mail = perStaff(p, world.failedMail);
      return { ticket: String(mail.ticket), id: mail.id };
    },
  },

  // admin UI: reply templates, administrators only (routes/templates.ts)
  { method: 'GET', path: '/admin/templates', access: 'admins', ok: { status: 200 } },
  {
    method: 'POST',
    path: '/admin/templates',
    access: 'admins',
    ok: { status: 303, location: '/admin/templates?done=template_saved' },
    body: () => ({ name: 'Matice nová', text: 'Dobrý den, k požadavku {cislo} …' }),
  },
  { method: 'GET', path: '/admin/templates/{id}', access: 'admins', ok: { status: 200 }, params: () => ({ id: world.template.edit }) },
  {
    method: 'POST',
    path: '/admin/templates/{id}',
    access: 'admins',
    ok: { status: 303, location: '/admin/templates?done=template_saved' },
    params: () => ({ id: world.template.edit }),
    body: () => ({ name: 'Matice upravená', text: 'Dobrý den, {klient} …' }),
  },
  {
    method: 'POST',
    path: '/admin/templates/{id}/delete',
    access: 'admins',
    ok: { status: 303, location: '/admin/templates?done=template_deleted' },
    params: () => ({ id: world.template.remove }),
  },

  // admin UI: staff, administrators only (routes/staff.ts); actions on a staff member who is no caller
  { method: 'GET', path: '/admin/staff', access: 'admins', ok: { status: 200 } },
  {
    method: 'POST',
    path: '/admin/staff',
    access: 'admins',
    ok: { status: 200 },
    body: () => ({ name: 'Nový Pracovník', email: 'matice-novy@softech.local', role: 'admin' }),
  },
  {
    method: 'POST',
    path: '/admin/staff/{email}/role',
    access: 'admins',
    ok: { status: 303, location: '/admin/staff?done=role' },
    params: () => ({ email: staffEmail.victim }),
    body: () => ({ role: 'admin' }),
  },
  {
    method: 'POST',
    path: '/admin/staff/{email}/active',
    access: 'admins',
    ok: { status: 303, location: '/admin/staff?done=staff_active' },
    params: () => ({ email: staffEmail.victim }),
    body: () => ({ value: 'off' }),
  },
  {
    method: 'POST',
    path: '/admin/staff/{email}/totp-required',
    access: 'admins',
    ok: { status: 303, location: '/admin/staff?done=totp_required' },
    params: () => ({ email: staffEmail.victim }),
    body: () => ({ value: 'on' }),
  },
  {
    method: 'POST',
    path: '/admin/staff/{email}/totp-reset',
    access: 'admins',
    ok: { status: 303, location: '/admin/staff?done=totp_reset' },
    params: () => ({ email: staffEmail.victim }),
  },
  {
    method: 'POST',
    path: '/admin/staff/{email}/reset-password',
    access: 'admins',
    ok: { status: 200 },
    params: () => ({ email: staffEmail.victim }),
  },
];

// ── asking ────────────────────────────────────────────────────────────────────────────────────
interface Answer {
  status: number;
  headers: Headers;
  location: string | undefined;
}

const flip = (token: string) => token.slice(0, 20) + (token[20] === 'A' ? 'B' : 'A') + token.slice(21);

async function freshSession(p: Holder): Promise<string> {
  const subject: SessionSubject =
    p === 'clientA' || p === 'clientB'
      ? { kind: 'client', ico: clientIco[p], name: `Firma ${clientIco[p]} s.r.o.` }
      : { kind: 'staff', email: staffEmail[p], name: `Pracovník ${staffEmail[p]}`, role: p };
  return (await openSession(app.accounts, subject, false)).token;
}

/** The token a caller presents; for a tampered one also the live token it was made from. */
interface Presented {
  token?: string;
  original?: string;
}

async function present(row: Row, p: Principal): Promise<Presented> {
  const api = row.path.startsWith('/api');
  if (p === 'none') return {};
  if (p === 'expired') {
    if (!row.fresh) return { token: api ? world.expired.client : world.expired.staff };
    return { token: await writeSession(app.stores.accounts, api ? expiredSubject.client : expiredSubject.staff, -60) };
  }
  if (p === 'tampered') {
    const original = row.fresh ? await freshSession(api ? 'clientA' : 'admin') : api ? world.tokens.clientA : world.tokens.admin;
    return { token: flip(original), original };
  }
  return { token: row.fresh ? await freshSession(p) : world.tokens[p] };
}

async function ask(row: Row, p: Principal, path: string, token: string | undefined): Promise<Answer> {
  const api = row.path.startsWith('/api');
  const cookies = [...(row.cookies ?? []), ...(token ? [`${api ? 'sp_session' : 'sp_admin'}=${token}`] : [])];
  const headers: Record<string, string> = cookies.length ? { cookie: cookies.join('; ') } : {};
  let body: string | FormData | undefined;
  if (row.method === 'POST') {
    const given = await row.body?.(p);
    if (api) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(given ?? {});
    } else if (given instanceof FormData) {
      if (token) given.set('_csrf', csrfToken(token));
      body = given;
    } else {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams({
        ...(token && { _csrf: csrfToken(token) }),
        ...(given as Record<string, string> | undefined),
      }).toString();
    }
  }
  const res = await fetch(new URL(path, stack.portalUrl), {
    method: row.method,
    redirect: 'manual',
    headers,
    ...(body !== undefined && { body }),
  });
  await res.arrayBuffer();
  return { status: res.status, headers: res.headers, location: res.headers.get('location') ?? undefined };
}

/** The whole table, item by item, with stable key order: a refused request must not change a byte of it. */
let lastSnapshot: string | undefined;
async function tableSnapshot(): Promise<string> {
  const items: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await app.clients.doc.send(
      new ScanCommand({ TableName: stack.tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(
      ...(page.Items ?? []).map((item) =>
        JSON.stringify(item, (_k, v: unknown) =>
          v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)
            ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
            : v,
        ),
      ),
    );
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort().join('\n');
}

/** Items only in one of two snapshots (`-` before, `+` after). */
function changedItems(before: string, after: string): string[] {
  const a = new Set(before.split('\n'));
  const b = new Set(after.split('\n'));
  return [...[...a].filter((x) => !b.has(x)).map((x) => `- ${x}`), ...[...b].filter((x) => !a.has(x)).map((x) => `+ ${x}`)];
}

const describeOutcome = (o: Outcome) => `${o.status}${o.location ? ` → ${o.location}` : ''}`;
const resolvePath = (template: string, params: Params) =>
  template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (!value) throw new Error(`no value for {${name}} in ${template}`);
    return encodeURIComponent(value);
  });

// ── the world ─────────────────────────────────────────────────────────────────────────────────
async function unmatchedId(subject: string) {
  const mail = (await app.admin.mail.unmatched.pageOpenUnmatched({ limit: 500 })).items.find((m) => m.subject === subject);
  if (!mail) throw new Error(`unmatched mail "${subject}" not found`);
  return mail;
}

beforeAll(async () => {
  stack = await testStack({ mailer: false, buildWeb: false });
  app = await (await import('../../functions/wiring/admin')).getAdminApp();
  await Promise.all([
    ...(['clientA', 'clientB', 'victim', 'login'] as const).map((k) =>
      createTestClient(clientIco[k], clientPassword[k]!, {
        name: `Firma ${clientIco[k]} s.r.o.`,
        ...(k === 'clientA' && { emails: [CONTACT_A] }),
      }),
    ),
    ...(['worker', 'admin', 'victim', 'login'] as const).map((k) =>
      createTestStaff(staffEmail[k], staffPassword[k]!, { role: k === 'worker' || k === 'victim' ? 'worker' : 'admin' }),
    ),
  ]);

  const clientA = await signInClient(stack, clientIco.clientA, clientPassword.clientA!);
  const clientB = await signInClient(stack, clientIco.clientB, clientPassword.clientB!);
  const worker = await signInStaff(stack, staffEmail.worker, staffPassword.worker!);
  const admin = await signInStaff(stack, staffEmail.admin, staffPassword.admin!);
  const setup = await signInStaff(stack, staffEmail.login, staffPassword.login!);
  world.tokens = {
    clientA: clientA.sessionCookie!.split('=')[1]!,
    clientB: clientB.sessionCookie!.split('=')[1]!,
    worker: worker.cookies.get('sp_admin')!,
    admin: admin.cookies.get('sp_admin')!,
  };
  // Expired sessions of accounts nothing in the table changes (so the items stay for every row).
  world.expired.client = await writeSession(app.stores.accounts, expiredSubject.client, -60);
  world.expired.staff = await writeSession(app.stores.accounts, expiredSubject.staff, -60);

  const newTicket = async () => {
    const res = await clientA.post('/api/tickets', sampleTicket({ contactEmail: CONTACT_A, subject: 'Tiskárna' }));
    expect(res.status).toBe(201);
    return res.body.number as number;
  };
  world.ticketA = await newTicket();
  world.staffTicket = { worker: await newTicket(), admin: await newTicket() };
  const today = pragueDay(new Date());
  for (const who of ['worker', 'admin'] as const) {
    const me = { email: staffEmail[who], name: who, role: who };
    for (const use of ['edit', 'remove'] as const) {
      const entry = await logWork(app.admin.work, me, world.staffTicket[who], {
        date: today,
        minutes: 30,
        description: use,
        billable: true,
      });
      world.work[use][who] = entry.id;
    }
  }

  await sendMail(stack.smtpPort, {
    from: CONTACT_A,
    to: replyAddress(stack.env.REPLY_TOKEN_SECRET!, world.ticketA, stack.env.MAIL_DOMAIN!),
    subject: `Re: [Softech #${world.ticketA}] Tiskárna`,
    text: 'Posílám protokol.',
    attachments: [{ filename: 'protokol.pdf', content: Buffer.from('%PDF-1.4\nprotokol'), contentType: 'application/pdf' }],
  });
  const viewA = (await app.stores.tickets.getTicketView(world.ticketA))!;
  world.attachmentA = viewA.attachments[0]!.id;
  world.emailInA = viewA.events.find((e) => e.type === 'email-in')!.id;
  await setup.get(`/admin/tickets/${world.ticketA}`);
  expect((await setup.post(`/admin/tickets/${world.ticketA}/quote`, { price: '2000', vat: 'with', deadline: nextYear })).status).toBe(303);

  for (const who of ['worker', 'admin'] as const) {
    const n = world.staffTicket[who];
    const confirmation = (await app.stores.tickets.getTicketView(n))!.outbox[0]!;
    await app.stores.outbox.markFailed(n, confirmation.id, 'MessageRejected: matice', new Date());
    world.failedMail[who] = { ticket: n, id: confirmation.id };
  }

  const subjects = [
    'Matice ukázka',
    'Matice přiřadit pracovník',
    'Matice přiřadit správce',
    'Matice zahodit pracovník',
    'Matice zahodit správce',
  ];
  for (const [i, subject] of subjects.entries()) {
    await sendMail(stack.smtpPort, {
      from: STRANGER,
      to: `podpora@${stack.env.MAIL_DOMAIN}`,
      subject,
      text: 'Dobrý den, posílám podklady.',
      ...(i === 0 && {
        attachments: [{ filename: 'podklady.pdf', content: Buffer.from('%PDF-1.4\npodklady'), contentType: 'application/pdf' }],
      }),
    });
  }
  const shown = await unmatchedId(subjects[0]!);
  world.unmatched = {
    shown: shown.id,
    shownAttachment: shown.attachments[0]!.id,
    attach: { worker: (await unmatchedId(subjects[1]!)).id, admin: (await unmatchedId(subjects[2]!)).id },
    discard: { worker: (await unmatchedId(subjects[3]!)).id, admin: (await unmatchedId(subjects[4]!)).id },
  };

  for (const key of ['edit', 'remove'] as const) {
    world.template[key] = `matice-${key}`;
    await app.admin.templates.templates.putTemplate({
      id: world.template[key],
      name: `Matice ${key}`,
      text: 'Dobrý den.',
      updatedAt: new Date().toISOString(),
      updatedBy: staffEmail.admin,
    });
  }

  for (const [key, companyName] of [
    ['approve', 'Matice schválit s.r.o.'],
    ['reject', 'Matice zamítnout s.r.o.'],
  ] as const) {
    const res = await new ApiClient(stack.portalUrl).post('/api/access-requests', {
      ico: validIco(5200001),
      companyName,
      contactName: 'Petr Žadatel',
      email: 'petr@zadatel.cz',
    });
    expect(res.status).toBe(202);
    world.accessRequest[key] = (await app.admin.clients.accessRequests.pageAccessRequests('open', { limit: 500 })).items.find(
      (r) => r.companyName === companyName,
    )!.id;
  }
});
afterAll(() => stack?.stop());

// ── the tests ─────────────────────────────────────────────────────────────────────────────────
describe('the table', () => {
  it('has exactly one row for every route the client API and the admin UI serve', async () => {
    const { clientApiRoutes } = await import('../../functions/handlers/client-api');
    const { adminRoutes } = await import('../../functions/handlers/admin');
    const served = [...clientApiRoutes, ...adminRoutes].map((r) => `${r.method} ${r.path}`).sort();
    expect(TABLE.map((r) => `${r.method} ${r.path}`).sort()).toEqual(served);
  });

  it('takes who may call each client-API route from the route table, and a session pending a password change reaches only the routes declared for it', async () => {
    const { clientApiRoutes } = await import('../../functions/handlers/client-api');
    // the rows' access kinds each declared access allows: ownerA is a client route whose core call checks the owner
    const rowKinds: Record<ClientAccess, readonly Access[]> = {
      anyone: ['anyone'],
      client: ['clients', 'ownerA'],
      'client-pending': ['clients'],
    };
    const pending = await writeSession(
      app.stores.accounts,
      { kind: 'client', ico: clientIco.clientA, name: `Firma ${clientIco.clientA} s.r.o.` },
      3600,
      {
        mustChangePassword: true,
      },
    );
    // what a client who must still change a temporary password may do (docs/http-contract.md)
    const pendingMay = new Set(['GET /api/me', 'POST /api/password']);
    for (const route of clientApiRoutes) {
      const key = `${route.method} ${route.path}`;
      const row = TABLE.find((r) => r.method === route.method && r.path === route.path)!;
      expect(rowKinds[route.access], key).toContain(row.access);
      if (row.access !== 'anyone') expect(route.access, key).toBe(pendingMay.has(key) ? 'client-pending' : 'client');
      // a pending session may read (GET) what is declared client-pending; posting there would change client A's password
      if (route.access === 'anyone' || (route.access === 'client-pending' && route.method === 'POST')) continue;
      const res = await ask(row, 'clientA', resolvePath(row.path, row.params?.('clientA') ?? {}), pending);
      expect(res.status, key).toBe(route.access === 'client' ? 403 : 200);
    }
  });

  it('uses expired sessions that differ from live ones only by their expiry (a live one written the same way is accepted)', async () => {
    const client = await writeSession(app.stores.accounts, expiredSubject.client, 3600);
    const staff = await writeSession(app.stores.accounts, expiredSubject.staff, 3600);
    expect((await fetch(new URL('/api/me', stack.portalUrl), { headers: { cookie: `sp_session=${client}` } })).status).toBe(200);
    expect(
      (await fetch(new URL('/admin/staff', stack.portalUrl), { headers: { cookie: `sp_admin=${staff}` }, redirect: 'manual' })).status,
    ).toBe(200);
    expect(await sessionAlive(world.expired.client)).toBe(true);
    expect(await sessionAlive(world.expired.staff)).toBe(true);
  });

  it('gives each staff caller the CSRF token its pages carry', async () => {
    for (const p of ['worker', 'admin'] as const) {
      const page = await fetch(new URL('/admin/account', stack.portalUrl), { headers: { cookie: `sp_admin=${world.tokens[p]}` } }).then(
        (r) => r.text(),
      );
      expect(/name="_csrf" value="([^"]+)"/.exec(page)?.[1]).toBe(csrfToken(world.tokens[p]));
    }
  });
});

describe.each(TABLE.map((row) => [`${row.method} ${row.path}`, row] as const))('%s', (_name, row) => {
  const { allow, denied } = ACCESS[row.access];
  const allowed = (p: Principal) => (allow as readonly Principal[]).includes(p);
  // Refused callers first: they meet the resources untouched by the allowed ones.
  const order = [...PRINCIPALS.filter((p) => !allowed(p)), ...PRINCIPALS.filter(allowed)];

  for (const p of order) {
    const label = allowed(p) ? 'may use it' : 'is refused';
    it(`${p} ${label}`, async () => {
      const params = row.params?.(p) ?? {};
      const path = resolvePath(row.path, params);
      const expected = allowed(p) ? (typeof row.ok === 'function' ? row.ok(params) : row.ok) : denied(p, row.method, path);
      const presented = await present(row, p);
      const guardState = !allowed(p) && row.method === 'POST';
      if (guardState) lastSnapshot ??= await tableSnapshot();
      const before = guardState ? lastSnapshot : undefined;

      const res = await ask(row, p, path, presented.token);
      const after = guardState ? await tableSnapshot() : undefined;
      lastSnapshot = after;

      expect(res.status, `${p} ${row.method} ${path}: expected ${describeOutcome(expected)}, got ${res.status} ${res.location ?? ''}`).toBe(
        expected.status,
      );
      if (expected.location !== undefined)
        expect(res.location).toMatch(
          typeof expected.location === 'string' ? new RegExp(`^${escapeRegExp(expected.location)}$`) : expected.location,
        );
      if (guardState) expect(changedItems(before!, after!), `items a refused ${row.method} ${path} by ${p} changed`).toEqual([]);
      await row.after?.(p, presented, res);
    });
  }
});

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
