import { createS3Client, S3DownloadLinks } from '../adapters/s3-download-links';
import { lazyPart } from './app';

/** The client API Lambda's graph: the shared app, and download links into the mail bucket (all it needs of S3). */
export { getApp } from './app';

export const getDownloadLinks = lazyPart((app) => new S3DownloadLinks(createS3Client(app.cfg), app.cfg.MAIL_BUCKET));
