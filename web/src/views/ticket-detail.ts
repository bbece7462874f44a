import {
  api,
  ApiError,
  handledBySession,
  type Attachment,
  type ClientQuote,
  type HistoryEvent,
  type Ticket,
  type TicketDetail,
} from '../api.js';
import type { View } from '../app-context.js';
import { categoryLabel, statusLabel } from '../catalog.js';
import { h, replaceChildren } from '../dom.js';
import { errorText } from '../error-text.js';
import { formatCzk, formatDateTime, formatDay, hasKey, t } from '../i18n/index.js';
import { href, type Route } from '../router.js';
import { attachmentsNotFiledNotice, eventAttachmentList, ticketAttachmentList } from './attachment-list.js';
import { loadFailure, loadingIndicator } from './loading.js';

export const ticketDetailView: View<Extract<Route, { name: 'detail' }>> = (root, app, route) => {
  const n = route.number;
  app.setTitle(t('detail.title', { n }));
  const heading = h('h1', { tabindex: -1 }, t('detail.title', { n }));
  const content = h('div', { class: 'detail-content' }, loadingIndicator());
  root.append(
    h(
      'div',
      { class: 'panel panel-wide' },
      h('p', null, h('a', { href: href.list, class: 'back-link' }, t('detail.back'))),
      heading,
      content,
    ),
  );

  /** Shows the ticket anew; `announce` is a success to say, `quoteProblem` why an answer to the quote was refused (said in the quote box). */
  const load = async (announce?: string, quoteProblem?: string) => {
    try {
      const detail = await api.ticket(n);
      app.setTitle(`${t('detail.title', { n })}: ${detail.ticket.subject}`);
      replaceChildren(content, renderDetail(detail, load, quoteProblem));
      if (announce) app.notify(announce, 'success');
      if (quoteProblem && !detail.ticket.quote) app.notify(quoteProblem, 'error');
      if (announce || quoteProblem) content.querySelector<HTMLElement>('#detail-quote')?.focus();
    } catch (error) {
      if (handledBySession(error)) return;
      const message = error instanceof ApiError && error.code === 'not_found' ? t('detail.notFound', { n }) : errorText(error);
      replaceChildren(
        content,
        loadFailure(message, () => void load()),
      );
    }
  };
  void load();
};

type Reload = (announce?: string, quoteProblem?: string) => Promise<void>;

function renderDetail(detail: TicketDetail, reload: Reload, quoteProblem?: string): Node {
  const { ticket, history, attachments } = detail;
  const byId = new Map(attachments.map((a) => [a.id, a]));
  return h(
    'div',
    null,
    h(
      'dl',
      { class: 'facts' },
      fact(t('detail.subject'), h('span', { class: 'ticket-subject' }, ticket.subject)),
      fact(t('detail.status'), h('span', { class: `status status-${ticket.status}` }, statusLabel(ticket.status))),
      fact(t('detail.category'), categoryLabel(ticket.category)),
      fact(t('detail.created'), h('time', { datetime: ticket.createdAt }, formatDateTime(ticket.createdAt))),
      fact(t('detail.contactEmail'), ticket.contactEmail),
    ),
    ticket.quote ? quoteSection(ticket.number, ticket.quote, reload, quoteProblem) : null,
    h(
      'section',
      { 'aria-labelledby': 'detail-description' },
      h('h2', { id: 'detail-description' }, t('detail.description')),
      h('p', { class: 'text-block' }, ticket.description),
    ),
    h(
      'section',
      { 'aria-labelledby': 'detail-attachments' },
      h('h2', { id: 'detail-attachments' }, t('detail.attachments')),
      attachments.length === 0 ? h('p', null, t('detail.noAttachments')) : ticketAttachmentList(ticket.number, attachments),
    ),
    h(
      'section',
      { 'aria-labelledby': 'detail-history' },
      h('h2', { id: 'detail-history' }, t('detail.history')),
      history.length === 0
        ? h('p', null, t('detail.historyEmpty'))
        : h(
            'ol',
            { class: 'history' },
            history.map((event) => historyItem(ticket, event, byId)),
          ),
    ),
  );
}

function fact(label: string, value: Node | string): Node[] {
  return [h('div', { class: 'fact' }, h('dt', null, label), h('dd', null, value))];
}

function historyItem(ticket: Ticket, event: HistoryEvent, attachments: Map<string, Attachment>): Node {
  const ticketNumber = ticket.number;
  const key = `history.${event.type}`;
  // The "created" entry repeats what the page shows above; only new wording is worth showing.
  const subject = event.type === 'created' && event.subject === ticket.subject ? undefined : event.subject;
  const text = event.type === 'created' && event.text?.trim() === ticket.description.trim() ? undefined : event.text;
  const mailKey = event.mail ? `history.${event.type === 'created' ? 'confirmation' : 'mail'}.${event.mail}` : '';
  const title = hasKey(key) ? t(key) : `${t('history.other')} (${event.type})`;
  const linked = (event.attachmentIds ?? []).map((id) => attachments.get(id)).filter((a): a is Attachment => a !== undefined);
  return h(
    'li',
    { class: `history-item history-${hasKey(key) ? event.type : 'other'}` },
    h('div', { class: 'history-head' }, h('h3', null, title), h('time', { datetime: event.at }, formatDateTime(event.at))),
    event.from ? h('p', { class: 'history-meta' }, `${t('history.from')}: `, event.from) : null,
    !event.from && event.by?.kind === 'staff' && event.by.name
      ? h('p', { class: 'history-meta' }, t('history.by', { name: event.by.name }))
      : null,
    hasKey(mailKey) ? h('p', { class: `history-meta mail-${event.mail}` }, t(mailKey)) : null,
    subject ? h('p', { class: 'history-meta' }, `${t('history.subjectLabel')}: `, subject) : null,
    event.status ? h('p', { class: 'history-meta' }, t('history.newStatus', { status: statusLabel(event.status) })) : null,
    eventData(event),
    text ? h('p', { class: 'text-block' }, text) : null,
    attachmentsNotFiledNotice(event),
    linked.length > 0
      ? h(
          'div',
          { class: 'history-attachments' },
          h('p', { class: 'history-meta' }, `${t('history.attachments')}:`),
          eventAttachmentList(ticketNumber, linked),
        )
      : null,
  );
}

