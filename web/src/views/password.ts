import { api, ApiError, handledBySession } from '../api.js';
import type { View } from '../app-context.js';
import { h } from '../dom.js';
import { problemsFromError } from '../error-text.js';
import { collect, Field, Form } from '../forms.js';
import { t } from '../i18n/index.js';
import { passwordTooShort } from '../validation.js';

export const passwordView: View = (root, app) => {
  app.setTitle(t('password.title'));
  const forced = app.mustChangePassword;
  // Right after the first login we already hold the temporary password; asking for it again
  // would only confuse. After a reload we no longer have it, so the field is shown.
  const knownCurrent = forced ? app.loginPassword : null;

  const current = new Field({
    id: 'password-current',
    name: 'currentPassword',
    label: t('password.current'),
    type: 'password',
    autocomplete: 'current-password',
  });
  const next = new Field({
    id: 'password-new',
    name: 'newPassword',
    label: t('password.new'),
    hint: t('password.newHint'),
    type: 'password',
    autocomplete: 'new-password',
  });
  const confirm = new Field({
    id: 'password-confirm',
    name: 'confirmPassword',
    label: t('password.confirm'),
    type: 'password',
    autocomplete: 'new-password',
  });

  const ownMessage = (name: string): string | null => {
    if (name === 'newPassword') return passwordTooShort(next.value) ? t('password.tooShort') : null;
    if (name === 'currentPassword') return t('password.currentWrong');
    return null;
  };

  const form = new Form({
    id: 'password-form',
    submitLabel: t('password.submit'),
    busyLabel: t('password.busy'),
    onSubmit: async () => {
      const currentValue = knownCurrent ?? current.value;
      const problems = collect([
        ['currentPassword', knownCurrent === null && currentValue === '' ? t('password.currentRequired') : null],
        [
          'newPassword',
          passwordTooShort(next.value) ? t('password.tooShort') : currentValue === next.value ? t('password.sameAsCurrent') : null,
        ],
        ['confirmPassword', !passwordTooShort(next.value) && confirm.value !== next.value ? t('password.mismatch') : null],
      ]);
      if (problems.length > 0) return form.showProblems(problems);
      form.setBusy(true);
      try {
        await api.changePassword(currentValue, next.value);
        app.passwordChanged();
      } catch (error) {
        form.setBusy(false);
        if (handledBySession(error)) return;
        if (error instanceof ApiError && error.code === 'invalid_credentials') {
          form.showProblems([
            { field: form.hasField('currentPassword') ? 'currentPassword' : undefined, message: t('password.currentWrong') },
          ]);
        } else {
          form.showProblems(problemsFromError(error, form, ownMessage));
        }
      }
    },
  });
  // A hidden username field lets password managers file the new password under the right IČ.
  form.add(
    h('input', {
      type: 'text',
      name: 'username',
      autocomplete: 'username',
      value: app.client?.ico ?? '',
      hidden: true,
      readonly: true,
      tabindex: -1,
      'aria-hidden': 'true',
    }),
  );
  if (knownCurrent === null) form.add(current);
  form.add(next, confirm);

  root.append(
    h(
      'div',
      { class: 'panel panel-narrow' },
      h('h1', { tabindex: -1 }, t('password.title')),
      h('p', { class: 'lead' }, forced ? t('password.forcedIntro') : t('password.intro')),
      form.element,
    ),
  );
};
