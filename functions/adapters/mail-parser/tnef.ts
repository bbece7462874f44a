/**
 * Decoder for Microsoft TNEF (`winmail.dat`, application/ms-tnef), after [MS-OXTNEF] and, for the
 * compressed RTF body, [MS-OXRTFCP].
 *
 * Why not the `node-tnef` package (1.4.0), which we tried first: requiring it replaces
 * `String.prototype.replaceAll` for the whole process with a RegExp-based version
 * (`'a.b'.replaceAll('.', '-')` becomes `'---'`); it copies the remaining input into a JavaScript
 * number array for every attribute and trusts declared lengths, so the 67 KB `panic.tnef` sample
 * took 9 s and ended in "Invalid array length" (a crafted length makes it allocate until the
 * Lambda runs out of memory); it ignores the MAPI attachment properties, so long file names and
 * data held in PR_ATTACH_DATA_OBJ are lost (11 of MimeKit's 19 TNEF samples came out wrong); and it
 * logs to stdout through bunyan. This decoder works on views of one buffer, checks every length
 * against what is left, and allocates nothing larger than its input.
 */

export interface TnefFile {
  /** Best name the sender's client recorded (long file name, title, 8.3 name, display name), undecorated. */
  filename?: string;
  mimeType?: string;
  contentId?: string;
  /** Outlook marked it as rendered in the body (an inline image). */
  inline: boolean;
  /** An attached Outlook item (ATTACH_EMBEDDED_MSG); `data` is its own TNEF stream. */
  embeddedMessage: boolean;
  data: Uint8Array;
}

export interface TnefBody {
  text?: string;
  html?: string;
  /** Decompressed RTF (PR_RTF_COMPRESSED). */
  rtf?: Uint8Array;
}

export interface TnefContent {
  files: TnefFile[];
  body: TnefBody;
  /** Problems that did not stop decoding (truncated stream, unknown property type, …). */
  warnings: string[];
}

export class TnefError extends Error {
  override name = 'TnefError';
}

export interface TnefLimits {
  /** How deep attached Outlook items are expanded in turn. */
  maxDepth?: number;
  /** Upper bound for one decompressed RTF body. */
  maxRtfBytes?: number;
  /** Attachments read; a stream claiming more is cut short (each costs memory even when empty). */
  maxFiles?: number;
}

const TNEF_SIGNATURE = 0x223e9f78;
const LEVEL_MESSAGE = 1;
const LEVEL_ATTACHMENT = 2;

// Attribute ids (low word of the attribute tag; the high word is the attribute's type).
const ATT_BODY = 0x800c;
const ATT_ATTACH_DATA = 0x800f;
const ATT_ATTACH_TITLE = 0x8010;
const ATT_ATTACH_REND_DATA = 0x9002;
const ATT_MAPI_PROPS = 0x9003;
const ATT_ATTACHMENT = 0x9005;
const ATT_OEM_CODEPAGE = 0x9007;

// MAPI property ids.
const PR_BODY = 0x1000;
const PR_RTF_COMPRESSED = 0x1009;
const PR_BODY_HTML = 0x1013;
const PR_DISPLAY_NAME = 0x3001;
const PR_ATTACH_DATA_OBJ = 0x3701;
const PR_ATTACH_FILENAME = 0x3704;
const PR_ATTACH_METHOD = 0x3705;
const PR_ATTACH_LONG_FILENAME = 0x3707;
const PR_ATTACH_MIME_TAG = 0x370e;
const PR_ATTACH_CONTENT_ID = 0x3712;
const PR_ATTACH_FLAGS = 0x3714;
const PR_INTERNET_CPID = 0x3fde;

// MAPI property types.
const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const PT_OBJECT = 0x000d;
const MV_FLAG = 0x1000;
const FIXED_SIZES: ReadonlyMap<number, number> = new Map([
  [0x0001, 0], // PtypNull
  [0x0002, 2], // PtypInteger16
  [0x0003, 4], // PtypInteger32
  [0x0004, 4], // PtypFloating32
  [0x0005, 8], // PtypFloating64
  [0x0006, 8], // PtypCurrency
  [0x0007, 8], // PtypFloatingTime
  [0x000a, 4], // PtypErrorCode
  [0x000b, 2], // PtypBoolean
  [0x0014, 8], // PtypInteger64
  [0x0040, 8], // PtypTime
  [0x0048, 16], // PtypGuid
]);
const VARIABLE_TYPES: ReadonlySet<number> = new Set([PT_STRING8, PT_UNICODE, PT_OBJECT, 0x0102, 0x00fb]);

const ATTACH_EMBEDDED_MSG = 5;
const ATTACH_FLAG_RENDERED_IN_BODY = 0x4;
const IID_LENGTH = 16;

