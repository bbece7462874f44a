import { activeStaff } from '../../core/staff-accounts';
import { StaffError } from '../../shared/errors';
import { assignSchema, closeSchema, noteSchema, queueFilterSchema, quoteSchema, replySchema, statusSchema } from '../../core/staff-schemas';
import {
  addNote, assignTicket, changeStatus, closeTicket, listQueue, openTicket, proposeQuote, rawMailUrl, replyToClient, staffAttachmentUrl, uploadAttachment,
} from '../../core/staff-tickets';
import type { HttpEvent, HttpResponse } from '../../shared/http';
import type { DoneKey } from '../../shared/messages-admin.cs';
import { adminPath } from '../html';
import { formOf, parseForm, redirect, type AdminRoute } from '../http';
import { queueBody } from '../pages/queue';
import { ticketBody } from '../pages/ticket';
import { doneFlash, staffRoute, type StaffContext } from '../session';
import { param, ticketParam } from './params';

/** A POST on one ticket: run the action, then back to the ticket page with a confirmation. */
const ticketAction = (path: string, done: DoneKey, run: (event: HttpEvent, ctx: StaffContext, n: number) => Promise<void>) => ({
  method: 'POST' as const,
  path: `/admin/tickets/{number}/${path}`,
  handler: staffRoute({}, async (event, ctx): Promise<HttpResponse> => {
    const n = ticketParam(event);
    await run(event, ctx, n);
    return redirect(adminPath(['tickets', n], { done }));
  }),
});

export const ticketRoutes: AdminRoute[] = [
  {
    method: 'GET', path: '/admin',
    handler: staffRoute({}, async (event, ctx) => {
      const filter = queueFilterSchema.parse(event.queryStringParameters ?? {});
      const [page, staff] = await Promise.all([listQueue(ctx.app.admin.tickets, ctx.me, filter), activeStaff(ctx.app.admin.staffAccounts)]);
      return ctx.page('Fronta', 'queue', queueBody({ filter, page, staff }), { flash: doneFlash(event) });
    }),
  },
  {
    method: 'GET', path: '/admin/tickets/{number}',
    handler: staffRoute({}, async (event, ctx) => {
      const view = await openTicket(ctx.app.admin.tickets, ticketParam(event));
      const [staff, client] = await Promise.all([activeStaff(ctx.app.admin.staffAccounts), ctx.app.store.getClient(view.ticket.ico)]);
      return ctx.page(`#${view.ticket.number} ${view.ticket.subject}`, 'queue', ticketBody({ view, staff, client, me: ctx.me, csrf: ctx.csrf }), { flash: doneFlash(event) });
    }),
  },
  ticketAction('assign', 'assigned', (event, ctx, n) => assignTicket(ctx.app.admin.tickets, ctx.me, n, parseForm(assignSchema, event).assignee)),
  ticketAction('reply', 'replied', (event, ctx, n) => replyToClient(ctx.app.admin.tickets, ctx.me, n, parseForm(replySchema, event))),
  ticketAction('note', 'noted', (event, ctx, n) => addNote(ctx.app.admin.tickets, ctx.me, n, parseForm(noteSchema, event).text)),
  ticketAction('quote', 'quoted', (event, ctx, n) => proposeQuote(ctx.app.admin.tickets, ctx.me, n, parseForm(quoteSchema, event))),
  ticketAction('status', 'status', (event, ctx, n) => changeStatus(ctx.app.admin.tickets, ctx.me, n, parseForm(statusSchema, event))),
  ticketAction('close', 'closed', (event, ctx, n) => closeTicket(ctx.app.admin.tickets, ctx.me, n, parseForm(closeSchema, event))),
  ticketAction('attachments', 'uploaded', async (event, ctx, n) => {
    const file = formOf(event).files.file;
    if (!file) throw new StaffError(400, 'file_missing');
    await uploadAttachment(ctx.app.admin.tickets, ctx.me, n, file);
  }),
  {
    method: 'GET', path: '/admin/tickets/{number}/attachments/{id}',
    handler: staffRoute({}, async (event, ctx) => redirect302(await staffAttachmentUrl(ctx.app.admin.tickets, ticketParam(event), param(event, 'id')))),
  },
  {
    method: 'GET', path: '/admin/tickets/{number}/emails/{id}/raw',
    handler: staffRoute({}, async (event, ctx) => redirect302(await rawMailUrl(ctx.app.admin.tickets, ticketParam(event), param(event, 'id')))),
  },
];

/** Downloads go to a short-lived presigned URL that forces `attachment` (the browser saves, never renders). */
export const redirect302 = (url: string): HttpResponse => ({ statusCode: 302, headers: { Location: url, 'Cache-Control': 'no-store' }, body: '' });
