/**
 * Cuts the quoted history off a reply for display (the full text is kept as well). The rules follow
 * what mail clients write in front of a quotation; they cover top-posted replies (the common case,
 * history below), bottom-posted ones (history above), and leave inline answers alone, where
 * removing the quotes would remove the questions being answered.
 */

// "On Mon, 2 Apr 2012 at 18:26, Megan <m@x.com> wrote:" and its translations. Matched against one
// line, or two joined when a client wrapped it.
const ATTRIBUTION_END =
  /(wrote|writes|napsal\(a\)|napsala?|napísal\(a\)|napísala?|schrieb|a écrit|escribió|ha scritto|schreef|skrev|kirjoitti|írta|napisał\(a\)|napisała?|написал\(а\)|написала?|пише|έγραψε)\s*:\s*$/i;
const ATTRIBUTION_START = /^(on|dne|am|le|el|il|op|den|w dniu|em|în|в)\b/i;

// "-----Original Message-----", "----- Původní zpráva -----", "---------- Původní e-mail ----------".
const ORIGINAL_MESSAGE =
  /^-{2,}\s*(original message|původní zpráva|puvodni zprava|původní e-mail|původní email|pôvodná správa|ursprüngliche nachricht|originalnachricht|oorspronkelijk bericht|message d'origine|messaggio originale|mensaje original|wiadomość oryginalna|исходное сообщение)\s*-{2,}$/i;

// Outlook's header block: "From: …" followed within a few lines by "Sent: …" (or "Date: …").
const BLOCK_FROM = /^\*?(from|od|von|de|da|van|från|fra|от|kimden)\s*:\*?\s*\S/i;
const BLOCK_SENT =
  /^\*?(sent|date|odesláno|odeslano|datum|gesendet|envoyé|enviado|inviato|verzonden|skickat|sendt|отправлено|дата|tarih)\s*:/i;
const OUTLOOK_SEPARATOR = /^_{10,}$/;

// Forwarding is not quoting: what follows these is usually the point of the message.
const FORWARD_MARKER =
  /^-{2,}\s*(forwarded message|přeposlaná zpráva|preposlana zprava|weitergeleitete nachricht|message transféré|mensaje reenviado)\s*-{0,}$|^begin forwarded message\s*:$/i;

const QUOTED = /^\s*>/;
const MAX_HEADER_LINE = 1000;

type LineKind = 'quote' | 'blank' | 'text';

interface QuoteHeader {
  index: number;
  /** Lines the header itself takes (an attribution wrapped by the client takes two). */
  length: number;
  /** An attribution ("… wrote:") introduces '>' quotes; the other headers introduce unmarked text. */
  attribution: boolean;
}

/** The reply without its quoted history; the whole text when no history is recognised. */
export function trimQuotedText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kinds = lines.map(classify);
  const header = findQuoteHeader(lines, kinds);

  if (header) {
    const before = lines.slice(0, header.index);
    if (hasContent(before)) {
      return header.attribution && isInlineReply(kinds, header) ? tidy(text) : finish(before, text);
    }
    if (!header.attribution) return tidy(text);
    // History first, then the answer (bottom-posting): keep what follows the quotation.
    let end = header.index + header.length;
    while (end < lines.length && kinds[end] !== 'text') end++;
    return finish(lines.slice(end), text);
  }

  let end = lines.length;
  while (end > 0 && kinds[end - 1] !== 'text') end--;
  const trailingQuote = kinds.slice(end).includes('quote');
  return trailingQuote ? finish(lines.slice(0, end), text) : tidy(text);
}

function classify(line: string): LineKind {
  if (QUOTED.test(line)) return 'quote';
  return line.trim() === '' ? 'blank' : 'text';
}

function findQuoteHeader(lines: readonly string[], kinds: readonly LineKind[]): QuoteHeader | undefined {
  for (let index = 0; index < lines.length; index++) {
    if (kinds[index] !== 'text') continue;
    const line = lines[index]!.trim();
    if (line.length > MAX_HEADER_LINE) continue;
    if (ORIGINAL_MESSAGE.test(line)) return { index, length: 1, attribution: false };
    if (OUTLOOK_SEPARATOR.test(line) && isOutlookBlock(lines, index + 1)) return { index, length: 1, attribution: false };
    if (isOutlookBlock(lines, index)) return { index, length: 1, attribution: false };
    if (isAttribution(line, lines, kinds, index)) return { index, length: 1, attribution: true };
    const next = lines[index + 1]?.trim();
    if (
      next &&
      next.length <= MAX_HEADER_LINE &&
      kinds[index + 1] === 'text' &&
      isAttribution(`${line} ${next}`, lines, kinds, index + 1)
    ) {
      return { index, length: 2, attribution: true };
    }
  }
  return undefined;
}

function isAttribution(line: string, lines: readonly string[], kinds: readonly LineKind[], lastIndex: number): boolean {
  const stripped = line.replace(/^[-\s]+/, '');
  if (!ATTRIBUTION_END.test(stripped)) return false;
  if (ATTRIBUTION_START.test(stripped) || /\d/.test(stripped)) return true;
  // "Jan Novák napsal(a):" with no date: only when a quotation follows.
  let next = lastIndex + 1;
  while (next < lines.length && kinds[next] === 'blank') next++;
  return kinds[next] === 'quote';
}

function isOutlookBlock(lines: readonly string[], index: number): boolean {
  if (!BLOCK_FROM.test(lines[index]?.trim() ?? '')) return false;
  for (let next = index + 1; next <= index + 4 && next < lines.length; next++) {
    if (BLOCK_SENT.test(lines[next]!.trim())) return true;
  }
  return false;
}

// Quoted lines followed by new text after the attribution: the sender answered between the quotes.
function isInlineReply(kinds: readonly LineKind[], header: QuoteHeader): boolean {
  let seenQuote = false;
  for (let index = header.index + header.length; index < kinds.length; index++) {
    if (kinds[index] === 'quote') seenQuote = true;
    else if (kinds[index] === 'text' && seenQuote) return true;
  }
  return false;
}

function hasContent(lines: readonly string[]): boolean {
  return lines.some((line) => line.trim() !== '' && !FORWARD_MARKER.test(line.trim()));
}

function finish(kept: readonly string[], original: string): string {
  const result = tidy(kept.join('\n'));
  return result === '' ? tidy(original) : result;
}

function tidy(text: string): string {
  return text.replace(/^(\s*\n)+/, '').trimEnd();
}