interface MapiProperty {
  type: number;
  value: Uint8Array;
}

type MapiProperties = Map<number, MapiProperty>;

interface PendingAttachment {
  title?: string;
  data?: Uint8Array;
  props?: MapiProperties;
}

/** Whether `bytes` start with the TNEF signature. */
export function isTnef(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && readU32(bytes, 0) === TNEF_SIGNATURE;
}

/**
 * Decodes a TNEF stream into the files it carries and the message body. Throws {@link TnefError}
 * only when the input is not TNEF at all; a stream that breaks off or carries garbage yields what
 * was decoded before that point, with a warning.
 */
export function decodeTnef(bytes: Uint8Array, limits: TnefLimits = {}): TnefContent {
  if (!isTnef(bytes)) throw new TnefError('not a TNEF stream (signature missing)');
  const maxDepth = limits.maxDepth ?? 2;
  const maxRtfBytes = limits.maxRtfBytes ?? Math.max(1 << 20, bytes.length * 20);
  const maxFiles = limits.maxFiles ?? 1000;
  const result: TnefContent = { files: [], body: {}, warnings: [] };
  decodeStream(bytes, result, { depth: 0, maxDepth, maxRtfBytes, maxFiles });
  return result;
}

interface DecodeContext {
  depth: number;
  maxDepth: number;
  maxRtfBytes: number;
  maxFiles: number;
}

function decodeStream(bytes: Uint8Array, result: TnefContent, context: DecodeContext): void {
  const pending: PendingAttachment[] = [];
  let current: PendingAttachment | undefined;
  let codepage = 1252;
  let messageProps: MapiProperties | undefined;
  let legacyBody: Uint8Array | undefined;
  let offset = 6;

  while (offset < bytes.length) {
    if (offset + 9 > bytes.length) {
      result.warnings.push('TNEF stream truncated inside an attribute header');
      break;
    }
    const level = bytes[offset]!;
    const id = readU16(bytes, offset + 1);
    const length = readU32(bytes, offset + 5);
    const start = offset + 9;
    if (level !== LEVEL_MESSAGE && level !== LEVEL_ATTACHMENT) {
      result.warnings.push(`TNEF attribute with invalid level ${level} at offset ${offset}; rest ignored`);
      break;
    }
    if (length > bytes.length - start - 2) {
      result.warnings.push(`TNEF attribute 0x${id.toString(16)} runs past the end of the stream; rest ignored`);
      break;
    }
    const data = bytes.subarray(start, start + length);
    offset = start + length + 2; // the checksum is not verified: a wrong one costs nothing here

    try {
      if (level === LEVEL_MESSAGE) {
        if (id === ATT_OEM_CODEPAGE && data.length >= 4) codepage = readU32(data, 0);
        else if (id === ATT_MAPI_PROPS) messageProps = readMapiProperties(data, result.warnings);
        else if (id === ATT_BODY) legacyBody = data;
        continue;
      }
      if (id === ATT_ATTACH_REND_DATA || !current) {
        if (pending.length + result.files.length >= context.maxFiles) {
          result.warnings.push(`TNEF stream holds more than ${context.maxFiles} attachments; the rest are ignored`);
          break;
        }
        current = {};
        pending.push(current);
      }
      if (id === ATT_ATTACH_DATA) current.data = data;
      else if (id === ATT_ATTACH_TITLE) current.title = decodeString8(data, codepage);
      else if (id === ATT_ATTACHMENT) current.props = readMapiProperties(data, result.warnings);
    } catch (error) {
      result.warnings.push(`TNEF attribute 0x${id.toString(16)} unreadable: ${(error as Error).message}`);
    }
  }

  if (context.depth === 0) {
    result.body = messageBody(messageProps, legacyBody, codepage, context, result.warnings);
  }
  for (const attachment of pending) {
    const file = toFile(attachment, codepage);
    if (!file) continue;
    if (file.embeddedMessage && context.depth < context.maxDepth && isTnef(file.data)) {
      // An attached Outlook item: keep it whole (as MimeKit does) and also surface the files inside it.
      result.files.push(file);
      decodeStream(file.data, result, { ...context, depth: context.depth + 1 });
      continue;
    }
    result.files.push(file);
  }
}

