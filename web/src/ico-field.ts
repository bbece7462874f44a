/** The IČ field used by login and the access request: numeric keyboard, checked as you type. */
import { Field } from './forms.js';
import { icoProblem, icoProblemWhileTyping, type IcoProblem } from './ico.js';
import { t, type MessageKey } from './i18n/index.js';

const MESSAGES: Record<IcoProblem, MessageKey> = {
  empty: 'ico.required',
  'not-digits': 'ico.notDigits',
  'too-short': 'ico.tooShort',
  'too-long': 'ico.tooLong',
  checksum: 'ico.checksum',
};

export function icoMessage(input: string): string | null {
  const problem = icoProblem(input);
  return problem ? t(MESSAGES[problem]) : null;
}

export function icoField(id: string, value = ''): Field {
  const field = new Field({
    id,
    name: 'ico',
    label: t('ico.label'),
    hint: t('ico.hint'),
    inputmode: 'numeric',
    autocomplete: 'username',
    spellcheck: false,
    liveError: true,
    value,
    className: 'field-short',
  });
  const control = field.control;
  control.addEventListener('input', () => {
    const problem = icoProblemWhileTyping(control.value);
    field.setError(problem ? t(MESSAGES[problem]) : null);
  });
  // No check on blur: an error appearing as focus leaves would shift the layout under the pointer
  // and swallow the click on the button below. Missing digits are reported on submit.
  return field;
}
