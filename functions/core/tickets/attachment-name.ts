/**
 * Display names for attachments. The sender chooses the name, so it is data, never a path: it is
 * shown to people and offered as the download name, and it is never part of a storage key.
 */

export const MAX_FILENAME_LENGTH = 150;
const MAX_EXTENSION_LENGTH = 16;

// C0 and C1 controls. Tabs and line breaks (left over from folded headers) become spaces first.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;
// Zero-width and bidirectional formatting characters: "faktura\u202Efdp.exe" displays as "faktura exe.pdf".
const INVISIBLE_CHARACTERS = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const RESERVED_CHARACTERS = /[<>:"/\\|?*]/g;
const WINDOWS_RESERVED_NAME = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

/**
 * Makes a sender-supplied file name safe to show and to offer for download. Returns '' when
 * nothing usable is left (the caller then generates a name, see {@link fallbackFilename}).
 */
export function sanitizeFilename(raw: string | undefined): string {
  if (!raw) return '';
  let name = raw
    .normalize('NFC')
    .replace(/[\t\r\n]+/g, ' ')
    .replace(CONTROL_CHARACTERS, '')
    .replace(INVISIBLE_CHARACTERS, '');
  name = name.split(/[\\/]/).pop() ?? '';
  name = name.replace(RESERVED_CHARACTERS, '');
  name = trimEdges(name);
  if (WINDOWS_RESERVED_NAME.test(name)) name = `_${name}`;
  return truncate(name);
}

/** A generated name for an attachment that came without one, e.g. `priloha-3.pdf` or `zprava.eml`. */
export function fallbackFilename(contentType: string, ordinal: number): string {
  const type = contentType.toLowerCase();
  if (type === 'message/rfc822' || type === 'message/global') return 'zprava.eml';
  return `priloha-${ordinal}.${extensionFor(type)}`;
}

/** The sanitised sender name, or a generated one when the sender gave none (or only junk). */
export function attachmentFilename(raw: string | undefined, contentType: string, ordinal: number): string {
  return sanitizeFilename(raw) || fallbackFilename(contentType, ordinal);
}

/**
 * The name for an attached message: its own subject (as Outlook and Thunderbird name saved
 * messages), else the generated one.
 */
export function messageFilename(subject: string | undefined): string {
  // A subject is not a path: "Objednávka 12/2024" keeps both halves.
  const base = sanitizeFilename(subject?.replace(/[\\/]/g, '-'));
  return base ? truncate(`${base}.eml`) : 'zprava.eml';
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/pjpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/bmp': 'bmp',
  'image/tiff': 'tif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/svg+xml': 'svg',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/csv': 'csv',
  'text/calendar': 'ics',
  'application/ics': 'ics',
  'text/xml': 'xml',
  'application/xml': 'xml',
  'application/json': 'json',
  'text/rtf': 'rtf',
  'application/rtf': 'rtf',
  'text/vcard': 'vcf',
  'text/x-vcard': 'vcf',
  'text/rfc822-headers': 'txt',
  'message/delivery-status': 'txt',
  'message/disposition-notification': 'txt',
  'message/feedback-report': 'txt',
  'application/zip': 'zip',
  'application/x-zip-compressed': 'zip',
  'application/x-7z-compressed': '7z',
  'application/vnd.rar': 'rar',
  'application/x-rar-compressed': 'rar',
  'application/gzip': 'gz',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.ms-powerpoint': 'ppt',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.ms-outlook': 'msg',
  'application/ms-tnef': 'dat',
  'application/vnd.ms-tnef': 'dat',
  'application/pgp-signature': 'asc',
  'application/pgp-encrypted': 'asc',
  'application/pkcs7-signature': 'p7s',
  'application/x-pkcs7-signature': 'p7s',
  'application/pkcs7-mime': 'p7m',
  'application/x-pkcs7-mime': 'p7m',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
};

export function extensionFor(contentType: string): string {
  const type = contentType.toLowerCase();
  return EXTENSIONS[type] ?? (type.startsWith('text/') ? 'txt' : 'bin');
}

/** A content type guessed from a file name's extension (for TNEF files that carry no MIME tag). */
export function contentTypeForFilename(filename: string): string | undefined {
  const dot = filename.lastIndexOf('.');
  if (dot < 0) return undefined;
  const extension = filename.slice(dot + 1).toLowerCase();
  for (const [type, candidate] of Object.entries(EXTENSIONS)) {
    if (candidate === extension && !type.startsWith('message/') && type !== 'text/rfc822-headers') return type;
  }
  if (extension === 'jpeg') return 'image/jpeg';
  if (extension === 'htm') return 'text/html';
  if (extension === 'eml') return 'message/rfc822';
  return undefined;
}

function trimEdges(name: string): string {
  return name.replace(/^[\s.]+/u, '').replace(/[\s.]+$/u, '');
}

function truncate(name: string): string {
  const characters = Array.from(name);
  if (characters.length <= MAX_FILENAME_LENGTH) return name;
  const dot = name.lastIndexOf('.');
  let extension = dot > 0 ? name.slice(dot) : '';
  if (Array.from(extension).length > MAX_EXTENSION_LENGTH + 1 || /\s/u.test(extension)) extension = '';
  const extensionLength = Array.from(extension).length;
  const base = Array.from(name.slice(0, name.length - extension.length))
    .slice(0, MAX_FILENAME_LENGTH - extensionLength)
    .join('');
  return trimEdges(base) + extension;
}
