import { randomBytes } from 'node:crypto';
import {
  changeStaffPassword,
  confirmTotpEnrolment,
  disableOwnTotp,
  loginStaff,
  logoutStaff,
  pendingTotp,
  startTotpEnrolment,
} from '../../core/accounts/staff-accounts';
import { alertPreferencesSchema } from '../../core/alerts/forms';
import { setAlertPreferences } from '../../core/alerts/preferences';
import { StaffError } from '../../http/errors';
import { staffRefusal } from '../../http/refusals';
import { staffLoginSchema, staffPasswordSchema, totpCodeSchema } from '../../core/accounts/forms';
import { cookies, fieldErrors } from '../../http/http-api';
import { adminErrors } from '../../shared/messages-admin.cs';
import { getAdminApp } from '../../wiring/admin';
import { csrfMatches, formOf, htmlPage, parseForm, redirect, type AdminRoute } from '../http';
import { accountBody, loginPage } from '../pages/auth';
import {
  clearedLoginCookie,
  clearedSessionCookie,
  doneFlash,
  LOGIN_COOKIE,
  loginCookie,
  safeNext,
  sessionCookie,
  staffRoute,
  type StaffContext,
} from '../session';
import { withFieldErrors } from './params';
import { clientAddress } from '../../http/http-api';

const accountPage = async (
  ctx: StaffContext,
  fields?: Record<string, string>,
  status = 200,
  flash = undefined as ReturnType<typeof doneFlash>,
  values?: Record<string, string>,
) => {
  const staff = (await ctx.app.admin.staffAccounts.staff.getStaff(ctx.staff.email)) ?? ctx.staff;
  return ctx.page(
    'Můj účet',
    'account',
    accountBody({ staff, session: ctx.session, csrf: ctx.csrf, values, fields, pending: pendingTotp(staff) }),
    { status, flash },
  );
};

export const authRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/admin/login',
    handler: async (event) => {
      const value = randomBytes(24).toString('base64url');
      const next = event.queryStringParameters?.next;
      return htmlPage(200, loginPage({ csrf: value, next: next && safeNext(next) }), { cookies: [loginCookie(value)] });
    },
  },
  {
    method: 'POST',
    path: '/admin/login',
    handler: async (event) => {
      const form = formOf(event).fields;
      const again = (status: number, error: string | undefined, headers?: Record<string, string>, fields?: Record<string, string>) => {
        const value = randomBytes(24).toString('base64url');
        return htmlPage(
          status,
          loginPage({ csrf: value, email: form.email?.slice(0, 254), error, fields, next: form.next && safeNext(form.next) }),
          { cookies: [loginCookie(value)], ...(headers && { headers }) },
        );
      };
      if (!csrfMatches(cookies(event)[LOGIN_COOKIE] ?? '', form._csrf)) return again(403, adminErrors.csrf);
      const parsed = staffLoginSchema.safeParse(form);
      if (!parsed.success) return again(400, undefined, undefined, fieldErrors(parsed.error));
      try {
        const app = await getAdminApp();
        const { token } = await loginStaff(app.admin.staffAccounts, parsed.data, clientAddress(event));
        return redirect(safeNext(form.next), [sessionCookie(token), clearedLoginCookie()]);
      } catch (caught) {
        const err = staffRefusal(caught);
        if (err instanceof StaffError && (err.status === 401 || err.status === 429)) return again(err.status, err.message, err.headers);
        throw err;
      }
    },
  },
  {
    method: 'POST',
    path: '/admin/logout',
    handler: staffRoute({ pending: true }, async (_event, ctx) => {
      await logoutStaff(ctx.app.admin.staffAccounts, ctx.session);
      return redirect('/admin/login', [clearedSessionCookie()]);
    }),
  },
  {
    method: 'GET',
    path: '/admin/account',
    handler: staffRoute({ pending: true }, async (event, ctx) => accountPage(ctx, undefined, 200, doneFlash(event))),
  },
  {
    method: 'POST',
    path: '/admin/account/password',
    handler: staffRoute({ pending: true }, async (event, ctx) =>
      withFieldErrors(
        async () => {
          await changeStaffPassword(ctx.app.admin.staffAccounts, ctx.session, ctx.staff, parseForm(staffPasswordSchema, event));
          return redirect('/admin?done=password');
        },
        (fields, status) => accountPage(ctx, fields, status, undefined, formOf(event).fields),
      ),
    ),
  },
  {
    method: 'POST',
    path: '/admin/account/alerts',
    handler: staffRoute({}, async (event, ctx) =>
      withFieldErrors(
        async () => {
          const staff = (await ctx.app.admin.staffAccounts.staff.getStaff(ctx.staff.email)) ?? ctx.staff;
          await setAlertPreferences(ctx.app.admin.staffAccounts, staff, parseForm(alertPreferencesSchema, event));
          return redirect('/admin/account?done=alerts_saved#upozorneni');
        },
        (fields, status) => accountPage(ctx, fields, status),
      ),
    ),
  },
  {
    method: 'POST',
    path: '/admin/account/totp/start',
    handler: staffRoute({ pending: true }, async (_event, ctx) => {
      await startTotpEnrolment(ctx.app.admin.staffAccounts, ctx.staff);
      return redirect('/admin/account#h-totp');
    }),
  },
  {
    method: 'POST',
    path: '/admin/account/totp/confirm',
    handler: staffRoute({ pending: true }, async (event, ctx) =>
      withFieldErrors(
        async () => {
          await confirmTotpEnrolment(ctx.app.admin.staffAccounts, ctx.staff, parseForm(totpCodeSchema, event).code);
          return redirect('/admin/account?done=totp_enabled');
        },
        (fields, status) => accountPage(ctx, fields, status, undefined, formOf(event).fields),
      ),
    ),
  },
  {
    method: 'POST',
    path: '/admin/account/totp/disable',
    handler: staffRoute({ pending: true }, async (event, ctx) =>
      withFieldErrors(
        async () => {
          await disableOwnTotp(ctx.app.admin.staffAccounts, ctx.staff, parseForm(totpCodeSchema, event).code);
          return redirect('/admin/account?done=totp_disabled');
        },
        (fields, status) => accountPage(ctx, fields, status, undefined, formOf(event).fields),
      ),
    ),
  },
];
