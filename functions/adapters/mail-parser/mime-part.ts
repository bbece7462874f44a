import type { Readable } from 'node:stream';
import type { AttachmentStream, Headers, StructuredHeader } from 'mailparser';
import { UuDecoder, UUENCODED_TRANSFER_ENCODINGS } from './uuencode';

const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** The attachment's bytes, with the one transfer encoding mailparser leaves undecoded (x-uuencode) decoded. */
export function decodedContent(attachment: AttachmentStream): Readable {
  const transferEncoding = attachment.headers.get('content-transfer-encoding');
  if (typeof transferEncoding !== 'string' || !UUENCODED_TRANSFER_ENCODINGS.has(transferEncoding.trim().toLowerCase()))
    return attachment.content;
  const decoder = new UuDecoder();
  attachment.content.on('error', (error: Error) => decoder.destroy(error));
  return attachment.content.pipe(decoder);
}

export function isTnefPart(attachment: AttachmentStream): boolean {
  const type = typeof attachment.contentType === 'string' ? attachment.contentType.toLowerCase() : '';
  const name = (attachment.filename ?? '').trim().toLowerCase();
  return type === 'application/ms-tnef' || type === 'application/vnd.ms-tnef' || name === 'winmail.dat' || name === 'win.dat';
}

export function declaredContentType(attachment: AttachmentStream): string {
  const declared = attachment.headers.get('content-type') as StructuredHeader | undefined;
  return validContentType(declared?.value) ?? validContentType(attachment.contentType) ?? 'application/octet-stream';
}

export function validContentType(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const type = value.trim().toLowerCase();
  return CONTENT_TYPE.test(type) ? type : undefined;
}

export function headerParam(headers: Headers, name: string, param: string): string | undefined {
  const value = headers.get(name) as StructuredHeader | undefined;
  const found = value?.params?.[param];
  return typeof found === 'string' && found !== '' ? found : undefined;
}
