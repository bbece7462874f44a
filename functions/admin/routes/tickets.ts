import { fillTemplate } from '../../core/templates/templates';
import { workFormSchema } from '../../core/billing/forms';
import { deleteWork, editWork, listWork, logWork } from '../../core/billing/work-log';
import { activeStaff } from '../../core/accounts/staff-accounts';
import { StaffError } from '../../http/errors';
import {
  assignSchema,
  closeSchema,
  noteSchema,
  queueFilterSchema,
  quoteFormSchema,
  replySchema,
  statusSchema,
} from '../../core/tickets/forms';
import {
  addNote,
  assignTicket,
  changeStatus,
  closeTicket,
  listQueue,
  MAX_UPLOAD_BYTES,
  openTicket,
  pragueDay,
  proposeQuote,
  rawMailUrl,
  replyToClient,
  staffAttachmentUrl,
  uploadAttachment,
} from '../../core/tickets/staff-tickets';
import type { HttpEvent, HttpResponse } from '../../http/http-api';
import { adminErrors, type DoneKey } from '../../shared/messages-admin.cs';
import { adminPath } from '../html';
import { formOf, parseForm, redirect, type AdminRoute } from '../http';
import { queueBody } from '../pages/queue';
import type { FormState } from '../components';
import { ticketBody, type TicketForm } from '../pages/ticket';
import { doneFlash, staffRoute, type StaffContext } from '../session';
import { param, ticketParam, withFieldErrors } from './params';

async function ticketPage(
  ctx: StaffContext,
  n: number,
  opts: { status?: number; flash?: ReturnType<typeof doneFlash>; form?: FormState; template?: string } = {},
) {
  const view = await openTicket(ctx.app.admin.tickets, n);
  const [staff, client, templates, work] = await Promise.all([
    activeStaff(ctx.app.admin.staffAccounts),
    ctx.app.stores.accounts.getClient(view.ticket.ico),
    ctx.app.admin.templates.templates.listTemplates(),
    listWork(ctx.app.admin.work, n),
  ]);
  // A template picked with "Vložit" (`?sablona=<id>`, works without JavaScript) fills the reply form.
  let form = opts.form;
  let flash = opts.flash;
  if (opts.template !== undefined) {
    const picked = templates.find((t) => t.id === opts.template);
    if (picked) form = { form: 'reply', values: { text: fillTemplate(picked.text, view.ticket, ctx.me) }, fields: {} };
    else flash = { kind: 'error', text: 'Vybraná šablona už neexistuje.' };
  }
  return ctx.page(
    `#${view.ticket.number} ${view.ticket.subject}`,
    'queue',
    ticketBody({
      view,
      staff,
      client,
      work,
      me: ctx.me,
      csrf: ctx.csrf,
      form,
      // Filled for this ticket, so the page's script can insert one without asking the server.
      templates: templates.map((tpl) => ({ ...tpl, filled: fillTemplate(tpl.text, view.ticket, ctx.me) })),
      pickedTemplate: opts.template,
      now: ctx.app.admin.tickets.clock.now(),
    }),
    { ...opts, flash },
  );
}

/** What was typed into a form, and the work entry it edits (`{id}` of the path), to show again. */
const formValues = (event: HttpEvent) => ({
  ...formOf(event).fields,
  ...(event.pathParameters?.id !== undefined && { entry: event.pathParameters.id }),
});

/** The work form as filled in today (Prague). */
const workForm = (event: HttpEvent, ctx: StaffContext) => parseForm(workFormSchema(pragueDay(ctx.app.admin.work.clock.now())), event);

/**
 * A POST on one ticket: run the action, then back to the ticket page with a confirmation. Invalid
 * input brings the ticket page back with what was typed and the errors at this form's fields.
 */
const ticketAction = (
  form: TicketForm,
  done: DoneKey,
  run: (event: HttpEvent, ctx: StaffContext, n: number) => Promise<void>,
  path: string = form,
) => ({
  method: 'POST' as const,
  path: `/admin/tickets/{number}/${path}`,
  handler: staffRoute({}, async (event, ctx): Promise<HttpResponse> => {
    const n = ticketParam(event);
    return withFieldErrors(
      async () => {
        await run(event, ctx, n);
        return redirect(adminPath(['tickets', n], { done }));
      },
      (fields, status) => ticketPage(ctx, n, { status, form: { form, values: formValues(event), fields } }),
      (message, status) =>
        ticketPage(ctx, n, {
          status,
          flash: { kind: 'error', text: message },
          form: { form, values: formValues(event), fields: {} },
        }),
    );
  }),
});