/** What the event's data says, worded here (the API sends codes, not sentences): a quote and its answer, a reopen, an upload. */
function eventData(event: HistoryEvent): Node | (Node | null)[] | null {
  const data = event.data ?? {};
  if (event.type === 'status' && data.cause === 'client-reply' && typeof data.from === 'string') {
    return h('p', null, t('history.reopened', { status: statusLabel(data.from) }));
  }
  if (event.type === 'message' && data.upload === true) return h('p', null, t('history.uploaded'));
  if (event.type === 'quote') return quoteFacts(data);
  if (event.type === 'acceptance' && typeof data.accepted === 'boolean') {
    return [h('p', null, data.accepted ? t('history.accepted') : t('history.declined')), quoteFacts(data)];
  }
  return null;
}

/** Which quote an event is about: its number (events from before quotes had numbers have none), price and deadline. */
function quoteFacts(data: Record<string, unknown>): Node | null {
  if (typeof data.price !== 'number') return null;
  const number = typeof data.version === 'number' ? `${t('quote.number', { n: data.version })} · ` : '';
  const vat = data.vat === 'with' ? t('quote.vat.with') : t('quote.vat.without');
  const deadline = typeof data.deadline === 'string' ? `; ${t('quote.deadline')}: ${formatDay(data.deadline)}` : '';
  return h('p', { class: 'history-meta' }, `${number}${t('quote.price')}: ${formatCzk(data.price)} ${vat}${deadline}`);
}

function quoteSection(ticketNumber: number, quote: ClientQuote, reload: Reload, problem?: string): Node {
  const alert = (text: string) => h('p', { class: 'notice notice-error', role: 'alert' }, text);
  const message = h('div', { class: 'quote-message', 'aria-live': 'polite' });
  const respond = async (accept: boolean, buttons: HTMLButtonElement[]) => {
    if (buttons.some((b) => b.getAttribute('aria-disabled') === 'true')) return;
    for (const b of buttons) b.setAttribute('aria-disabled', 'true');
    const clicked = buttons[accept ? 0 : 1]!;
    const label = clicked.textContent;
    clicked.textContent = t('quote.busy');
    try {
      await api.respondToQuote(ticketNumber, accept, quote.version);
      await reload(accept ? t('quote.accepted') : t('quote.declined'));
    } catch (error) {
      for (const b of buttons) b.setAttribute('aria-disabled', 'false');
      clicked.textContent = label;
      if (handledBySession(error)) return;
      // The worker sent a new quote meanwhile: show it, with why the answer did not count.
      if (error instanceof ApiError && error.code === 'quote_changed') {
        await reload(undefined, errorText(error));
        return;
      }
      replaceChildren(message, alert(errorText(error)));
    }
  };
  const actions: Node[] = [];
  if (quote.state === 'proposed') {
    const buttons: HTMLButtonElement[] = [];
    buttons.push(
      h('button', { type: 'button', class: 'button', id: 'quote-accept', onclick: () => void respond(true, buttons) }, t('quote.accept')),
      h(
        'button',
        { type: 'button', class: 'button button-secondary', id: 'quote-decline', onclick: () => void respond(false, buttons) },
        t('quote.decline'),
      ),
    );
    actions.push(h('p', { class: 'quote-question' }, t('quote.proposed')), h('div', { class: 'form-actions' }, buttons));
  } else {
    actions.push(
      h('p', { class: `quote-state quote-${quote.state}` }, quote.state === 'accepted' ? t('quote.accepted') : t('quote.declined')),
    );
  }
  return h(
    'section',
    { class: `quote quote-box-${quote.state}`, 'aria-labelledby': 'detail-quote' },
    h('h2', { id: 'detail-quote', tabindex: -1 }, t('quote.title')),
    h('p', { class: 'quote-number' }, t('quote.number', { n: quote.version })),
    // Why the last answer did not count (a new quote came meanwhile), above the quote it now shows.
    problem ? h('div', { class: 'quote-problem' }, alert(problem)) : null,
    h(
      'dl',
      { class: 'facts' },
      fact(t('quote.price'), `${formatCzk(quote.price)} ${quote.vat === 'with' ? t('quote.vat.with') : t('quote.vat.without')}`),
      fact(t('quote.deadline'), formatDay(quote.deadline)),
      quote.note ? fact(t('quote.note'), h('span', { class: 'text-block' }, quote.note)) : [],
    ),
    actions,
    message,
  );
}
