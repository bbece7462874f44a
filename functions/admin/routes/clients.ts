import {
  accessRequestDetail,
  approveAccessRequest,
  clientDetail,
  createClientAccount,
  listAccessRequests,
  listClients,
  rejectAccessRequest,
  resetClientAccountPassword,
  setClientAccountDisabled,
} from '../../core/accounts/client-admin';
import { icoInputNote } from '../../core/accounts/ico';
import { approveSchema, clientCreateSchema, rejectSchema } from '../../core/accounts/forms';
import { adminPath } from '../html';
import { formOf, parseForm, redirect, type AdminRoute } from '../http';
import { accessDetailBody, accessListBody, clientDetailBody, clientsBody, newClientBody, oneTimePasswordBody } from '../pages/clients';
import type { Flash } from '../layout';
import { doneFlash, staffRoute, type StaffContext } from '../session';
import { clientBillingCard } from '../pages/billing';
import type { FormState } from '../components';
import { clientBillingSchema } from '../../core/billing/forms';
import { billingSettings, setClientBillingTerms } from '../../core/billing/rates';
import { param, withFieldErrors } from './params';

/** A client's page: the account, the tickets, the billing terms (with the form's errors when sent back). */
async function clientPage(
  ctx: StaffContext,
  icoInput: string,
  opts: { status?: number; flash?: Flash | undefined; form?: FormState } = {},
) {
  const { client, tickets } = await clientDetail(ctx.app.admin.clients, ctx.me, icoInput);
  const billing = clientBillingCard({ client, settings: await billingSettings(ctx.app.admin.billing), csrf: ctx.csrf, form: opts.form });
  return ctx.page(client.name, 'clients', clientDetailBody({ client, tickets, csrf: ctx.csrf, billing }), opts);
}

/** Clients and access requests: administrators only. */
const admin = { admin: true };

/** A DIČ typed as the IČ is accepted without its CZ; the page after says so. */
const dicFlash = (typed = ''): Flash | undefined => {
  const note = icoInputNote(typed);
  return note ? { kind: 'ok', text: note } : undefined;
};

