/** The IČ field used by login and the access request: numeric keyboard, checked as you type. */
import { Field } from './forms.js';
import { h } from './dom.js';
import { icoDicNote, icoProblem, icoProblemWhileTyping, normalizeIco, type IcoProblem } from './ico.js';
import { t, type MessageKey } from './i18n/index.js';

const MESSAGES: Record<IcoProblem, MessageKey> = {
  empty: 'ico.required',
  'not-digits': 'ico.notDigits',
  'too-short': 'ico.tooShort',
  'too-long': 'ico.tooLong',
  checksum: 'ico.checksum',
  'personal-dic': 'ico.personalDic',
};

export function icoMessage(input: string): string | null {
  const problem = icoProblem(input);
  return problem ? t(MESSAGES[problem]) : null;
}

export function icoField(id: string, value = ''): Field {
  // A company's DIČ is accepted: the note says which IČ it stands for, so nothing happens unseen.
  const note = h('p', { class: 'hint', id: `${id}-note`, 'aria-live': 'polite', hidden: true });
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
    describedBy: [`${id}-note`],
    after: [note],
  });
  const control = field.control;
  control.addEventListener('input', () => {
    const problem = icoProblemWhileTyping(control.value);
    field.setError(problem ? t(MESSAGES[problem]) : null);
    const stripped = !problem && icoDicNote(control.value) === 'company';
    note.textContent = stripped ? t('ico.dicStripped', { ico: normalizeIco(control.value) }) : '';
    note.hidden = !stripped;
  });
  // No check on blur: an error appearing as focus leaves would shift the layout under the pointer
  // and swallow the click on the button below. Missing digits are reported on submit.
  return field;
}
