import { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { BlobStore } from '../core/ports';
import { contentDisposition, S3DownloadLinks } from './s3-download-links';

export { createS3Client } from './s3-download-links';

/**
 * S3 for raw mail and attachments. Writes stream through lib-storage with one 10 MB part in flight:
 * an attachment of any size costs about one part of memory, and most attachments (≤ 10 MB) go up as
 * a single PUT (measured here faster than 5 MB multipart parts, at +50 MB peak RSS on a 37 MB mail).
 */
const PART_SIZE = 10 * 1024 * 1024;

export class S3BlobStore extends S3DownloadLinks implements BlobStore {
  async read(key: string): Promise<Readable> {
    const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return res.Body as Readable;
  }

  async write(key: string, body: Readable, meta: { contentType: string; filename: string }): Promise<void> {
    await new Upload({
      client: this.s3,
      queueSize: 1,
      partSize: PART_SIZE,
      // A failed upload's parts are removed by the bucket's AbortIncompleteMultipartUpload lifecycle
      // rule; aborting here would hide the original error behind the abort's (s3rver has no abort).
      leavePartsOnError: true,
      // Re-wrapped: lib-storage takes any `size` property of the body as its length (a metering
      // stream has one that counts bytes so far), and errors of the source still propagate.
      params: { Bucket: this.bucket, Key: key, Body: Readable.from(body), ContentType: meta.contentType, ContentDisposition: contentDisposition(meta.filename) },
    }).done();
  }
}
