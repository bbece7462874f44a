/**
 * The parsing stage of inbound mail: raw RFC 5322 bytes in; headers, text and attachment metadata
 * out, with every attachment streamed to an {@link AttachmentSink} as it is decoded.
 *
 * Built on mailparser's streaming `MailParser` (not `simpleParser`, which buffers every attachment
 * whole): each attachment's decoded bytes flow through a hashing meter into `sink.put`, and the
 * parser does not move on until the sink has consumed them, so memory stays flat however large the
 * attachments are. A message is never rejected: whatever goes wrong with its content ends up in
 * `warnings` and the caller keeps the raw message. The only errors this throws are infrastructure
 * failures, so that the caller can retry: one raised by the sink itself (a storage failure), or the
 * raw stream failing (a read of the stored message cut off): half a message is not the message.
 */
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { MailParser, type AttachmentStream, type HeaderLines, type Headers, type MessageText } from 'mailparser';
import { attachmentFilename, contentTypeForFilename, messageFilename, sanitizeFilename } from '../../core/tickets/attachment-name';
import { detectAutoReply } from '../../core/mail-in/auto-reply';
import type { MailParseLimits, ParsedAttachment, ParsedMail, ParseMailOptions } from '../../core/mail-in/parsed-mail';
import { trimQuotedText } from '../../core/mail-in/quoted-text';
import { addressList, firstAddress } from './addresses';
import { AttachmentMeter } from './attachment-meter';
import { contradictsDeclaredType, sniffContentType } from './content-sniff';
import { DeclaredCharsets } from './declared-charsets';
import { decodeRawHeaderText, holdsRawBytes } from './header-charset';
import { htmlToText } from './html-to-text';
import { LineEndingNormaliser } from './line-endings';
import { boundReferences, headerFields, messageIds, parseDate, withoutControlCharacters } from './mail-headers';
import { declaredContentType, decodedContent, headerParam, isTnefPart, validContentType } from './mime-part';
import { abandon, readAhead } from './read-ahead';
import { containsHeaderEnd, decodedSubject, subjectOf } from './subject';
import { decodeTnef, type TnefBody, type TnefFile } from './tnef';

export type { AttachmentSink, MailParseLimits, ParsedAttachment, ParsedMail, ParseMailOptions } from '../../core/mail-in/parsed-mail';

/** A failure of the attachment sink (storage) or of the caller's id callbacks, as opposed to a problem with the message. */
export class AttachmentSinkError extends Error {
  override name = 'AttachmentSinkError';
}

/** The raw message could not be read to its end (its store, not its content, failed); nothing parsed from it may be filed. */
export class RawReadError extends Error {
  override name = 'RawReadError';
}

const DEFAULT_LIMITS: Required<MailParseLimits> = {
  maxAttachments: 500,
  maxAttachmentBytes: 40 * 1024 * 1024, // SES delivers at most 40 MB, so this only bounds the unexpected
  maxTnefBytes: 20 * 1024 * 1024,
};

// mailsplit refuses messages with more than 1000 MIME parts by default, and then the text is lost
// with them. Memory per part is small (~1 KB), so allow far more; past this the message is still
// kept raw and what was parsed so far is returned.
const MAX_MIME_PARTS = 20_000;
const MAX_REFERENCES = 100;
const MAX_CONTENT_ID_LENGTH = 998;
// How much of an attached message is read ahead to name it after its Subject.
const MESSAGE_HEAD_BYTES = 64 * 1024;

/** Parses one raw message. Never rejects because of the message's content; see the module comment. */
export async function parseMail(raw: Readable, options: ParseMailOptions): Promise<ParsedMail> {
  return new InboundParse(options).run(raw);
}

class InboundParse {
  private readonly limits: Required<MailParseLimits>;
  private readonly warnings: string[] = [];
  private readonly attachments: ParsedAttachment[] = [];
  private readonly tnefBodies: TnefBody[] = [];
  private readonly declaredCharsets = new DeclaredCharsets();
  private readonly lineEndings = new LineEndingNormaliser();
  private headers: Headers = new Map();
  private headerLines: HeaderLines = [];
  private skippedAttachments = 0;
  private currentContent: Readable | undefined;
  private readError: Error | undefined;

