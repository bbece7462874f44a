/**
 * Recognises a few file formats by their first bytes. We keep the type the sender declared (we
 * never execute or render attachments), but record what the bytes look like so that staff can be
 * warned about, say, a ZIP archive declared as a PNG picture.
 */

export const SNIFF_BYTES = 16;

interface Signature {
  type: string;
  bytes: readonly number[];
  offset?: number;
}

const SIGNATURES: readonly Signature[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] }, // GIF8
  { type: 'image/webp', bytes: [0x57, 0x45, 0x42, 0x50], offset: 8 }, // RIFF....WEBP
  { type: 'image/tiff', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { type: 'image/tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { type: 'application/zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { type: 'application/zip', bytes: [0x50, 0x4b, 0x05, 0x06] },
  { type: 'application/vnd.rar', bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },
  { type: 'application/x-7z-compressed', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { type: 'application/gzip', bytes: [0x1f, 0x8b] },
  { type: 'application/x-ole-storage', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { type: 'application/rtf', bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66] }, // {\rtf
  { type: 'application/ms-tnef', bytes: [0x78, 0x9f, 0x3e, 0x22] },
  { type: 'application/x-msdownload', bytes: [0x4d, 0x5a] }, // MZ: Windows executable
  { type: 'application/x-executable', bytes: [0x7f, 0x45, 0x4c, 0x46] }, // ELF
];

/** The format the first bytes reveal, or undefined when they match none we know. */
export function sniffContentType(head: Uint8Array): string | undefined {
  return SIGNATURES.find(({ bytes, offset = 0 }) => bytes.every((byte, index) => head[offset + index] === byte))?.type;
}

// Declared types that are honest names for a sniffed container format.
const COMPATIBLE: Readonly<Record<string, readonly RegExp[]>> = {
  'application/zip': [
    /zip/,
    /openxmlformats/,
    /opendocument/,
    /^application\/(java-archive|epub\+zip|vnd\.android\.package-archive)$/,
    /^application\/x-(xpinstall|apple-numbers)/,
  ],
  'application/x-ole-storage': [/^application\/(msword|vnd\.ms-|vnd\.visio|x-msi|x-ole|cdfv2)/],
  'application/ms-tnef': [/tnef/],
  'application/rtf': [/rtf/, /^application\/msword$/],
  'image/jpeg': [/^image\/p?jpe?g$/],
  'application/gzip': [/gzip/, /^application\/x-(tar|compressed-tar)$/],
};

// Declarations that say nothing about the format, so no content can contradict them.
const GENERIC_TYPES = /^(application\/(octet-stream|binary|unknown|x-download|force-download|download)|binary\/octet-stream)$/;

/** Whether the sniffed type contradicts the declared one (a generic declaration never does). */
export function contradictsDeclaredType(declared: string, sniffed: string): boolean {
  const type = declared.toLowerCase();
  if (type === sniffed || GENERIC_TYPES.test(type)) return false;
  return !(COMPATIBLE[sniffed] ?? []).some((pattern) => pattern.test(type));
}
