import { escapeHtml } from '../../shared/escape-html';
import { categoryLabels } from '../../shared/messages.cs';
import { staffStatusLabels, unmatchedReasonLabels } from '../labels.cs';
import type { OutgoingMessage, Ticket, UnmatchedReason } from '../model';
import { AUTOMATIC_HEADERS, formatDeadline, formatPrice, subjectTag, type MailSettings } from '../mail-out/outbound-mail';
import { businessMinutesBetween } from '../deadlines/business-time';
import { businessDistance } from '../deadlines/deadline-state';
import type { AlertKind } from './kinds';
import type { AlertTrigger } from './triggers';

/** Where alert links point: the admin UI beside the portal (`<portal>/admin`). */
export interface AlertMailSettings extends MailSettings {
  adminUrl: string;
  /** The address a reply to an alert goes to: filed as a staff-only note, never to the client. */
  noteAddress?: (ticket: number) => string;
}

/** One thing that happened, as an alert lists it; several coalesce into one mail. */
export interface AlertEntry {
  key: string;
  kind: AlertKind;
  at: string;
  line: string;
  text?: string;
  /** What a mail about no ticket is about (the company, the mail's subject), for its subject line. */
  about?: string;
}

export const ALERT_TEXT_CHARS = 500;

const clock = new Intl.DateTimeFormat('cs-CZ', { timeZone: 'Europe/Prague', hour: '2-digit', minute: '2-digit' });
/** `3. 12. 15:16` in Prague: when an entry happened, in alerts listing several and in digests. */
export const dayAndClock = new Intl.DateTimeFormat('cs-CZ', {
  timeZone: 'Europe/Prague',
  day: 'numeric',
  month: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

const titles: Record<AlertKind, string> = {
  'new-request': 'Nový požadavek',
  'client-mail': 'Nová zpráva od klienta',
  assigned: 'Požadavek vám byl přidělen',
  'quote-answer': 'Klient odpověděl na nabídku',
  'mail-problem': 'E-mail klientovi se nedoručil',
  deadline: 'Hlídání termínu',
  'access-request': 'Nová žádost o přístup',
  'unmatched-mail': 'Nezařazená pošta',
};

const cut = (text: string | undefined) => {
  if (!text) return undefined;
  const t = text.replace(/\r\n?/g, '\n').trim();
  return t.length > ALERT_TEXT_CHARS ? `${t.slice(0, ALERT_TEXT_CHARS)}…` : t;
};

/** The line an alert lists for a trigger, in Czech. */
export function alertEntry(t: AlertTrigger, ticket?: Pick<Ticket, 'category'>): AlertEntry {
  const f = t.facts;
  let line: string;
  switch (t.kind) {
    case 'new-request':
      line = ticket?.category === 'service-express' ? 'Nový EXPRESNÍ požadavek' : 'Nový požadavek';
      break;
    case 'client-mail':
      line = `${f.automatic ? 'Automatická odpověď' : 'Zpráva'} od ${f.from ?? 'neznámého odesílatele'}${
        Number(f.attachments) > 0 ? `, příloh: ${f.attachments}` : ''
      }`;
      break;
    case 'assigned':
      line = f.by ? `Požadavek vám přidělil(a) ${f.by}` : 'Požadavek vám byl přidělen';
      break;
    case 'quote-answer':
      line = `Klient ${f.accepted ? 'PŘIJAL' : 'ODMÍTL'} nabídku${
        typeof f.price === 'number' ? `: ${formatPrice(f.price)} ${f.vat === 'with' ? 'včetně DPH' : 'bez DPH'}` : ''
      }${typeof f.deadline === 'string' ? `, termín ${formatDeadline(f.deadline)}` : ''}`;
      break;
    case 'mail-problem':
      line =
        f.problem === 'failed'
          ? `E-mail pro ${f.recipients ?? 'klienta'} se nepodařilo odeslat ani po ${f.attempts ?? 'všech'} pokusech${f.detail ? ` (${f.detail})` : ''}`
          : `E-mail pro ${f.recipients ?? 'klienta'} se vrátil jako nedoručitelný (${f.problem})${f.detail ? `: ${f.detail}` : ''}`;
      break;
    case 'deadline': {
      const what = f.due === 'agreed' ? 'dohodnutý termín' : 'termín první odpovědi';
      const due = new Date(String(f.dueAt));
      line =
        f.threshold === 'overdue'
          ? `Po termínu: ${what} uplynul ${dayAndClock.format(due)}`
          : `Blíží se ${what}: ${dayAndClock.format(due)}, zbývá ${businessDistance(businessMinutesBetween(new Date(t.at), due))}`;
      break;
    }
    case 'access-request':
      line = `Žádost o přístup: ${f.company} (IČ ${f.ico}), ${f.contact}, ${f.email}${f.phone ? `, tel. ${f.phone}` : ''}`;
      break;
    case 'unmatched-mail':
      line = `Od ${f.from ?? 'neznámého odesílatele'}: „${t.subject ?? ''}“ (${unmatchedReasonLabels[f.reason as UnmatchedReason] ?? f.reason})`;
      break;
  }
  const text = cut(t.text);
  const about =
    t.kind === 'access-request' ? `${f.company} (IČ ${f.ico})` : t.kind === 'unmatched-mail' ? `„${t.subject ?? ''}“` : undefined;
  return { key: t.key, kind: t.kind, at: t.at, line, ...(text && { text }), ...(about && { about }) };
}

export interface AlertContext {
  ticket?: Ticket;
  /** The ticket's first message (its confirmation), which the alert threads under. */
  threadRoot?: string;
}

/** Where the alert's link points for what it is about. */
function linkFor(settings: AlertMailSettings, entries: AlertEntry[], ticket?: Ticket): string {
  const base = settings.adminUrl.replace(/\/$/, '');
  if (ticket) return `${base}/tickets/${ticket.number}`;
  return entries.every((e) => e.kind === 'access-request') ? `${base}/access-requests` : `${base}/unmatched`;
}

/**
 * An alert mail: subject `[Softech #n] <what happened>: <ticket subject>`, the client, category,
 * status and deadline, every coalesced entry with up to 500 characters of its text, a link into
 * the admin UI; never attachments or the raw mail. Marked automatic, threaded under the ticket.
 */
export function renderAlert(
  settings: AlertMailSettings,
  id: string,
  to: { email: string; name: string },
  entries: AlertEntry[],
  ctx: AlertContext,
): { subject: string; message: OutgoingMessage } {
  const t = ctx.ticket;
  const what = entries.length === 1 ? titleFor(entries[0]!) : eventCount(entries.length);
  const about = entries.length === 1 ? entries[0]!.about : undefined;
  const subject = t ? `${subjectTag(t.number)} ${what}: ${t.subject}` : `[Softech] ${what}${about ? `: ${about}` : ''}`;
  const link = linkFor(settings, entries, t);
  const facts = t
    ? [
        `Požadavek č. ${t.number}: ${t.subject}`,
        `Klient: ${t.clientName}, IČ ${t.ico}`,
        `Druh: ${categoryLabels[t.category]}`,
        `Stav: ${staffStatusLabels[t.status]}${t.assignee ? `, řeší ${t.assignee}` : ', nepřidělený'}`,
        ...(t.quote?.state === 'accepted' ? [`Dohodnutý termín: ${formatDeadline(t.quote.deadline)}`] : []),
        ...(t.firstResponseDue && !t.firstResponseAt ? [`První odpověď do: ${dayAndClock.format(new Date(t.firstResponseDue))}`] : []),
      ]
    : [];
  const time = (e: AlertEntry) => (entries.length > 1 ? dayAndClock : clock).format(new Date(e.at));
  const noteHint =
    t && settings.noteAddress
      ? 'Odpovědí na toto upozornění přidáte k požadavku interní poznámku; klientovi nic neodejde. Klientovi odpovíte v administraci.'
      : 'Na toto upozornění se neodpovídá; požadavky vyřídíte v administraci.';
  const text = [
    `${what}`,
    facts.join('\n'),
    entries.map((e) => `${time(e)}  ${e.line}${e.text ? `\n${e.text.replace(/^/gm, '    ')}` : ''}`).join('\n\n'),
    `Otevřít: ${link}`,
    `--\nSoftech Podpora: upozornění pro ${to.name}\n${noteHint}\nNastavení upozornění: ${settings.adminUrl.replace(/\/$/, '')}/account#upozorneni`,
  ]
    .filter((p) => p.length > 0)
    .join('\n\n');
  const html = [
    '<!doctype html><html lang="cs"><body style="font-family:Arial,sans-serif;line-height:1.5;color:#1a1a1a">',
    `<p><strong>${escapeHtml(what)}</strong></p>`,
    facts.length ? `<p>${facts.map(escapeHtml).join('<br>')}</p>` : '',
    '<ul style="padding-left:18px">',
    ...entries.map(
      (e) =>
        `<li><span style="color:#555">${escapeHtml(time(e))}</span> ${escapeHtml(e.line)}${
          e.text
            ? `<blockquote style="border-left:3px solid #ccc;margin:4px 0;padding-left:10px;white-space:pre-wrap">${escapeHtml(e.text)}</blockquote>`
            : ''
        }</li>`,
    ),
    '</ul>',
    `<p><a href="${escapeHtml(link)}">Otevřít v administraci</a></p>`,
    `<p style="color:#666;font-size:90%">Softech Podpora: upozornění pro ${escapeHtml(to.name)}<br>${escapeHtml(noteHint)}<br><a href="${escapeHtml(settings.adminUrl.replace(/\/$/, ''))}/account#upozorneni">Nastavení upozornění</a></p>`,
    '</body></html>',
  ].join('');
  const message = staffMessage(settings, {
    id,
    to: to.email,
    replyTo: t && settings.noteAddress ? settings.noteAddress(t.number) : settings.fromAddress,
    subject,
    text,
    html,
    ...(ctx.threadRoot && { threadRoot: ctx.threadRoot }),
  });
  return { subject, message };
}

/** "1 událost", "3 události", "7 událostí". */
export const eventCount = (n: number) => `${n} ${n === 1 ? 'událost' : n < 5 ? 'události' : 'událostí'}`;

/** A mail of the desk to one staff member (an alert, a digest): from the desk address, marked automatic. */
export function staffMessage(
  settings: Pick<MailSettings, 'domain' | 'fromAddress' | 'fromName'>,
  m: { id: string; to: string; replyTo: string; subject: string; text: string; html: string; threadRoot?: string },
): OutgoingMessage {
  return {
    from: { name: settings.fromName, address: settings.fromAddress },
    to: [m.to],
    replyTo: m.replyTo,
    subject: m.subject,
    messageId: `${m.id}@${settings.domain}`,
    ...(m.threadRoot && { inReplyTo: m.threadRoot, references: [m.threadRoot] }),
    text: m.text,
    html: m.html,
    headers: { ...AUTOMATIC_HEADERS },
  };
}

/** The subject's words for one entry: a new express request says so. */
function titleFor(e: AlertEntry): string {
  if (e.kind === 'new-request') return e.line.includes('EXPRESNÍ') ? 'Nový expresní požadavek' : titles[e.kind];
  if (e.kind === 'quote-answer') return e.line.includes('PŘIJAL') ? 'Klient přijal nabídku' : 'Klient odmítl nabídku';
  if (e.kind === 'mail-problem' && e.line.includes('nepodařilo')) return 'E-mail klientovi se nepodařilo odeslat';
  if (e.kind === 'deadline') return e.line.startsWith('Po termínu') ? 'Po termínu' : 'Blíží se termín';
  return titles[e.kind];
}
