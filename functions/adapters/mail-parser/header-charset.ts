/**
 * Header text that arrived as raw 8-bit bytes instead of RFC 2047 encoded-words (not allowed, but
 * common from scripts and old clients). The MIME parser hands such text over as one character per
 * byte (latin1), which this turns back into bytes and decodes with the best candidate charset.
 */

/** Whether the text is a one-character-per-byte rendering that holds 8-bit bytes. */
export function holdsRawBytes(text: string): boolean {
  return /[\u0080-\u00ff]/.test(text) && !/[^\u0000-\u00ff]/.test(text);
}

// For a Czech helpdesk the likeliest legacy charset of undeclared 8-bit text.
const FALLBACK_CHARSET = 'windows-1250';

/**
 * Decodes a latin1-per-byte string: as UTF-8 when the bytes are valid UTF-8, else with the first
 * hint that decodes them without error (hints are charsets declared elsewhere in the message),
 * else as windows-1250.
 */
export function decodeRawHeaderText(latin1: string, charsetHints: readonly string[] = []): string {
  const bytes = Uint8Array.from(latin1, (character) => character.charCodeAt(0) & 0xff);
  // A declared US-ASCII says nothing about 8-bit bytes (and WHATWG decodes that label as windows-1252).
  const hints = charsetHints.filter((charset) => !/^(us-?)?ascii$|^utf-?8$/i.test(charset.trim()));
  // Multi-byte charsets reject most byte sequences that are not theirs, single-byte ones accept
  // nearly anything: try the discriminating ones first.
  const ordered = [...hints.filter(isMultiByte), ...hints.filter((charset) => !isMultiByte(charset))];
  for (const charset of ['utf-8', ...ordered, FALLBACK_CHARSET]) {
    const decoded = strictDecode(bytes, charset);
    if (decoded !== undefined) return decoded;
  }
  // Bytes windows-1250 leaves undefined become U+FFFD rather than C1 control characters.
  return new TextDecoder(FALLBACK_CHARSET).decode(bytes);
}

const MULTI_BYTE = new Set(['gbk', 'gb18030', 'big5', 'shift_jis', 'euc-jp', 'euc-kr', 'iso-2022-jp', 'utf-16le', 'utf-16be']);

function isMultiByte(charset: string): boolean {
  try {
    return MULTI_BYTE.has(new TextDecoder(charset.trim().toLowerCase()).encoding);
  } catch {
    return false;
  }
}

function strictDecode(bytes: Uint8Array, charset: string): string | undefined {
  try {
    return new TextDecoder(charset.trim().toLowerCase(), { fatal: true }).decode(bytes);
  } catch {
    return undefined; // an unknown label, or bytes that are not valid in this charset
  }
}
