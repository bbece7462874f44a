import { billingSettingsSchema } from '../../core/billing/forms';
import { statementCsv } from '../../core/billing/csv';
import { isMonth, pragueMonth } from '../../core/billing/month';
import { billingSettings, saveBillingSettings } from '../../core/billing/rates';
import { monthStatement } from '../../core/billing/statement';
import { StaffError } from '../../http/errors';
import type { HttpEvent } from '../../http/http-api';
import type { FormState } from '../components';
import { download, formOf, parseForm, redirect, type AdminRoute } from '../http';
import type { Flash } from '../layout';
import { billingSettingsBody, statementBody } from '../pages/billing';
import { doneFlash, staffRoute, type StaffContext } from '../session';
import { withFieldErrors } from './params';

/** Billing (docs/billing.md): the month's statement and its CSV, and the defaults (Nastavení). Administrators only. */
const admin = { admin: true };

/** The month a billing page asks for (`?month=YYYY-MM`), the current one in Prague by default. */
function monthOf(event: HttpEvent, ctx: StaffContext): string {
  const month = event.queryStringParameters?.month ?? pragueMonth(ctx.app.admin.billing.clock.now().toISOString());
  if (!isMonth(month)) throw new StaffError(400, 'bad_month');
  return month;
}

/** *Nastavení fakturace*, with the form's errors when sent back. */
async function settingsPage(ctx: StaffContext, opts: { status?: number; flash?: Flash | undefined; form?: FormState } = {}) {
  const settings = await billingSettings(ctx.app.admin.billing);
  return ctx.page('Nastavení fakturace', 'settings', billingSettingsBody({ settings, csrf: ctx.csrf, form: opts.form }), opts);
}

export const billingRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/admin/billing',
    handler: staffRoute(admin, async (event, ctx) => {
      const statement = await monthStatement(ctx.app.admin.billing, ctx.me, monthOf(event, ctx));
      return ctx.page(`Vyúčtování ${statement.month}`, 'billing', statementBody({ statement }));
    }),
  },
  {
    method: 'GET',
    path: '/admin/billing/csv',
    handler: staffRoute(admin, async (event, ctx) => {
      const statement = await monthStatement(ctx.app.admin.billing, ctx.me, monthOf(event, ctx));
      return download(statementCsv(statement), `vyuctovani-${statement.month}.csv`, 'text/csv; charset=utf-8');
    }),
  },
  {
    method: 'GET',
    path: '/admin/settings',
    handler: staffRoute(admin, async (event, ctx) => settingsPage(ctx, { flash: doneFlash(event) })),
  },
  {
    method: 'POST',
    path: '/admin/settings',
    handler: staffRoute(admin, async (event, ctx) =>
      withFieldErrors(
        async () => {
          await saveBillingSettings(ctx.app.admin.billing, ctx.me, parseForm(billingSettingsSchema, event));
          return redirect('/admin/settings?done=billing');
        },
        (fields, status) => settingsPage(ctx, { status, form: { form: 'settings', values: formOf(event).fields, fields } }),
      ),
    ),
  },
];
