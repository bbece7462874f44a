import type { View } from '../app-context.js';
import { h } from '../dom.js';
import { t } from '../i18n/index.js';
import { href, type Route } from '../router.js';
import { lastCreated } from './new-ticket.js';

export const ticketCreatedView: View<Extract<Route, { name: 'created' }>> = (root, app, route) => {
  app.setTitle(t('created.title'));
  const email = lastCreated?.number === route.number ? lastCreated.contactEmail : null;
  root.append(
    h(
      'div',
      { class: 'panel panel-medium' },
      h(
        'div',
        { class: 'confirmation' },
        h('h1', { tabindex: -1 }, t('created.title')),
        h(
          'p',
          { class: 'ticket-number' },
          h('span', { class: 'ticket-number-label' }, t('created.number')),
          ' ',
          h('strong', { id: 'created-number' }, String(route.number)),
        ),
      ),
      h('p', null, email ? t('created.email', { email }) : t('created.emailUnknown')),
      h('p', null, t('created.attachments')),
      h('p', null, t('created.next')),
      h(
        'ul',
        { class: 'action-links' },
        h('li', null, h('a', { href: href.detail(route.number) }, t('created.view', { n: route.number }))),
        h('li', null, h('a', { href: href.new }, t('created.another'))),
        h('li', null, h('a', { href: href.list }, t('nav.list'))),
      ),
    ),
  );
};
