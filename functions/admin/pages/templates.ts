import { PLACEHOLDERS, type ReplyTemplate } from '../../core/templates/templates';
import { adminPath, html } from '../html';
import { csrfField, errorSummary, field, formInput, timeTag, type FormState } from '../components';

const placeholderHelp = () =>
  html`<p class="hint" id="placeholders">Zástupné symboly: ${Object.entries(PLACEHOLDERS).map(
    ([p, what], i) => html`${i > 0 ? ', ' : ''}<code>{${p}}</code> (${what})`,
  )}. Jiné symboly v složených závorkách šablona nepřijme.</p>`;

/** The form of one template: `new`, or the template's id when editing it. */
function templateForm(o: {
  action: string;
  csrf: string;
  form: ReturnType<typeof formInput>;
  template?: ReplyTemplate;
  submit: string;
  idPrefix: string;
}) {
  return html`<form class="stack" method="post" action="${o.action}">${csrfField(o.csrf)}
    ${field({ label: 'Název', name: 'name', id: `${o.idPrefix}-name`, required: true, maxlength: 100, value: o.form.value('name') ?? o.template?.name, error: o.form.error('name') })}
    ${field({ label: 'Text', name: 'text', type: 'textarea', id: `${o.idPrefix}-text`, required: true, maxlength: 8000, value: o.form.value('text') ?? o.template?.text, error: o.form.error('text') })}
    <div><button type="submit">${o.submit}</button></div></form>`;
}

export function templatesBody(o: { templates: ReplyTemplate[]; csrf: string; form?: FormState | undefined }) {
  const create = formInput(o.form, 'create');
  return html`<h1>Šablony odpovědí</h1>
  ${errorSummary(o.form?.fields, o.form?.form === 'create' ? { name: 'new-name', text: 'new-text' } : {})}
  <p class="subtitle">Pracovník šablonu vybere na stránce požadavku; vyplní se z požadavku a lze ji před odesláním upravit.</p>
  <div class="card tight"><table>
    <thead><tr><th scope="col">Název</th><th scope="col">Text</th><th scope="col">Změněno</th><th scope="col"><span class="skip">Akce</span></th></tr></thead>
    <tbody>${
      o.templates.length
        ? o.templates.map(
            (
              t,
            ) => html`<tr><td><a href="${adminPath(['templates', t.id])}">${t.name}</a></td><td><span class="muted">${t.text.slice(0, 120)}${t.text.length > 120 ? '…' : ''}</span></td>
        <td>${timeTag(t.updatedAt)}<br><span class="muted">${t.updatedBy}</span></td>
        <td><form class="inline" method="post" action="${adminPath(['templates', t.id, 'delete'])}">${csrfField(o.csrf)}<button type="submit" class="small danger">Smazat</button></form></td></tr>`,
          )
        : html`<tr><td colspan="4" class="empty">Zatím žádné šablony.</td></tr>`
    }</tbody></table></div>
  <section class="card" aria-labelledby="h-new-template"><h2 id="h-new-template">Nová šablona</h2>
    ${placeholderHelp()}
    ${templateForm({ action: '/admin/templates', csrf: o.csrf, form: create, submit: 'Uložit šablonu', idPrefix: 'new' })}
  </section>`;
}

export function templateBody(o: { template: ReplyTemplate; csrf: string; form?: FormState | undefined }) {
  const edit = formInput(o.form, 'edit');
  return html`<h1>Šablona „${o.template.name}“</h1>
  ${errorSummary(o.form?.fields, { name: 'edit-name', text: 'edit-text' })}
  <p class="subtitle"><a href="/admin/templates">Zpět na šablony</a></p>
  <section class="card" aria-labelledby="h-edit-template"><h2 id="h-edit-template">Upravit</h2>
    ${placeholderHelp()}
    ${templateForm({ action: adminPath(['templates', o.template.id]), csrf: o.csrf, form: edit, template: o.template, submit: 'Uložit změny', idPrefix: 'edit' })}
  </section>`;
}
