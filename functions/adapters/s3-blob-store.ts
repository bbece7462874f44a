import { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BlobStore } from '../core/ports';

/**
 * S3 for raw mail and attachments. Writes stream through a multipart upload with one part in
 * flight, so an attachment of any size costs about one part (8 MB) of memory.
 */
const PART_SIZE = 5 * 1024 * 1024;
const DOWNLOAD_URL_SECONDS = 300;

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): browsers save it, never render it. */
export function contentDisposition(filename: string): string {
  const ascii = filename.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export class S3BlobStore implements BlobStore {
  constructor(private readonly s3: S3Client, private readonly bucket: string) {}

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

  downloadUrl(key: string, filename: string, contentType: string): Promise<string> {
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentDisposition: contentDisposition(filename), ResponseContentType: contentType }),
      { expiresIn: DOWNLOAD_URL_SECONDS },
    );
  }
}