function toFile(attachment: PendingAttachment, codepage: number): TnefFile | undefined {
  const props = attachment.props ?? new Map<number, MapiProperty>();
  const method = readInt(props.get(PR_ATTACH_METHOD));
  const dataObject = props.get(PR_ATTACH_DATA_OBJ);
  let data = attachment.data;
  if (!data && dataObject) {
    data = dataObject.type === PT_OBJECT ? dataObject.value.subarray(Math.min(IID_LENGTH, dataObject.value.length)) : dataObject.value;
  }
  if (!data) return undefined; // by reference, or a rendering record without content
  const filename = firstNonEmpty(
    propString(props.get(PR_ATTACH_LONG_FILENAME), codepage),
    attachment.title,
    propString(props.get(PR_ATTACH_FILENAME), codepage),
    propString(props.get(PR_DISPLAY_NAME), codepage),
  );
  const mimeType = propString(props.get(PR_ATTACH_MIME_TAG), codepage)?.trim().toLowerCase();
  const contentId = propString(props.get(PR_ATTACH_CONTENT_ID), codepage)?.trim().replace(/^<|>$/g, '');
  const flags = readInt(props.get(PR_ATTACH_FLAGS)) ?? 0;
  return {
    ...(filename !== undefined ? { filename } : {}),
    ...(mimeType ? { mimeType } : {}),
    ...(contentId ? { contentId } : {}),
    inline: (flags & ATTACH_FLAG_RENDERED_IN_BODY) !== 0,
    embeddedMessage: method === ATTACH_EMBEDDED_MSG,
    data,
  };
}

function messageBody(
  props: MapiProperties | undefined,
  legacyBody: Uint8Array | undefined,
  codepage: number,
  context: DecodeContext,
  warnings: string[],
): TnefBody {
  const body: TnefBody = {};
  const text = propString(props?.get(PR_BODY), codepage) ?? (legacyBody ? decodeString8(legacyBody, codepage) : undefined);
  if (text?.trim()) body.text = text;
  const html = props?.get(PR_BODY_HTML);
  if (html) {
    const htmlCodepage = readInt(props?.get(PR_INTERNET_CPID)) ?? codepage;
    const decoded = html.type === PT_UNICODE ? decodeUtf16(html.value) : decodeString8(html.value, htmlCodepage);
    if (decoded.trim()) body.html = decoded;
  }
  const rtf = props?.get(PR_RTF_COMPRESSED);
  if (rtf) {
    try {
      body.rtf = decompressRtf(rtf.value, context.maxRtfBytes);
    } catch (error) {
      warnings.push(`TNEF RTF body unreadable: ${(error as Error).message}`);
    }
  }
  return body;
}

function readMapiProperties(data: Uint8Array, warnings: string[]): MapiProperties {
  const props: MapiProperties = new Map();
  if (data.length < 4) return props;
  const count = readU32(data, 0);
  let offset = 4;
  try {
    for (let index = 0; index < count && offset < data.length; index++) {
      need(data, offset, 4);
      const type = readU16(data, offset);
      const id = readU16(data, offset + 2);
      offset += 4;
      if (id >= 0x8000) {
        // Named property: GUID, kind, then a numeric id or a UTF-16 name. Skipped, we use none.
        need(data, offset, 20);
        const kind = readU32(data, offset + 16);
        offset += 20;
        if (kind === 0) {
          need(data, offset, 4);
          offset += 4;
        } else {
          need(data, offset, 4);
          const nameLength = readU32(data, offset);
          offset += 4;
          need(data, offset, nameLength);
          offset += nameLength + padding(nameLength);
        }
      }
      const baseType = type & ~MV_FLAG;
      const fixedSize = FIXED_SIZES.get(baseType);
      const variable = VARIABLE_TYPES.has(baseType);
      if (fixedSize === undefined && !variable) {
        warnings.push(`TNEF property 0x${id.toString(16)} has unknown type 0x${type.toString(16)}; remaining properties ignored`);
        break;
      }
      let valueCount = 1;
      if ((type & MV_FLAG) !== 0 || variable) {
        need(data, offset, 4);
        valueCount = readU32(data, offset);
        offset += 4;
        // Every value takes at least four bytes, so a count beyond that is a lie, not a big property.
        if (valueCount > (data.length - offset) / 4 + 1) throw new TnefError(`property 0x${id.toString(16)} claims ${valueCount} values`);
      }
      let first: Uint8Array | undefined;
      for (let valueIndex = 0; valueIndex < valueCount; valueIndex++) {
        let size = fixedSize ?? 0;
        if (variable) {
          need(data, offset, 4);
          size = readU32(data, offset);
          offset += 4;
        }
        need(data, offset, size);
        first ??= data.subarray(offset, offset + size);
        offset += size + padding(size);
      }
      if (first && !props.has(id)) props.set(id, { type: baseType, value: first });
    }
  } catch (error) {
    warnings.push(`TNEF properties cut short: ${(error as Error).message}`);
  }
  return props;
}

