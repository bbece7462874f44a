import { attachmentUrl, type Attachment, type HistoryEvent } from '../api.js';
import { h } from '../dom.js';
import { formatDateTime, formatNumber, formatSize, hasKey, t } from '../i18n/index.js';

/** How many files a list shows before the rest fold away: a ticket may hold a thousand. */
const SHOWN = 10;

export function attachmentLink(ticketNumber: number, attachment: Attachment): Node {
  return h(
    'span',
    { class: 'attachment' },
    h('a', { href: attachmentUrl(ticketNumber, attachment.id), download: attachment.filename }, attachment.filename),
    ' ',
    h('span', { class: 'attachment-size' }, `(${formatSize(attachment.size)})`),
  );
}

/** The ticket's attachments in the API's order (oldest mail first), each with the mail or upload it came with beside it. */
export function ticketAttachmentList(ticketNumber: number, attachments: Attachment[]): Node {
  return folded(
    'ol',
    attachments.map((a) =>
      h('li', null, attachmentLink(ticketNumber, a), a.event ? h('span', { class: 'attachment-event' }, ` · ${cameWith(a.event)}`) : null),
    ),
  );
}

/** The attachments of one history event. */
export function eventAttachmentList(ticketNumber: number, attachments: Attachment[]): Node {
  return folded(
    'ul',
    attachments.map((a) => h('li', null, attachmentLink(ticketNumber, a))),
  );
}

/** Said on a mail that held more attachments than one mail may file; null for any other event. */
export function attachmentsNotFiledNotice(event: HistoryEvent): Node | null {
  const counts = event.attachmentsNotFiled;
  if (!counts) return null;
  return h(
    'p',
    { class: 'notice notice-error attachments-not-filed' },
    t('history.attachmentsNotFiled', { received: formatNumber(counts.received), filed: formatNumber(counts.filed) }),
  );
}

function cameWith(event: NonNullable<Attachment['event']>): string {
  const key = `history.${event.type}`;
  return `${hasKey(key) ? t(key) : t('history.other')}, ${formatDateTime(event.at)}`;
}

function folded(tag: 'ol' | 'ul', items: Node[]): Node {
  const list = (part: Node[], start = 1) => h(tag, { class: 'attachments', ...(tag === 'ol' && start > 1 && { start }) }, part);
  if (items.length <= SHOWN) return h('div', { class: 'attachment-list' }, list(items));
  return h(
    'div',
    { class: 'attachment-list' },
    list(items.slice(0, SHOWN)),
    h(
      'details',
      { class: 'more-attachments' },
      h('summary', null, t('detail.moreAttachments', { n: formatNumber(items.length - SHOWN) })),
      list(items.slice(SHOWN), SHOWN + 1),
    ),
  );
}
