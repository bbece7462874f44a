import {
  attachUnmatched,
  discardUnmatched,
  listFailedMail,
  listUnmatched,
  retryFailedMail,
  unmatchedAttachmentUrl,
  unmatchedDetail,
  unmatchedRawUrl,
} from '../../core/mail-in/unmatched-mail';
import { attachUnmatchedSchema, discardSchema } from '../../core/mail-in/forms';
import { formOf, parseForm, redirect, type AdminRoute } from '../http';
import { failedMailBody, unmatchedDetailBody, unmatchedListBody } from '../pages/mail';
import type { FormState } from '../components';
import { doneFlash, staffRoute, type StaffContext } from '../session';
import { param, ticketParam, withFieldErrors } from './params';
import { redirect302 } from './tickets';

const unmatchedPage = async (ctx: StaffContext, id: string, opts: { status?: number; form?: FormState } = {}) =>
  ctx.page(
    'Nepřiřazený e-mail',
    'unmatched',
    unmatchedDetailBody({ mail: await unmatchedDetail(ctx.app.admin.mail, id), csrf: ctx.csrf, form: opts.form }),
    opts,
  );

/** Unmatched inbound mail and failed outbound mail: every staff member handles these. */
export const mailRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/admin/unmatched',
    handler: staffRoute({}, async (event, ctx) => {
      const strana = event.queryStringParameters?.strana;
      const mails = await listUnmatched(ctx.app.admin.mail, strana);
      return ctx.page('Nepřiřazená pošta', 'unmatched', unmatchedListBody({ mails, strana }), { flash: doneFlash(event) });
    }),
  },
  {
    method: 'GET',
    path: '/admin/unmatched/{id}',
    handler: staffRoute({}, async (event, ctx) => unmatchedPage(ctx, param(event, 'id'))),
  },
  {
    method: 'POST',
    path: '/admin/unmatched/{id}/attach',
    handler: staffRoute({}, async (event, ctx) => {
      const id = param(event, 'id');
      return withFieldErrors(
        async () => {
          const input = parseForm(attachUnmatchedSchema, event);
          await attachUnmatched(ctx.app.admin.mail, ctx.me, id, input);
          return redirect(`/admin/tickets/${input.ticket}?done=attached`);
        },
        (fields, status) => unmatchedPage(ctx, id, { status, form: { form: 'attach', values: formOf(event).fields, fields } }),
      );
    }),
  },
  {
    method: 'POST',
    path: '/admin/unmatched/{id}/discard',
    handler: staffRoute({}, async (event, ctx) => {
      const id = param(event, 'id');
      return withFieldErrors(
        async () => {
          await discardUnmatched(ctx.app.admin.mail, ctx.me, id, parseForm(discardSchema, event).reason);
          return redirect('/admin/unmatched?done=discarded');
        },
        (fields, status) => unmatchedPage(ctx, id, { status, form: { form: 'discard', values: formOf(event).fields, fields } }),
      );
    }),
  },
  {
    method: 'GET',
    path: '/admin/unmatched/{id}/raw',
    handler: staffRoute({}, async (event, ctx) => redirect302(await unmatchedRawUrl(ctx.app.admin.mail, param(event, 'id')))),
  },
  {
    method: 'GET',
    path: '/admin/unmatched/{id}/attachments/{attachment}',
    handler: staffRoute({}, async (event, ctx) =>
      redirect302(await unmatchedAttachmentUrl(ctx.app.admin.mail, param(event, 'id'), param(event, 'attachment'))),
    ),
  },
  {
    method: 'GET',
    path: '/admin/outbox',
    handler: staffRoute({}, async (event, ctx) => {
      const strana = event.queryStringParameters?.strana;
      const mails = await listFailedMail(ctx.app.admin.mail, strana);
      return ctx.page('Nedoručené e-maily', 'outbox', failedMailBody({ mails, csrf: ctx.csrf, strana }), { flash: doneFlash(event) });
    }),
  },
  {
    method: 'POST',
    path: '/admin/outbox/{ticket}/{id}/retry',
    handler: staffRoute({}, async (event, ctx) => {
      await retryFailedMail(ctx.app.admin.mail, ctx.me, ticketParam(event, 'ticket'), param(event, 'id'));
      return redirect('/admin/outbox?done=retried');
    }),
  },
];
