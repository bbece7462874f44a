import {
  createStaffAccount,
  listStaff,
  resetStaffPassword,
  resetStaffTotp,
  setStaffActive,
  setStaffRole,
  setTotpRequired,
} from '../../core/accounts/staff-accounts';
import { flagSchema, roleSchema, staffCreateSchema } from '../../core/accounts/forms';
import { formOf, parseForm, redirect, type AdminRoute } from '../http';
import { oneTimePasswordBody } from '../pages/clients';
import type { FormState } from '../components';
import { staffBody, staffRowForm } from '../pages/staff';
import { doneFlash, staffRoute, type StaffContext } from '../session';
import { param, withFieldErrors } from './params';

/** Staff management: administrators only. */
const admin = { admin: true };

const staffPage = async (ctx: StaffContext, extra: { form?: FormState; status?: number; flash?: ReturnType<typeof doneFlash> } = {}) =>
  ctx.page(
    'Pracovníci',
    'staff',
    staffBody({ staff: await listStaff(ctx.app.admin.staffAccounts, ctx.me), me: ctx.me, csrf: ctx.csrf, form: extra.form }),
    extra,
  );

const action = (
  path: string,
  run: (ctx: StaffContext, email: string, form: Parameters<typeof parseForm>[1]) => Promise<unknown>,
  done: string,
): AdminRoute => ({
  method: 'POST',
  path: `/admin/staff/{email}/${path}`,
  handler: staffRoute(admin, async (event, ctx) => {
    const email = param(event, 'email');
    return withFieldErrors(
      async () => {
        await run(ctx, email, event);
        return redirect(`/admin/staff?done=${done}`);
      },
      (fields, status) => staffPage(ctx, { status, form: { form: staffRowForm(path, email), values: formOf(event).fields, fields } }),
    );
  }),
});

export const staffRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/admin/staff',
    handler: staffRoute(admin, async (event, ctx) => staffPage(ctx, { flash: doneFlash(event) })),
  },
  {
    method: 'POST',
    path: '/admin/staff',
    handler: staffRoute(admin, async (event, ctx) =>
      withFieldErrors(
        async () => {
          const input = parseForm(staffCreateSchema, event);
          const { email, temporaryPassword } = await createStaffAccount(ctx.app.admin.staffAccounts, ctx.me, input);
          return ctx.page(
            'Pracovník založen',
            'staff',
            oneTimePasswordBody({
              heading: 'Pracovník založen',
              who: `${input.name} (${email})`,
              password: temporaryPassword,
              back: '/admin/staff',
              backLabel: 'Zpět na pracovníky',
            }),
          );
        },
        (fields, status) => staffPage(ctx, { status, form: { form: 'create', values: formOf(event).fields, fields } }),
      ),
    ),
  },
  action(
    'role',
    (ctx, email, event) => setStaffRole(ctx.app.admin.staffAccounts, ctx.me, email, parseForm(roleSchema, event).role),
    'role',
  ),
  action(
    'active',
    (ctx, email, event) => setStaffActive(ctx.app.admin.staffAccounts, ctx.me, email, parseForm(flagSchema, event).value),
    'staff_active',
  ),
  action(
    'totp-required',
    (ctx, email, event) => setTotpRequired(ctx.app.admin.staffAccounts, ctx.me, email, parseForm(flagSchema, event).value),
    'totp_required',
  ),
  action('totp-reset', (ctx, email) => resetStaffTotp(ctx.app.admin.staffAccounts, ctx.me, email), 'totp_reset'),
  {
    method: 'POST',
    path: '/admin/staff/{email}/reset-password',
    handler: staffRoute(admin, async (event, ctx) => {
      const { email, temporaryPassword } = await resetStaffPassword(ctx.app.admin.staffAccounts, ctx.me, param(event, 'email'));
      return ctx.page(
        'Nové heslo pracovníka',
        'staff',
        oneTimePasswordBody({
          heading: 'Nové jednorázové heslo',
          who: email,
          password: temporaryPassword,
          back: '/admin/staff',
          backLabel: 'Zpět na pracovníky',
        }),
      );
    }),
  },
];
