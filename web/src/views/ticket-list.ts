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

  // The list's state: the filter the client set and the page shown (its cursor).
  let filter: { status?: string; q?: string } = {};
  const status = h(
    'select',
    { id: 'list-status', name: 'status' },
    h('option', { value: '' }, t('list.filterAll')),
    h('option', { value: 'open' }, t('list.filterOpen')),
    STATUSES.map((s) => h('option', { value: s }, statusLabel(s))),
  );
  const search = h('input', { id: 'list-q', name: 'q', type: 'search', maxlength: '200' });
  const form = h(
    'form',
    {
      class: 'list-filter',
      role: 'search',
      onsubmit: (e: Event) => {
        e.preventDefault();
        filter = { status: status.value, q: search.value.trim() };
        void load();
      },
    },
    h('label', { for: 'list-status' }, t('list.filterStatus')),
    status,
    h('label', { for: 'list-q' }, t('list.search')),
    search,
    h('button', { type: 'submit', class: 'button button-secondary' }, t('list.searchButton')),
  );
  content.before(form);
  const filtered = () => !!(filter.status || filter.q);

  const load = async (cursor?: string) => {
    replaceChildren(content, loadingIndicator());
    try {
      const page = await api.tickets({ ...filter, ...(cursor && { cursor }) });
      const pager =
        page.next || page.prev
          ? h(
              'nav',
              { class: 'pager', 'aria-label': t('list.pages') },
              page.prev ? h('button', { type: 'button', class: 'link', onclick: () => void load(page.prev) }, t('list.prev')) : null,
              page.next ? h('button', { type: 'button', class: 'link', onclick: () => void load(page.next) }, t('list.next')) : null,
            )
          : null;
      replaceChildren(
        content,
        page.tickets.length === 0 ? (filtered() ? noMatch() : empty()) : table(page.tickets),
        pager,
        filtered()
          ? h(
              'p',
              null,
              h(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  onclick: () => {
                    filter = {};
                    status.value = '';
                    search.value = '';
                    void load();
                  },
                },
                t('list.clear'),
              ),
            )
          : null,
      );
    } catch (error) {
      if (handledBySession(error)) return;
      replaceChildren(
        content,
        loadFailure(errorText(error), () => void load(cursor)),
      );
    }
  };
  void load();
};

const STATUSES = ['new', 'assigned', 'waiting-for-client', 'quoted', 'agreed', 'in-progress', 'resolved', 'closed', 'cancelled'];

function noMatch(): Node {
  return h('div', { class: 'empty' }, h('p', null, t('list.noMatch')));
}

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
