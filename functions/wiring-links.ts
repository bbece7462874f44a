import { createS3Client, S3DownloadLinks } from './adapters/s3-download-links';
import { lazyPart } from './wiring';

/** Download links into the mail bucket: all the client API needs of S3. */
export const getDownloadLinks = lazyPart((app) => new S3DownloadLinks(createS3Client(app.cfg), app.cfg.MAIL_BUCKET));
