import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DownloadLinks } from '../core/ports';
import type { Config } from '../shared/config';
import { clientOptions } from './aws-clients';

/** Presigned GET URLs into the mail bucket: all the client API needs of S3. */
const DOWNLOAD_URL_SECONDS = 300;

export const createS3Client = (cfg: Config) =>
  new S3Client({ ...clientOptions(cfg, cfg.AWS_ENDPOINT_S3), forcePathStyle: cfg.STAGE === 'local' });

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): browsers save it, never render it. */
export function contentDisposition(filename: string): string {
  const ascii = filename
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export class S3DownloadLinks implements DownloadLinks {
  constructor(
    protected readonly s3: S3Client,
    protected readonly bucket: string,
  ) {}

  downloadUrl(key: string, filename: string, contentType: string): Promise<string> {
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentDisposition: contentDisposition(filename),
        ResponseContentType: contentType,
      }),
      { expiresIn: DOWNLOAD_URL_SECONDS },
    );
  }
}
