import { h } from '../dom.js';
import { t } from '../i18n/index.js';

export function loadingIndicator(): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, t('common.loading'));
}

/** A failed load with the reason and a way to try again without reloading the page. */
export function loadFailure(message: string, retry: () => void): HTMLElement {
  return h(
    'div',
    { class: 'notice notice-error', role: 'alert' },
    h('p', null, message),
    h('p', null, h('button', { type: 'button', class: 'button button-secondary', onclick: () => retry() }, t('common.retry'))),
  );
}
