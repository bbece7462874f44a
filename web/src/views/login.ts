import { api, ApiError } from '../api.js';
import type { View } from '../app-context.js';
import { h } from '../dom.js';
import { errorText } from '../error-text.js';
import { collect, Field, Form } from '../forms.js';
import { t } from '../i18n/index.js';
import { icoField, icoMessage } from '../ico-field.js';
import { normalizeIco } from '../ico.js';
import { href } from '../router.js';

export const loginView: View = (root, app) => {
  app.setTitle(t('login.title'));
  const ico = icoField('login-ico');
  const showPasswordId = 'login-show-password';
  const password = new Field({
    id: 'login-password',
    name: 'password',
    label: t('login.password'),
    type: 'password',
    autocomplete: 'current-password',
    after: [
      h(
        'div',
        { class: 'checkbox' },
        h('input', {
          type: 'checkbox',
          id: showPasswordId,
          onchange: (event: Event) => {
            password.control.setAttribute('type', (event.target as HTMLInputElement).checked ? 'text' : 'password');
          },
        }),
        h('label', { for: showPasswordId }, t('login.showPassword')),
      ),
    ],
  });

  const form = new Form({
    id: 'login-form',
    submitLabel: t('login.submit'),
    busyLabel: t('login.busy'),
    onSubmit: async () => {
      const problems = collect([
        ['ico', icoMessage(ico.value)],
        ['password', password.value === '' ? t('login.passwordRequired') : null],
      ]);
      if (problems.length > 0) return form.showProblems(problems);
      form.setBusy(true);
      try {
        const me = await api.login(normalizeIco(ico.value), password.value);
        app.loggedIn(me, password.value);
      } catch (error) {
        form.setBusy(false);
        // Only a malformed IČ belongs to a field; wrong credentials (which of the two is wrong is
        // not revealed), lockout and outages concern the whole form.
        const field = error instanceof ApiError && error.code === 'invalid_ico' ? 'ico' : undefined;
        if (error instanceof ApiError && error.code === 'invalid_credentials') password.value = '';
        form.showProblems([{ field, message: errorText(error) }]);
      }
    },
  });
  form.add(ico, password);

  root.append(
    h(
      'div',
      { class: 'panel panel-narrow' },
      h('h1', { tabindex: -1 }, t('login.title')),
      h('p', { class: 'lead' }, t('login.intro')),
      form.element,
      h(
        'div',
        { class: 'aside-links' },
        h('p', null, h('a', { href: href.access }, `${t('login.noPassword')} ${t('login.requestAccess')}`)),
        h('p', null, t('login.serviceInfoText'), ' ', h('a', { href: href.info }, t('login.serviceInfo'))),
      ),
    ),
  );
};
