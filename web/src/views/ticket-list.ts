import { api, handledBySession, type TicketSummary } from '../api.js';
import type { View } from '../app-context.js';
import { categoryLabel, statusLabel } from '../catalog.js';
import { h, replaceChildren } from '../dom.js';
import { errorText } from '../error-text.js';
import { formatDate, t } from '../i18n/index.js';
import { href } from '../router.js';
import { loadingIndicator, loadFailure } from './loading.js';

export const ticketListView: View = (root, app) => {
  app.setTitle(t('list.title'));
  const content = h('div', { class: 'list-content' }, loadingIndicator());
  root.append(
    h(
      'div',
      { class: 'panel panel-wide' },
      h(
        'div',
        { class: 'title-row' },
        h('h1', { tabindex: -1 }, t('list.title')),
        h('a', { href: href.new, class: 'button button-secondary' }, t('nav.new')),
      ),
      content,
    ),
  );

  const load = async () => {
    replaceChildren(content, loadingIndicator());
    try {
      const { tickets } = await api.tickets();
      replaceChildren(content, tickets.length === 0 ? empty() : table(tickets));
    } catch (error) {
      if (handledBySession(error)) return;
      replaceChildren(content, loadFailure(errorText(error), load));
    }
  };
  void load();
};

function empty(): Node {
  return h('div', { class: 'empty' }, h('p', null, t('list.empty')), h('p', null, h('a', { href: href.new }, t('list.newLink'))));
}

function table(tickets: TicketSummary[]): Node {
  const headers = [t('list.number'), t('list.subject'), t('list.category'), t('list.status'), t('list.created')];
  return h(
    'table',
    { class: 'tickets' },
    h('caption', { class: 'visually-hidden' }, t('list.caption')),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        headers.map((label) => h('th', { scope: 'col' }, label)),
      ),
    ),
    h(
      'tbody',
      null,
      tickets.map((ticket) =>
        h(
          'tr',
          null,
          h('td', { 'data-label': headers[0], class: 'cell-number' }, String(ticket.number)),
          h('td', { 'data-label': headers[1], class: 'cell-subject' }, h('a', { href: href.detail(ticket.number) }, ticket.subject)),
          h('td', { 'data-label': headers[2] }, categoryLabel(ticket.category)),
          h('td', { 'data-label': headers[3] }, h('span', { class: `status status-${ticket.status}` }, statusLabel(ticket.status))),
          h('td', { 'data-label': headers[4] }, h('time', { datetime: ticket.createdAt }, formatDate(ticket.createdAt))),
        ),
      ),
    ),
  );
}
