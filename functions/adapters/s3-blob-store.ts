import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { BlobStore } from '../core/ports';
import { contentDisposition, S3DownloadLinks } from './s3-download-links';

export { createS3Client } from './s3-download-links';

/**
 * S3 for raw mail and attachments. A body of unknown length (an attachment being decoded) is
 * spooled first: up to {@link IN_MEMORY_BYTES} in memory, beyond that to a temporary file
 * (Lambda's /tmp), then sent as one PutObject with its length and SHA-256 checksum, so S3 verifies
 * that it stored exactly the bytes we hashed. Why not lib-storage's multipart `Upload`: it holds a
 * whole part (≥ 5 MB) on the heap per attachment, which cost more in garbage collection and peak
 * RSS than the file does, and a single PUT of a file streams without holding anything (SES caps a
 * message at 40 MB, well under PutObject's 5 GB).
 */
const IN_MEMORY_BYTES = 1024 * 1024;

export class S3BlobStore extends S3DownloadLinks implements BlobStore {
  async read(key: string): Promise<Readable> {
    const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return res.Body as Readable;
  }

  async write(key: string, body: Readable, meta: { contentType: string; filename: string }): Promise<void> {
    const spooled = await spool(body);
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: spooled.open(),
          ContentLength: spooled.size,
          ChecksumSHA256: spooled.sha256,
          ContentType: meta.contentType,
          ContentDisposition: contentDisposition(meta.filename),
        }),
      );
    } finally {
      await spooled.discard();
    }
  }
}

interface Spooled {
  size: number;
  /** Base64, as S3's ChecksumSHA256 wants it. */
  sha256: string;
  open(): Readable | Buffer;
  discard(): Promise<void>;
}

/** Reads `body` to its end, keeping it in memory while small and in a temporary file once large. */
async function spool(body: Readable): Promise<Spooled> {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;
  let file: { path: string; stream: Writable } | undefined;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      if (!file && size <= IN_MEMORY_BYTES) {
        chunks.push(chunk);
        return done();
      }
      if (!file) {
        const filePath = path.join(tmpdir(), `spool-${randomUUID()}`);
        file = { path: filePath, stream: createWriteStream(filePath) };
        file.stream.on('error', (error) => sink.destroy(error));
        for (const held of chunks.splice(0)) file.stream.write(held);
      }
      if (file.stream.write(chunk)) done();
      else file.stream.once('drain', () => done());
    },
    final(done) {
      if (!file) return done();
      file.stream.end(done);
    },
  });
  const discard = async () => {
    if (file) await rm(file.path, { force: true });
  };
  try {
    await pipeline(body, sink);
  } catch (error) {
    file?.stream.destroy();
    await discard();
    throw error;
  }
  const spooledFile = file?.path;
  return {
    size,
    sha256: hash.digest('base64'),
    open: () => (spooledFile ? createReadStream(spooledFile) : Buffer.concat(chunks, size)),
    discard,
  };
}
