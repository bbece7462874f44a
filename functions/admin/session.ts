import type { Session, Staff } from '../core/model';
import { findSession, SESSION_HOURS } from '../core/accounts/sessions';
import { staffOfSession, type StaffRef } from '../core/accounts/staff-accounts';
import { StaffError } from '../http/errors';
import { cookies, type HttpEvent, type HttpResponse } from '../http/http-api';
import { doneMessages, type DoneKey } from '../shared/messages-admin.cs';
import { getAdminApp, type AdminApp } from '../wiring/admin';
import type { SafeHtml } from './html';
import { csrfMatches, csrfToken, formOf, htmlPage, redirect } from './http';
import { layout, type Flash, type NavKey } from './layout';

/** The staff session cookie: its own name, only sent to /admin, never readable by script. */
export const ADMIN_COOKIE = 'sp_admin';
export const sessionCookie = (token: string) =>
  `${ADMIN_COOKIE}=${token}; Path=/admin; HttpOnly; Secure; SameSite=Strict; Max-Age=${SESSION_HOURS * 3600}`;
export const clearedSessionCookie = () => `${ADMIN_COOKIE}=; Path=/admin; HttpOnly; Secure; SameSite=Strict; Max-Age=0`;

/** Before login there is no session: the login form's CSRF token is a double-submit of this cookie. */
export const LOGIN_COOKIE = 'sp_admin_login';
export const loginCookie = (value: string) =>
  `${LOGIN_COOKIE}=${value}; Path=/admin/login; HttpOnly; Secure; SameSite=Strict; Max-Age=3600`;
export const clearedLoginCookie = () => `${LOGIN_COOKIE}=; Path=/admin/login; HttpOnly; Secure; SameSite=Strict; Max-Age=0`;

export interface StaffContext {
  app: AdminApp;
  session: Session;
  staff: Staff;
  me: StaffRef;
  csrf: string;
  /** A full page with navigation (badge counts loaded here). */
  page(
    title: string,
    active: NavKey | undefined,
    body: SafeHtml,
    opts?: { status?: number; flash?: Flash | undefined },
  ): Promise<HttpResponse>;
}

/** Only local paths of the admin UI are followed after login (no open redirect). */
export function safeNext(next: string | undefined): string {
  return next && /^\/admin(\/[A-Za-z0-9._~%/?=&-]*)?$/.test(next) && !next.startsWith('//') && !next.includes('/login') ? next : '/admin';
}

/** A confirmation chosen by a fixed key from the query string (never text from the request). */
export function doneFlash(event: HttpEvent): Flash | undefined {
  const key = event.queryStringParameters?.done;
  return key && key in doneMessages ? { kind: 'ok', text: doneMessages[key as DoneKey] } : undefined;
}

interface Options {
  /** Administrators only (workers get a 403 page). */
  admin?: boolean;
  /** Reachable before a temporary password is changed and a required second factor is set up. */
  pending?: boolean;
}

/**
 * Wraps a route that needs a signed-in staff member: no session → the login page; on POST the
 * CSRF token must match; a temporary password or a required but missing second factor sends the
 * person to their account page first; admin-only routes refuse workers.
 */
export function staffRoute(opts: Options, fn: (event: HttpEvent, ctx: StaffContext) => Promise<HttpResponse>) {
  return async (event: HttpEvent): Promise<HttpResponse> => {
    const app = await getAdminApp();
    const token = cookies(event)[ADMIN_COOKIE];
    const session = await findSession(app.admin.staffAccounts, token);
    const staff = session && (await staffOfSession(app.admin.staffAccounts, session));
    const isPost = event.requestContext.http.method === 'POST';
    if (!session || !staff || !token) {
      const next = isPost ? undefined : event.rawPath + (event.rawQueryString ? `?${event.rawQueryString}` : '');
      return redirect(next && next !== '/admin' ? `/admin/login?next=${encodeURIComponent(next)}` : '/admin/login');
    }
    const csrf = csrfToken(token);
    if (isPost && !csrfMatches(csrf, formOf(event).fields._csrf)) throw new StaffError(403, 'csrf');
    if (!opts.pending && (session.mustChangePassword || (staff.totpRequired && !staff.totpSecret))) return redirect('/admin/account');
    if (opts.admin && staff.role !== 'admin') throw new StaffError(403, 'forbidden');
    const me: StaffRef = { email: staff.email, name: staff.name, role: staff.role };
    const ctx: StaffContext = {
      app,
      session,
      staff,
      me,
      csrf,
      page: async (title, active, body, o = {}) => {
        const counts = await app.admin.inbox.countInboxes();
        return htmlPage(o.status ?? 200, layout({ title, body, me, csrf, counts, ...(active && { active }), flash: o.flash }));
      },
    };
    return fn(event, ctx);
  };
}
