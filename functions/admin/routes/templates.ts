import { templateSchema } from '../../core/templates/forms';
import { removeTemplate, saveTemplate } from '../../core/templates/templates';
import { Refusal } from '../../core/refusal';
import { formOf, parseForm, redirect, type AdminRoute } from '../http';
import { templateBody, templatesBody } from '../pages/templates';
import { doneFlash, staffRoute, type StaffContext } from '../session';
import { param, withFieldErrors } from './params';

/** Reply templates: administrators keep them (/admin/templates); workers use them on the ticket page. */
const admin = { admin: true };

const listPage = async (
  ctx: StaffContext,
  extra: { form?: Parameters<typeof templatesBody>[0]['form']; status?: number; flash?: ReturnType<typeof doneFlash> } = {},
) =>
  ctx.page(
    'Šablony odpovědí',
    'templates',
    templatesBody({ templates: await ctx.app.admin.templates.templates.listTemplates(), csrf: ctx.csrf, form: extra.form }),
    extra,
  );

const editPage = async (
  ctx: StaffContext,
  id: string,
  extra: { form?: Parameters<typeof templateBody>[0]['form']; status?: number } = {},
) => {
  const template = await ctx.app.admin.templates.templates.getTemplate(id);
  if (!template) throw new Refusal('not_found');
  return ctx.page(`Šablona ${template.name}`, 'templates', templateBody({ template, csrf: ctx.csrf, form: extra.form }), extra);
};

export const templateRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/admin/templates',
    handler: staffRoute(admin, async (event, ctx) => listPage(ctx, { flash: doneFlash(event) })),
  },
  {
    method: 'POST',
    path: '/admin/templates',
    handler: staffRoute(admin, async (event, ctx) =>
      withFieldErrors(
        async () => {
          await saveTemplate(ctx.app.admin.templates, ctx.me, parseForm(templateSchema, event));
          return redirect('/admin/templates?done=template_saved');
        },
        (fields, status) => listPage(ctx, { form: { form: 'create', values: formOf(event).fields, fields }, status }),
      ),
    ),
  },
  {
    method: 'GET',
    path: '/admin/templates/{id}',
    handler: staffRoute(admin, async (event, ctx) => editPage(ctx, param(event, 'id'))),
  },
  {
    method: 'POST',
    path: '/admin/templates/{id}',
    handler: staffRoute(admin, async (event, ctx) => {
      const id = param(event, 'id');
      return withFieldErrors(
        async () => {
          await saveTemplate(ctx.app.admin.templates, ctx.me, parseForm(templateSchema, event), id);
          return redirect('/admin/templates?done=template_saved');
        },
        (fields, status) => editPage(ctx, id, { form: { form: 'edit', values: formOf(event).fields, fields }, status }),
      );
    }),
  },
  {
    method: 'POST',
    path: '/admin/templates/{id}/delete',
    handler: staffRoute(admin, async (event, ctx) => {
      await removeTemplate(ctx.app.admin.templates, ctx.me, param(event, 'id'));
      return redirect('/admin/templates?done=template_deleted');
    }),
  },
];
