import type { View } from '../app-context.js';
import { h } from '../dom.js';
import { t } from '../i18n/index.js';

export const notFoundView: View = (root, app) => {
  app.setTitle(t('notFound.title'));
  root.append(
    h(
      'div',
      { class: 'panel panel-narrow' },
      h('h1', { tabindex: -1 }, t('notFound.title')),
      h('p', null, t('notFound.text')),
      h('p', null, h('a', { href: '#/' }, t('notFound.home'))),
    ),
  );
};
