import { createS3Client, S3BlobStore } from '../adapters/s3-blob-store';
import { lazyPart } from './app';

/** The mail bucket (raw mail, attachments): for the Lambdas that read or write it. */
export const getBlobs = lazyPart((app) => {
  const s3 = createS3Client(app.cfg);
  return { s3, blobs: new S3BlobStore(s3, app.cfg.MAIL_BUCKET) };
});
