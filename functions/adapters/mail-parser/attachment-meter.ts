import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { SNIFF_BYTES } from './content-sniff';

/** Hashes and counts the bytes on their way to the sink, keeps the first few for sniffing, enforces the size limit. */
export class AttachmentMeter extends Transform {
  size = 0;
  head: Uint8Array = new Uint8Array(0);
  /** Set when the meter itself stopped the attachment (as opposed to the sink failing). */
  problem: string | undefined;
  private readonly hash: Hash = createHash('sha256');

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      this.problem = `larger than the limit of ${this.maxBytes} bytes`;
      done(new Error(this.problem));
      return;
    }
    if (this.head.length < SNIFF_BYTES) this.head = Buffer.concat([this.head, chunk.subarray(0, SNIFF_BYTES - this.head.length)]);
    this.hash.update(chunk);
    done(null, chunk);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (error && !this.problem) this.problem = `its content could not be decoded (${error.message})`;
    callback(error);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}
