import { Transform, type TransformCallback } from 'node:stream';

/**
 * Notes the charsets a message declares (in its first 256 KB), as candidates for header text that
 * arrived as raw 8-bit bytes. Passes the bytes through unchanged.
 */
export class DeclaredCharsets extends Transform {
  readonly charsets: string[] = [];
  private scanned = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.scanned < 256 * 1024 && this.charsets.length < 8) {
      this.scanned += chunk.length;
      for (const match of chunk.toString('latin1').matchAll(/charset\s*=\s*"?([a-z0-9_.:-]{2,40})/gi)) {
        const charset = match[1]!.toLowerCase();
        if (!this.charsets.includes(charset)) this.charsets.push(charset);
      }
    }
    done(null, chunk);
  }
}
