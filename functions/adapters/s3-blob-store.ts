import { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { BlobStore } from '../core/ports';
import { contentDisposition, S3DownloadLinks } from './s3-download-links';

export { createS3Client } from './s3-download-links';

/**
 * S3 for raw mail and attachments. Writes stream through a multipart upload with two 5 MB parts in
 * flight at most, so an attachment of any size costs about 10 MB of memory.
 */
const PART_SIZE = 5 * 1024 * 1024;

export class S3BlobStore extends S3DownloadLinks implements BlobStore {
  async read(key: string): Promise<Readable> {
    const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return res.Body as Readable;
  }

  async write(key: string, body: Readable, meta: { contentType: string; filename: string }): Promise<void> {
    await new Upload({
      client: this.s3,
      queueSize: 2,
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
