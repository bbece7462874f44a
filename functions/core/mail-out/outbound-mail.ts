import { escapeHtml } from '../../shared/escape-html';
import { replyAddress } from './reply-token';
import type { OutgoingMessage, Quote, Ticket } from '../model';
import { categoryLabels } from '../../shared/messages.cs';

/** What every outgoing mail needs to know about where it comes from (docs/email.md). */
export interface MailSettings {
  domain: string;
  fromAddress: string;
  fromName: string;
  replyTokenSecret: string;
  portalUrl: string;
}

export type { OutgoingMessage } from '../model';

export interface RenderedMail {
  messageId: string; // without angle brackets
  subject: string;
  to: string[];
  message: OutgoingMessage;
}

export const subjectTag = (n: number) => `[Softech #${n}]`;

/** What marks a mail as sent by a machine (RFC 3834), so auto-responders stay quiet. */
export const AUTOMATIC_HEADERS: Readonly<Record<string, string>> = {
  'Auto-Submitted': 'auto-generated',
  'X-Auto-Response-Suppress': 'All',
};

export function newMessageId(n: number, id: string, domain: string): string {
  return `t${n}.${id}@${domain}`;
}

interface MailBody {
  to: string;
  subject: string;
  paragraphs: string[];
  quoted?: { heading: string; text: string };
  automatic: boolean;
  /** Message-IDs (without brackets) this mail answers, so mail programs thread it with the ticket's earlier mail. */
  references?: string[];
}

/** Writes the mail with the headers that make replies find their ticket. */
async function render(settings: MailSettings, ticket: number, id: string, body: MailBody): Promise<RenderedMail> {
  const messageId = newMessageId(ticket, id, settings.domain);
  const subject = `${subjectTag(ticket)} ${body.subject}`;
  const text = [
    ...body.paragraphs,
    // Line ends normalised first: in a multiline regex `^` also follows a lone CR, so CRLF would get "\r> \n> ".
    ...(body.quoted ? [`${body.quoted.heading}\n${body.quoted.text.replace(/\r\n?/g, '\n').replace(/^/gm, '> ')}`] : []),
    `--\nSoftech Podpora\n${settings.portalUrl}`,
  ].join('\n\n');
  const html = [
    '<!doctype html><html lang="cs"><body style="font-family:Arial,sans-serif;line-height:1.5;color:#1a1a1a">',
    ...body.paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`),
    ...(body.quoted
      ? [
          `<p><strong>${escapeHtml(body.quoted.heading)}</strong></p><blockquote style="border-left:3px solid #ccc;margin:0;padding-left:12px;white-space:pre-wrap">${escapeHtml(body.quoted.text)}</blockquote>`,
        ]
      : []),
    `<p style="color:#666">--<br>Softech Podpora<br><a href="${escapeHtml(settings.portalUrl)}">${escapeHtml(settings.portalUrl)}</a></p>`,
    '</body></html>',
  ].join('');
  const message: OutgoingMessage = {
    from: { name: settings.fromName, address: settings.fromAddress },
    to: [body.to],
    replyTo: replyAddress(settings.replyTokenSecret, ticket, settings.domain),
    subject,
    messageId,
    ...(body.references?.length && { inReplyTo: body.references[body.references.length - 1], references: body.references }),
    text,
    html,
    ...(body.automatic && { headers: { ...AUTOMATIC_HEADERS } }),
  };
  return { messageId, subject, to: [body.to], message };
}

export function renderConfirmation(settings: MailSettings, ticket: Ticket, id: string): Promise<RenderedMail> {
  return render(settings, ticket.number, id, {
    to: ticket.contactEmail,
    subject: ticket.subject,
    automatic: true,
    paragraphs: [
      'Dobrý den,',
      `přijali jsme váš požadavek a přidělili mu pořadové číslo ${ticket.number}.`,
      `Druh požadavku: ${categoryLabels[ticket.category]}\nPředmět zadání: ${ticket.subject}`,
      'Přílohy (fotografie, dokumenty, snímky obrazovky) k požadavku přidáte tak, že na tuto potvrzující zprávu odpovíte a soubory přiložíte. Odpověď musí odejít z adresy, kterou jste uvedli pro komunikaci v této věci; předmět ani adresu příjemce neměňte.',
      'Pracovník Softechu vás bude kontaktovat, upřesní s vámi zadání a dohodne cenu a termín. Veškerá komunikace se zaznamenává u požadavku a najdete ji na portálu podpory.',
      'Tato zpráva byla odeslána automaticky.',
    ],
    quoted: { heading: 'Podrobnější specifikace zadání:', text: ticket.description },
  });
}

export const formatPrice = (price: number) =>
  `${new Intl.NumberFormat('cs-CZ', { minimumFractionDigits: Number.isInteger(price) ? 0 : 2, maximumFractionDigits: 2 }).format(price)} Kč`;

/** `2026-12-04` → `4. 12. 2026` (the date is a calendar day; no time zone applies). */
export const formatDeadline = (deadline: string) => {
  const [y, m, d] = deadline.split('-').map(Number);
  return `${d}. ${m}. ${y}`;
};

/** A staff member's message to the client, written by hand (so not marked automatic). */
export function renderStaffMessage(
  settings: MailSettings,
  ticket: Ticket,
  id: string,
  message: { text: string; staffName: string; references?: string[] },
): Promise<RenderedMail> {
  return render(settings, ticket.number, id, {
    to: ticket.contactEmail,
    subject: ticket.subject,
    automatic: false,
    paragraphs: [message.text, `${message.staffName}\nSoftech – zákaznická podpora`],
    ...(message.references && { references: message.references }),
  });
}

/** The price and deadline a staff member proposes; the client accepts or declines on the portal. A later quote says it replaces the one before. */
export function renderQuote(
  settings: MailSettings,
  ticket: Ticket,
  id: string,
  quote: Quote,
  message: { staffName: string; references?: string[] },
): Promise<RenderedMail> {
  return render(settings, ticket.number, id, {
    to: ticket.contactEmail,
    subject: ticket.subject,
    automatic: false,
    paragraphs: [
      'Dobrý den,',
      `k vašemu požadavku s pořadovým číslem ${ticket.number} navrhujeme tuto cenu a termín:`,
      `Cena: ${formatPrice(quote.price)} ${quote.vat === 'with' ? 'včetně DPH' : 'bez DPH'}\nTermín: ${formatDeadline(quote.deadline)}`,
      ...(quote.note ? [quote.note] : []),
      ...((quote.version ?? 1) > 1
        ? [`Tato nabídka (č. ${quote.version}) nahrazuje naši předchozí nabídku; na tu už odpovědět nelze.`]
        : []),
      'Nabídku přijmete nebo odmítnete na portálu podpory u tohoto požadavku. Máte-li k ní dotaz, odpovězte prosím na tuto zprávu.',
      `${message.staffName}\nSoftech – zákaznická podpora`,
    ],
    ...(message.references && { references: message.references }),
  });
}