export const clientRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/admin/clients',
    handler: staffRoute(admin, async (event, ctx) => {
      const q = event.queryStringParameters?.q?.slice(0, 200);
      const strana = event.queryStringParameters?.strana;
      return ctx.page(
        'Klienti',
        'clients',
        clientsBody({ clients: await listClients(ctx.app.admin.clients, ctx.me, q, strana), q, strana }),
      );
    }),
  },
  {
    method: 'GET',
    path: '/admin/clients/new',
    handler: staffRoute(admin, async (_event, ctx) => ctx.page('Nový klient', 'clients', newClientBody({ csrf: ctx.csrf }))),
  },
  {
    method: 'POST',
    path: '/admin/clients',
    handler: staffRoute(admin, async (event, ctx) =>
      withFieldErrors(
        async () => {
          const input = parseForm(clientCreateSchema, event);
          const { ico, temporaryPassword } = await createClientAccount(ctx.app.admin.clients, ctx.me, input);
          return ctx.page(
            'Klient založen',
            'clients',
            oneTimePasswordBody({
              heading: 'Klient založen',
              who: `${input.companyName} (IČ ${ico})`,
              password: temporaryPassword,
              back: adminPath(['clients', ico]),
              backLabel: 'Na detail klienta',
            }),
            { flash: dicFlash(formOf(event).fields.ico) },
          );
        },
        (fields, status) =>
          ctx.page('Nový klient', 'clients', newClientBody({ csrf: ctx.csrf, values: formOf(event).fields, fields }), { status }),
      ),
    ),
  },
  {
    method: 'GET',
    path: '/admin/clients/{ico}',
    handler: staffRoute(admin, async (event, ctx) => clientPage(ctx, param(event, 'ico'), { flash: doneFlash(event) })),
  },
  {
    method: 'POST',
    path: '/admin/clients/{ico}/billing',
    handler: staffRoute(admin, async (event, ctx) => {
      const ico = param(event, 'ico');
      return withFieldErrors(
        async () => {
          const saved = await setClientBillingTerms(ctx.app.admin.billing, ctx.me, ico, parseForm(clientBillingSchema, event));
          return redirect(adminPath(['clients', saved], { done: 'billing' }));
        },
        (fields, status) => clientPage(ctx, ico, { status, form: { form: 'billing', values: formOf(event).fields, fields } }),
      );
    }),
  },
  {
    method: 'POST',
    path: '/admin/clients/{ico}/reset-password',
    handler: staffRoute(admin, async (event, ctx) => {
      const { ico, temporaryPassword } = await resetClientAccountPassword(ctx.app.admin.clients, ctx.me, param(event, 'ico'));
      return ctx.page(
        'Nové heslo klienta',
        'clients',
        oneTimePasswordBody({
          heading: 'Nové jednorázové heslo',
          who: `IČ ${ico}`,
          password: temporaryPassword,
          back: adminPath(['clients', ico]),
          backLabel: 'Na detail klienta',
        }),
      );
    }),
  },
  ...(['disable', 'enable'] as const).map(
    (action): AdminRoute => ({
      method: 'POST',
      path: `/admin/clients/{ico}/${action}`,
      handler: staffRoute(admin, async (event, ctx) => {
        const ico = param(event, 'ico');
        await setClientAccountDisabled(ctx.app.admin.clients, ctx.me, ico, action === 'disable');
        return redirect(adminPath(['clients', ico], { done: action === 'disable' ? 'disabled' : 'enabled' }));
      }),
    }),
  ),

  {
    method: 'GET',
    path: '/admin/access-requests',
    handler: staffRoute(admin, async (event, ctx) => {
      const strana = event.queryStringParameters?.strana;
      const requests = await listAccessRequests(ctx.app.admin.clients, ctx.me, strana);
      return ctx.page('Žádosti o přístup', 'access', accessListBody({ requests, strana }), { flash: doneFlash(event) });
    }),
  },
  {
    method: 'GET',
    path: '/admin/access-requests/{id}',
    handler: staffRoute(admin, async (event, ctx) => {
      const detail = await accessRequestDetail(ctx.app.admin.clients, ctx.me, param(event, 'id'));
      return ctx.page('Žádost o přístup', 'access', accessDetailBody({ ...detail, csrf: ctx.csrf }));
    }),
  },
  {
    method: 'POST',
    path: '/admin/access-requests/{id}/approve',
    handler: staffRoute(admin, async (event, ctx) => {
      const id = param(event, 'id');
      return withFieldErrors(
        async () => {
          const { ico, temporaryPassword } = await approveAccessRequest(ctx.app.admin.clients, ctx.me, id, parseForm(approveSchema, event));
          return ctx.page(
            'Žádost schválena',
            'access',
            oneTimePasswordBody({
              heading: 'Žádost schválena, účet založen',
              who: `IČ ${ico}`,
              password: temporaryPassword,
              back: '/admin/access-requests',
              backLabel: 'Zpět na žádosti',
            }),
          );
        },
        async (fields, status) =>
          ctx.page(
            'Žádost o přístup',
            'access',
            accessDetailBody({
              ...(await accessRequestDetail(ctx.app.admin.clients, ctx.me, id)),
              csrf: ctx.csrf,
              form: { form: 'approve', values: formOf(event).fields, fields },
            }),
            { status },
          ),
      );
    }),
  },
  {
    method: 'POST',
    path: '/admin/access-requests/{id}/reject',
    handler: staffRoute(admin, async (event, ctx) => {
      const id = param(event, 'id');
      return withFieldErrors(
        async () => {
          await rejectAccessRequest(ctx.app.admin.clients, ctx.me, id, parseForm(rejectSchema, event).reason);
          return redirect('/admin/access-requests?done=rejected');
        },
        async (fields, status) =>
          ctx.page(
            'Žádost o přístup',
            'access',
            accessDetailBody({
              ...(await accessRequestDetail(ctx.app.admin.clients, ctx.me, id)),
              csrf: ctx.csrf,
              form: { form: 'reject', values: formOf(event).fields, fields },
            }),
            { status },
          ),
      );
    }),
  },
];
