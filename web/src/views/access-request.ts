import { api, ApiError } from '../api.js';
import type { View } from '../app-context.js';
import { h } from '../dom.js';
import { errorText, problemsFromError } from '../error-text.js';
import { collect, Field, Form } from '../forms.js';
import { t } from '../i18n/index.js';
import { icoField, icoMessage } from '../ico-field.js';
import { normalizeIco } from '../ico.js';
import { href } from '../router.js';
import { isBlank, isEmail } from '../validation.js';

export const accessRequestView: View = (root, app) => {
  app.setTitle(t('access.title'));
  const panel = h('div', { class: 'panel panel-medium' });
  const emailMessage = (value: string) => (isBlank(value) ? t('email.required') : isEmail(value) ? null : t('email.invalid'));
  const ownMessages: Record<string, (value: string) => string | null> = {
    ico: icoMessage,
    companyName: (v) => (isBlank(v) ? t('access.companyRequired') : null),
    contactName: (v) => (isBlank(v) ? t('access.contactRequired') : null),
    email: emailMessage,
  };

  const form = new Form({
    id: 'access-form',
    submitLabel: t('access.submit'),
    busyLabel: t('access.busy'),
    onSubmit: async () => {
      const problems = collect(
        Object.entries(ownMessages).map(([name, check]) => [name, check(form.value(name))] as [string, string | null]),
      );
      if (problems.length > 0) return form.showProblems(problems);
      form.setBusy(true);
      try {
        const phone = form.value('phone').trim();
        const note = form.value('note').trim();
        await api.requestAccess({
          ico: normalizeIco(form.value('ico')),
          companyName: form.value('companyName').trim(),
          contactName: form.value('contactName').trim(),
          email: form.value('email').trim(),
          ...(phone ? { phone } : {}),
          ...(note ? { note } : {}),
        });
        app.navigate(href.accessDone);
      } catch (error) {
        form.setBusy(false);
        if (error instanceof ApiError && error.code === 'invalid_ico') form.showProblems([{ field: 'ico', message: errorText(error) }]);
        else form.showProblems(problemsFromError(error, form, (name) => ownMessages[name]?.(form.value(name)) ?? null));
      }
    },
  });
  form.add(
    icoField('access-ico'),
    new Field({ id: 'access-company', name: 'companyName', label: t('access.company'), autocomplete: 'organization' }),
    new Field({
      id: 'access-contact',
      name: 'contactName',
      label: t('access.contact'),
      hint: t('access.contactHint'),
      autocomplete: 'name',
    }),
    new Field({ id: 'access-email', name: 'email', label: t('access.email'), type: 'email', autocomplete: 'email', spellcheck: false }),
    new Field({
      id: 'access-phone',
      name: 'phone',
      label: t('access.phone'),
      hint: t('access.phoneHint'),
      type: 'tel',
      autocomplete: 'tel',
      optional: true,
    }),
    new Field({
      id: 'access-note',
      name: 'note',
      label: t('access.note'),
      hint: t('access.noteHint'),
      kind: 'textarea',
      rows: 4,
      optional: true,
    }),
  );

  panel.append(
    h('p', null, h('a', { href: href.login, class: 'back-link' }, t('common.backToLogin'))),
    h('h1', { tabindex: -1 }, t('access.title')),
    h('p', { class: 'lead' }, t('access.intro')),
    form.element,
  );
  root.append(panel);
};

/** The confirmation is a page of its own, so a language switch or a reload keeps it. */
export const accessRequestDoneView: View = (root, app) => {
  app.setTitle(t('access.doneTitle'));
  root.append(
    h(
      'div',
      { class: 'panel panel-medium' },
      h('div', { class: 'confirmation' }, h('h1', { tabindex: -1 }, t('access.doneTitle')), h('p', null, t('access.doneVerify'))),
      h('p', null, t('access.doneChannel')),
      h('p', null, t('access.doneFirstLogin')),
      h('p', null, h('a', { href: href.login, class: 'back-link' }, t('common.backToLogin'))),
    ),
  );
};