// First 207 bytes of the LZFu dictionary, fixed by [MS-OXRTFCP] 2.1.3.1.
const RTF_PREBUF =
  '{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx';
const RTF_COMPRESSED = 0x75465a4c; // "LZFu"
const RTF_UNCOMPRESSED = 0x414c454d; // "MELA"

/** Decompresses a PR_RTF_COMPRESSED value ([MS-OXRTFCP]); output is capped at `maxBytes`. */
export function decompressRtf(data: Uint8Array, maxBytes: number): Uint8Array {
  if (data.length < 16) throw new TnefError('compressed RTF header truncated');
  const compressedSize = readU32(data, 0);
  const rawSize = readU32(data, 4);
  const magic = readU32(data, 8);
  const outputSize = Math.min(rawSize, maxBytes);
  if (magic === RTF_UNCOMPRESSED) return data.subarray(16, 16 + outputSize);
  if (magic !== RTF_COMPRESSED) throw new TnefError('unknown RTF compression');
  const dictionary = new Uint8Array(4096);
  for (let index = 0; index < RTF_PREBUF.length; index++) dictionary[index] = RTF_PREBUF.charCodeAt(index);
  let writePosition = RTF_PREBUF.length;
  const output = new Uint8Array(outputSize);
  let written = 0;
  let input = 16;
  const end = Math.min(data.length, 4 + compressedSize);
  const emit = (byte: number): void => {
    output[written++] = byte;
    dictionary[writePosition] = byte;
    writePosition = (writePosition + 1) & 0xfff;
  };
  while (input < end && written < outputSize) {
    const control = data[input++]!;
    for (let bit = 0; bit < 8 && input < end && written < outputSize; bit++) {
      if ((control & (1 << bit)) === 0) {
        emit(data[input++]!);
        continue;
      }
      if (input + 1 >= end) return output.subarray(0, written);
      const reference = (data[input]! << 8) | data[input + 1]!;
      input += 2;
      const referenceOffset = reference >> 4;
      if (referenceOffset === writePosition) return output.subarray(0, written);
      const length = (reference & 0xf) + 2;
      for (let index = 0; index < length && written < outputSize; index++) {
        emit(dictionary[(referenceOffset + index) & 0xfff]!);
      }
    }
  }
  return output.subarray(0, written);
}

function propString(prop: MapiProperty | undefined, codepage: number): string | undefined {
  if (!prop) return undefined;
  if (prop.type === PT_UNICODE) return decodeUtf16(prop.value);
  if (prop.type === PT_STRING8 || prop.type === 0x0102) return decodeString8(prop.value, codepage);
  return undefined;
}

function readInt(prop: MapiProperty | undefined): number | undefined {
  if (!prop || prop.value.length < 2) return undefined;
  return prop.value.length >= 4 ? readU32(prop.value, 0) : readU16(prop.value, 0);
}

function decodeUtf16(bytes: Uint8Array): string {
  return stripNul(new TextDecoder('utf-16le').decode(bytes));
}

function decodeString8(bytes: Uint8Array, codepage: number): string {
  return stripNul(new TextDecoder(codepageLabel(codepage)).decode(bytes));
}

const CODEPAGES: ReadonlyMap<number, string> = new Map([
  [437, 'ibm866'], // no CP437 decoder in WHATWG; only its letters differ, and titles are rarely non-ASCII
  [866, 'ibm866'],
  [874, 'windows-874'],
  [932, 'shift_jis'],
  [936, 'gbk'],
  [949, 'euc-kr'],
  [950, 'big5'],
  [1200, 'utf-16le'],
  [20866, 'koi8-r'],
  [21866, 'koi8-u'],
  [50220, 'iso-2022-jp'],
  [51932, 'euc-jp'],
  [65001, 'utf-8'],
]);

function codepageLabel(codepage: number): string {
  if (codepage >= 1250 && codepage <= 1258) return `windows-${codepage}`;
  if (codepage >= 28591 && codepage <= 28599) return `iso-8859-${codepage - 28590}`;
  return CODEPAGES.get(codepage) ?? 'windows-1252';
}

function stripNul(text: string): string {
  const end = text.indexOf('\u0000');
  return end === -1 ? text : text.slice(0, end);
}

function firstNonEmpty(...values: (string | undefined)[]): string | undefined {
  return values.find((value) => value !== undefined && value.trim() !== '');
}

function need(data: Uint8Array, offset: number, length: number): void {
  if (length > data.length - offset) throw new TnefError('property runs past the end of its attribute');
}

function padding(length: number): number {
  return (4 - (length % 4)) % 4;
}

function readU16(bytes: Uint8Array, offset: number): number {
  return bytes[offset]! | (bytes[offset + 1]! << 8);
}

function readU32(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0;
}
