import {
  attachUnmatched, discardUnmatched, listFailedMail, listUnmatched, retryFailedMail, unmatchedAttachmentUrl, unmatchedDetail, unmatchedRawUrl,
} from '../../core/staff-mail';
import { attachUnmatchedSchema, discardSchema } from '../../core/staff-schemas';
import { parseForm, redirect, type AdminRoute } from '../http';
import { failedMailBody, unmatchedDetailBody, unmatchedListBody } from '../pages/mail';
import { doneFlash, staffRoute } from '../session';
import { param, ticketParam, withFieldErrors } from './params';
import { redirect302 } from './tickets';

/** Unmatched inbound mail and failed outbound mail: every staff member handles these. */
export const mailRoutes: AdminRoute[] = [
  {
    method: 'GET', path: '/admin/unmatched',
    handler: staffRoute({}, async (event, ctx) =>
      ctx.page('Nepřiřazená pošta', 'unmatched', unmatchedListBody({ mails: await listUnmatched(ctx.app.admin.mail) }), { flash: doneFlash(event) })),
  },
  {
    method: 'GET', path: '/admin/unmatched/{id}',
    handler: staffRoute({}, async (event, ctx) =>
      ctx.page('Nepřiřazený e-mail', 'unmatched', unmatchedDetailBody({ mail: await unmatchedDetail(ctx.app.admin.mail, param(event, 'id')), csrf: ctx.csrf }))),
  },
  {
    method: 'POST', path: '/admin/unmatched/{id}/attach',
    handler: staffRoute({}, async (event, ctx) => {
      const id = param(event, 'id');
      return withFieldErrors(async () => {
        const input = parseForm(attachUnmatchedSchema, event);
        await attachUnmatched(ctx.app.admin.mail, ctx.me, id, input);
        return redirect(`/admin/tickets/${input.ticket}?done=attached`);
      }, async (fields, status) => ctx.page('Nepřiřazený e-mail', 'unmatched', unmatchedDetailBody({ mail: await unmatchedDetail(ctx.app.admin.mail, id), csrf: ctx.csrf, fields }), { status }));
    }),
  },
  {
    method: 'POST', path: '/admin/unmatched/{id}/discard',
    handler: staffRoute({}, async (event, ctx) => {
      await discardUnmatched(ctx.app.admin.mail, ctx.me, param(event, 'id'), parseForm(discardSchema, event).reason);
      return redirect('/admin/unmatched?done=discarded');
    }),
  },
  {
    method: 'GET', path: '/admin/unmatched/{id}/raw',
    handler: staffRoute({}, async (event, ctx) => redirect302(await unmatchedRawUrl(ctx.app.admin.mail, param(event, 'id')))),
  },
  {
    method: 'GET', path: '/admin/unmatched/{id}/attachments/{attachment}',
    handler: staffRoute({}, async (event, ctx) => redirect302(await unmatchedAttachmentUrl(ctx.app.admin.mail, param(event, 'id'), param(event, 'attachment')))),
  },
  {
    method: 'GET', path: '/admin/outbox',
    handler: staffRoute({}, async (event, ctx) =>
      ctx.page('Nedoručené e-maily', 'outbox', failedMailBody({ mails: await listFailedMail(ctx.app.admin.mail), csrf: ctx.csrf }), { flash: doneFlash(event) })),
  },
  {
    method: 'POST', path: '/admin/outbox/{ticket}/{id}/retry',
    handler: staffRoute({}, async (event, ctx) => {
      await retryFailedMail(ctx.app.admin.mail, ctx.me, ticketParam(event, 'ticket'), param(event, 'id'));
      return redirect('/admin/outbox?done=retried');
    }),
  },
];
