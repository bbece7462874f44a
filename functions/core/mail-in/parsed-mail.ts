/**
 * What the parsing stage of inbound mail produces, and the storage it streams attachments into.
 * Implemented by functions/adapters/mail-parser.ts; used by the inbound flow in core.
 */
import type { Readable } from 'node:stream';
import type { AutoReplyVerdict } from './auto-reply';

export interface AttachmentSink {
  /** Stores one attachment. Must consume `body` to its end (or fail); it is the attachment's only copy. */
  put(key: string, body: Readable, meta: { contentType: string; filename: string }): Promise<void>;
}

export interface ParsedAttachment {
  id: string;
  /** `keyFor(id)`: generated, never derived from the sender's file name. */
  key: string;
  /** Decoded (RFC 2047/2231) and sanitised display name. */
  filename: string;
  /** As declared by the sender (we never execute attachments; see `detectedType`). */
  contentType: string;
  size: number;
  /** Hex SHA-256 of the exact decoded bytes. */
  sha256: string;
  /** What the first bytes look like, when we recognise the format. */
  detectedType?: string;
  contentId?: string;
  inline: boolean;
  /** `tnef`: expanded from winmail.dat; `rfc822`: an attached message kept whole as .eml. */
  origin: 'part' | 'tnef' | 'rfc822';
}

export interface ParsedMail {
  /** Bare ids, without angle brackets; comparing them case-insensitively is the caller's choice. */
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  from?: { address: string; name?: string };
  replyTo: string[];
  to: string[];
  cc: string[];
  subject: string;
  /** ISO 8601, when the Date header could be read. */
  date?: string;
  autoReply: AutoReplyVerdict;
  /** Full text: the text/plain parts, or the HTML converted to text when there are none. */
  text: string;
  /** `text` with the quoted history cut off. */
  textForDisplay: string;
  attachments: ParsedAttachment[];
  /** Problems with the message that did not stop parsing ("attachment limit reached", …). */
  warnings: string[];
  /** Set when the message held more attachments than `maxAttachments`: how many were left unstored (they stay in the raw mail). */
  attachmentsOverLimit?: { skipped: number; limit: number };
}

export interface MailParseLimits {
  /** Attachments stored per message; the rest are skipped with a warning. */
  maxAttachments?: number;
  /** Largest single attachment stored; larger ones are dropped with a warning. */
  maxAttachmentBytes?: number;
  /** Largest winmail.dat that is expanded (it has to be held in memory); larger ones are kept as is. */
  maxTnefBytes?: number;
}

export interface ParseMailOptions {
  sink: AttachmentSink;
  keyFor(id: string): string;
  newId(): string;
  limits?: MailParseLimits;
}