export const ticketRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/admin',
    handler: staffRoute({}, async (event, ctx) => {
      const filter = queueFilterSchema.parse(event.queryStringParameters ?? {});
      const [page, staff] = await Promise.all([listQueue(ctx.app.admin.tickets, ctx.me, filter), activeStaff(ctx.app.admin.staffAccounts)]);
      return ctx.page('Fronta', 'queue', queueBody({ filter, page, staff }), { flash: doneFlash(event) });
    }),
  },
  {
    method: 'GET',
    path: '/admin/tickets/{number}',
    handler: staffRoute({}, async (event, ctx) => {
      const template = event.queryStringParameters?.sablona;
      return ticketPage(ctx, ticketParam(event), { flash: doneFlash(event), ...(template && { template: template.slice(0, 40) }) });
    }),
  },
  ticketAction('assign', 'assigned', (event, ctx, n) =>
    assignTicket(ctx.app.admin.tickets, ctx.me, n, parseForm(assignSchema, event).assignee),
  ),
  ticketAction('reply', 'replied', (event, ctx, n) => replyToClient(ctx.app.admin.tickets, ctx.me, n, parseForm(replySchema, event))),
  ticketAction('note', 'noted', (event, ctx, n) => addNote(ctx.app.admin.tickets, ctx.me, n, parseForm(noteSchema, event).text)),
  ticketAction('work', 'worked', async (event, ctx, n) => {
    await logWork(ctx.app.admin.work, ctx.me, n, workForm(event, ctx));
  }),
  ticketAction(
    'work-edit',
    'workEdited',
    (event, ctx, n) => editWork(ctx.app.admin.work, ctx.me, n, param(event, 'id'), workForm(event, ctx)),
    'work/{id}/edit',
  ),
  ticketAction(
    'work-edit',
    'workDeleted',
    (event, ctx, n) => deleteWork(ctx.app.admin.work, ctx.me, n, param(event, 'id')),
    'work/{id}/delete',
  ),
  ticketAction('quote', 'quoted', (event, ctx, n) =>
    proposeQuote(ctx.app.admin.tickets, ctx.me, n, parseForm(quoteFormSchema(pragueDay(ctx.app.admin.tickets.clock.now())), event)),
  ),
  ticketAction('status', 'status', (event, ctx, n) => changeStatus(ctx.app.admin.tickets, ctx.me, n, parseForm(statusSchema, event))),
  ticketAction('close', 'closed', (event, ctx, n) => closeTicket(ctx.app.admin.tickets, ctx.me, n, parseForm(closeSchema, event))),
  ticketAction('attachments', 'uploaded', async (event, ctx, n) => {
    const file = formOf(event).files.file;
    if (!file || file.content.length === 0) throw new StaffError(400, 'file_missing', { file: adminErrors.file_missing });
    if (file.content.length > MAX_UPLOAD_BYTES) throw new StaffError(413, 'file_too_large', { file: adminErrors.file_too_large });
    await uploadAttachment(ctx.app.admin.tickets, ctx.me, n, file);
  }),
  {
    method: 'GET',
    path: '/admin/tickets/{number}/attachments/{id}',
    handler: staffRoute({}, async (event, ctx) =>
      redirect302(await staffAttachmentUrl(ctx.app.admin.tickets, ticketParam(event), param(event, 'id'))),
    ),
  },
  {
    method: 'GET',
    path: '/admin/tickets/{number}/emails/{id}/raw',
    handler: staffRoute({}, async (event, ctx) =>
      redirect302(await rawMailUrl(ctx.app.admin.tickets, ticketParam(event), param(event, 'id'))),
    ),
  },
];

/** Downloads go to a short-lived presigned URL that forces `attachment` (the browser saves, never renders). */
export const redirect302 = (url: string): HttpResponse => ({
  statusCode: 302,
  headers: { Location: url, 'Cache-Control': 'no-store' },
  body: '',
});
