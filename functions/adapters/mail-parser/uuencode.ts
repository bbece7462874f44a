/**
 * uuencode, the pre-MIME binary encoding that Lotus Notes and old Macs still sent as
 * Content-Transfer-Encoding x-uuencode (mailparser leaves that encoding undecoded).
 */
import { Transform, type TransformCallback } from 'node:stream';

export const UUENCODED_TRANSFER_ENCODINGS: ReadonlySet<string> = new Set(['x-uuencode', 'uuencode', 'x-uue', 'uue']);

/**
 * The bytes of one uuencoded line; empty for the `begin …` and `end` lines, blank lines and the
 * zero-length line that closes the data. A line's first character gives its byte count, then each
 * four characters carry three bytes, six bits apiece.
 */
export function decodeUuLine(line: string): Uint8Array {
  const trimmed = line.replace(/[\r\n]+$/, '');
  if (trimmed === '' || /^(begin(-base64)? [0-7]{3,4} |end\s*$)/.test(trimmed)) return new Uint8Array(0);
  const length = (trimmed.charCodeAt(0) - 32) & 0x3f;
  const bytes = new Uint8Array(length);
  const sextet = (index: number): number => ((trimmed.charCodeAt(index) || 0x20) - 32) & 0x3f;
  for (let written = 0, position = 1; written < length; position += 4) {
    const [a, b, c, d] = [sextet(position), sextet(position + 1), sextet(position + 2), sextet(position + 3)];
    bytes[written++] = (a << 2) | (b >> 4);
    if (written < length) bytes[written++] = ((b & 0x0f) << 4) | (c >> 2);
    if (written < length) bytes[written++] = ((c & 0x03) << 6) | d;
  }
  return bytes;
}

/** Decodes Content-Transfer-Encoding x-uuencode line by line. */
export class UuDecoder extends Transform {
  private pending = '';

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const lines = (this.pending + chunk.toString('latin1')).split('\n');
    this.pending = lines.pop() ?? '';
    if (this.pending.length > 64 * 1024) this.pending = ''; // not uuencode; its lines are 61 characters
    done(null, Buffer.concat(lines.map(decodeUuLine)));
  }

  override _flush(done: TransformCallback): void {
    done(null, Buffer.from(decodeUuLine(this.pending)));
  }
}