  constructor(private readonly options: ParseMailOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...definedOnly(options.limits) };
  }

  async run(raw: Readable): Promise<ParsedMail> {
    const parser = new MailParser({
      // By default mailparser opens an attached message that is inline and 7bit/8bit: its text joins
      // ours and its attachments become ours. We keep every attached message whole, as an .eml file.
      ignoreEmbedded: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
      checksumAlgo: false, // we hash with SHA-256 ourselves
      maxChildNodes: MAX_MIME_PARTS,
    });
    parser.on('headers', (headers) => (this.headers = headers));
    parser.on('headerLines', (lines) => (this.headerLines = lines));
    // The loop below may be waiting on the sink for an attachment that will now never end.
    parser.on('error', (error: Error) => this.currentContent?.destroy(error));
    raw.on('error', (error: Error) => {
      this.readError = error;
      this.declaredCharsets.end();
    });
    raw.pipe(this.declaredCharsets).pipe(this.lineEndings).pipe(parser);

    let messageText: MessageText | undefined;
    try {
      for await (const item of parser as AsyncIterable<AttachmentStream | MessageText>) {
        if (item.type === 'text') messageText = item;
        else await this.handleAttachment(item);
      }
    } catch (error) {
      if (error instanceof AttachmentSinkError) {
        abandon(raw, this.declaredCharsets);
        throw error;
      }
      this.warn(`malformed MIME, parsing stopped early: ${errorMessage(error)}`);
      abandon(raw, this.declaredCharsets);
    }
    if (this.readError) throw new RawReadError(`reading the raw message failed: ${this.readError.message}`, { cause: this.readError });
    const text = await this.bodyText(messageText);
    return this.result(text);
  }

  /** The message text; from the winmail.dat when that holds the only body (RTF is kept as a file). */
  private async bodyText(messageText: MessageText | undefined): Promise<string> {
    if (messageText?.textConversionError) this.warn(`HTML body could not be converted to text: ${messageText.textConversionError.message}`);
    const text = messageText?.text ?? '';
    if (text.trim() !== '') return text;
    for (const body of this.tnefBodies) {
      const tnefText = body.text ?? (body.html !== undefined ? await htmlToText(body.html) : undefined);
      if (tnefText?.trim()) return tnefText;
    }
    const rtf = this.tnefBodies.find((body) => body.rtf)?.rtf;
    if (rtf && this.attachments.length < this.limits.maxAttachments) {
      await this.storeBytes(rtf, { filename: 'zprava.rtf', contentType: 'application/rtf', inline: false, origin: 'tnef' });
      this.warn('the message text is only in RTF form inside winmail.dat; kept as zprava.rtf');
    }
    return text;
  }

  private async handleAttachment(attachment: AttachmentStream): Promise<void> {
    const content = attachment.content;
    // An 'error' event without a listener would end the process; errors surface through the meter.
    content.on('error', () => undefined);
    this.currentContent = content;
    try {
      if (this.attachments.length >= this.limits.maxAttachments) {
        this.skippedAttachments++;
        return;
      }
      if (isTnefPart(attachment)) await this.expandTnef(attachment);
      else await this.storePart(attachment);
    } catch (error) {
      if (error instanceof AttachmentSinkError) throw error;
      this.warn(`an attachment could not be read: ${errorMessage(error)}`);
    } finally {
      this.currentContent = undefined;
      content.unpipe();
      content.resume(); // discards whatever was not consumed, so the parser can go on
      attachment.release?.();
    }
  }

  private async storePart(attachment: AttachmentStream, prefix?: Buffer, ended = false): Promise<void> {
    const contentType = declaredContentType(attachment);
    const isMessage = contentType === 'message/rfc822' || contentType === 'message/global';
    let name = this.partFilename(attachment);
    let head = prefix;
    let headEnded = ended;
    if (!name && isMessage && !head) {
      ({ head, ended: headEnded } = await readAhead(attachment.content, MESSAGE_HEAD_BYTES, containsHeaderEnd));
      const description = attachment.headers.get('content-description');
      name = messageFilename((await subjectOf(head, this.charsetHints())) || (typeof description === 'string' ? description : undefined));
    }
    const filename = attachmentFilename(name, contentType, this.attachments.length + 1);
    const contentId = attachment.cid?.slice(0, MAX_CONTENT_ID_LENGTH) || undefined;
    const inline = attachment.contentDisposition === 'inline' || (!attachment.contentDisposition && attachment.related === true);
    await this.store(head ? attachment.content : decodedContent(attachment), head, headEnded, {
      filename,
      contentType,
      inline,
      origin: isMessage ? 'rfc822' : 'part',
      ...(contentId ? { contentId } : {}),
    });
  }

  private async expandTnef(attachment: AttachmentStream): Promise<void> {
    const label = sanitizeFilename(attachment.filename) || 'winmail.dat';
    const limit = this.limits.maxTnefBytes;
    const { head, ended } = await readAhead(attachment.content, limit + 1);
    if (!ended || head.length > limit) {
      this.warn(`${label} is larger than ${limit} bytes; kept as is, not expanded`);
      return this.storePart(attachment, head, ended);
    }
    let files: TnefFile[];
    try {
      const tnef = decodeTnef(head);
      files = tnef.files;
      this.tnefBodies.push(tnef.body);
      for (const warning of tnef.warnings) this.warn(`${label}: ${warning}`);
    } catch (error) {
      this.warn(`${label} could not be expanded (${errorMessage(error)}); kept as is`);
      return this.storePart(attachment, head, true);
    }
    for (const file of files) {
      if (this.attachments.length >= this.limits.maxAttachments) {
        this.skippedAttachments++;
        continue;
      }
      const filename = attachmentFilename(file.filename, file.mimeType ?? 'application/octet-stream', this.attachments.length + 1);
      const contentType = file.embeddedMessage
        ? 'application/vnd.ms-tnef'
        : (validContentType(file.mimeType) ?? contentTypeForFilename(filename) ?? 'application/octet-stream');
      await this.storeBytes(file.data, {
        filename,
        contentType,
        inline: file.inline,
        origin: 'tnef',
        ...(file.contentId ? { contentId: file.contentId } : {}),
      });
    }
  }

  private async storeBytes(bytes: Uint8Array, meta: AttachmentMeta): Promise<void> {
    const source = Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)], { objectMode: false });
    await this.store(source, undefined, false, meta);
  }

  /** Streams `prefix` then the rest of `content` through a meter into the sink, and records the result. */
  private async store(content: Readable, prefix: Buffer | undefined, contentEnded: boolean, meta: AttachmentMeta): Promise<void> {
    let id: string;
    let key: string;
    try {
      id = this.options.newId();
      key = this.options.keyFor(id);
    } catch (error) {
      // The caller's own callbacks failing is not a problem with the message.
      throw new AttachmentSinkError(`naming attachment "${meta.filename}" failed: ${errorMessage(error)}`, { cause: error });
    }
    const meter = new AttachmentMeter(this.limits.maxAttachmentBytes);
    content.on('error', (error: Error) => meter.destroy(error));
    if (prefix?.length) meter.write(prefix);
    if (contentEnded) meter.end();
    else content.pipe(meter);

    try {
      await this.options.sink.put(key, meter, { contentType: meta.contentType, filename: meta.filename });
    } catch (error) {
      if (meter.problem) {
        this.warn(`attachment "${meta.filename}" not stored: ${meter.problem}`);
        return;
      }
      throw new AttachmentSinkError(`storing attachment "${meta.filename}" failed: ${errorMessage(error)}`, { cause: error });
    }
    if (!meter.readableEnded) {
      this.warn(`attachment "${meta.filename}": the sink returned before reading it to the end`);
      meter.resume();
    }
    try {
      await finished(meter);
    } catch (error) {
      this.warn(`attachment "${meta.filename}" is incomplete: ${errorMessage(error)}`);
    }
    const detectedType = sniffContentType(meter.head);
    if (detectedType && contradictsDeclaredType(meta.contentType, detectedType)) {
      this.warn(`attachment "${meta.filename}" is declared ${meta.contentType} but its content looks like ${detectedType}`);
    }
    this.attachments.push({
      id,
      key,
      filename: meta.filename,
      contentType: meta.contentType,
      size: meter.size,
      sha256: meter.digest(),
      ...(detectedType ? { detectedType } : {}),
      ...(meta.contentId ? { contentId: meta.contentId } : {}),
      inline: meta.inline,
      origin: meta.origin,
    });
  }

  /** The sender's file name, decoded; '' when there is none. */
  private partFilename(attachment: AttachmentStream): string {
    const name = attachment.filename ?? '';
    // mailparser's copy of the headers decodes raw 8-bit UTF-8 correctly; its filename field does not.
    const fromHeaders =
      headerParam(attachment.headers, 'content-disposition', 'filename') ?? headerParam(attachment.headers, 'content-type', 'name');
    if (fromHeaders && !fromHeaders.includes('\uFFFD')) return fromHeaders;
    if (holdsRawBytes(name))
      return decodeRawHeaderText(name, [headerParam(attachment.headers, 'content-type', 'charset') ?? '', ...this.charsetHints()]);
    return name;
  }

  private charsetHints(): string[] {
    const root = headerParam(this.headers, 'content-type', 'charset');
    return [...(root ? [root] : []), ...this.declaredCharsets.charsets];
  }

  private result(text: string): ParsedMail {
    if (this.skippedAttachments > 0) {
      this.warn(`attachment limit reached (${this.limits.maxAttachments}); ${this.skippedAttachments} attachments not stored`);
    }
    if (this.lineEndings.converted) this.warn('bare CR line endings were read as CRLF');
    const fields = headerFields(this.headerLines);
    const subject = this.subject(fields);
    const from = firstAddress(this.headers.get('from'));
    // The sender check trusts From: say so when it is ambiguous.
    if ((fields.get('from')?.length ?? 0) > 1) this.warn(`${fields.get('from')!.length} From headers; the first is used`);
    else if (addressList(this.headers.get('from')).length > 1) this.warn('the From header holds several addresses; the first is used');
    return {
      ...optional('messageId', messageIds(fields.get('message-id') ?? [])[0]),
      ...optional('inReplyTo', messageIds(fields.get('in-reply-to') ?? [])[0]),
      references: boundReferences(messageIds(fields.get('references') ?? []), MAX_REFERENCES),
      ...(from ? { from } : {}),
      replyTo: addressList(this.headers.get('reply-to')),
      to: addressList(this.headers.get('to')),
      cc: addressList(this.headers.get('cc')),
      subject,
      ...optional('date', parseDate(fields.get('date')?.[0])),
      autoReply: detectAutoReply({ headers: fields, subject, ...(from ? { from: from.address } : {}) }),
      text,
      textForDisplay: trimQuotedText(text),
      attachments: this.attachments,
      warnings: [...new Set(this.warnings)],
      ...(this.skippedAttachments > 0 && { attachmentsOverLimit: { skipped: this.skippedAttachments, limit: this.limits.maxAttachments } }),
    };
  }

  private subject(fields: ReadonlyMap<string, readonly string[]>): string {
    return withoutControlCharacters(decodedSubject(this.headers, fields, this.charsetHints()));
  }

  private warn(message: string): void {
    this.warnings.push(message);
  }
}

interface AttachmentMeta {
  filename: string;
  contentType: string;
  contentId?: string;
  inline: boolean;
  origin: ParsedAttachment['origin'];
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function definedOnly(limits: MailParseLimits | undefined): MailParseLimits {
  return Object.fromEntries(Object.entries(limits ?? {}).filter(([, value]) => value !== undefined));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
