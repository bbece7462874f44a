import { MailParser, type AttachmentStream, type Headers, type MessageText } from 'mailparser';
import { decodeRawHeaderText, holdsRawBytes } from './header-charset';
import { headerFields } from './mail-headers';

export function containsHeaderEnd(head: Buffer): boolean {
  return head.includes('\n\n') || head.includes('\r\n\r\n');
}

/** The decoded Subject of an attached message, from its head (mailparser decodes it for us). */
export async function subjectOf(head: Buffer, charsetHints: readonly string[]): Promise<string | undefined> {
  const end =
    head.indexOf('\n\n') !== -1 ? head.indexOf('\n\n') + 2 : head.indexOf('\r\n\r\n') !== -1 ? head.indexOf('\r\n\r\n') + 4 : head.length;
  const parser = new MailParser({ skipHtmlToText: true, skipTextToHtml: true, checksumAlgo: false });
  let headers: Headers = new Map();
  parser.once('headers', (parsed) => (headers = parsed));
  const subject = new Promise<string | undefined>((resolve) => {
    // mailparser emits 'headerLines' right after 'headers'
    parser.once('headerLines', (lines) => resolve(decodedSubject(headers, headerFields(lines), charsetHints) || undefined));
    parser.once('error', () => resolve(undefined));
    parser.once('end', () => resolve(undefined));
  });
  parser.on('data', (item: AttachmentStream | MessageText) => {
    if (item.type === 'attachment') {
      item.content.resume();
      item.release?.();
    }
  });
  parser.end(head.subarray(0, end));
  return subject;
}

/**
 * The Subject as mailparser decoded it, except when it was raw 8-bit bytes in a charset other than
 * UTF-8 (mailparser turns those into U+FFFD): then decoded again from the raw header line.
 */
export function decodedSubject(headers: Headers, fields: ReadonlyMap<string, readonly string[]>, charsetHints: readonly string[]): string {
  const decoded = headers.get('subject');
  const subject = typeof decoded === 'string' ? decoded : '';
  const raw = fields.get('subject')?.[0];
  if (raw && subject.includes('\uFFFD') && holdsRawBytes(raw) && !/=\?[^?]+\?[bq]\?/i.test(raw)) {
    return decodeRawHeaderText(raw.trim(), charsetHints).replace(/\s+/g, ' ');
  }
  return subject;
}
