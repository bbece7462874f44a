import { Transform, type TransformCallback } from 'node:stream';

/**
 * Reads a message whose lines end in a lone CR (old Mac files) as if they ended in CRLF; the MIME
 * parser only knows LF and CRLF. Decided once, by the first line ending, so that stray CR bytes in
 * an ordinary message are left alone.
 */
export class LineEndingNormaliser extends Transform {
  converted = false;
  private mode: 'detect' | 'pass' | 'convert' = 'detect';
  private crAtChunkEnd = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.mode === 'detect') this.detect(chunk);
    done(null, this.mode === 'convert' ? this.convert(chunk) : chunk);
  }

  override _flush(done: TransformCallback): void {
    done(null, this.mode === 'convert' && this.crAtChunkEnd ? Buffer.from('\n') : undefined);
  }

  private detect(chunk: Buffer): void {
    if (this.crAtChunkEnd) {
      this.mode = chunk[0] === 0x0a ? 'pass' : 'convert';
      this.converted = this.mode === 'convert';
      return;
    }
    const cr = chunk.indexOf(0x0d);
    const lf = chunk.indexOf(0x0a);
    if (lf !== -1 && (cr === -1 || lf < cr)) this.mode = 'pass';
    else if (cr !== -1 && cr === chunk.length - 1) this.crAtChunkEnd = true;
    else if (cr !== -1) {
      this.mode = chunk[cr + 1] === 0x0a ? 'pass' : 'convert';
      this.converted = this.mode === 'convert';
    }
  }

  private convert(chunk: Buffer): Buffer {
    const parts: Buffer[] = [];
    if (this.crAtChunkEnd && chunk[0] !== 0x0a) parts.push(Buffer.from('\n'));
    this.crAtChunkEnd = false;
    let start = 0;
    let cr = chunk.indexOf(0x0d);
    while (cr !== -1) {
      if (cr === chunk.length - 1) {
        this.crAtChunkEnd = true;
        break;
      }
      if (chunk[cr + 1] !== 0x0a) {
        parts.push(chunk.subarray(start, cr + 1), Buffer.from('\n'));
        start = cr + 1;
      }
      cr = chunk.indexOf(0x0d, cr + 1);
    }
    parts.push(chunk.subarray(start));
    return Buffer.concat(parts);
  }
}
