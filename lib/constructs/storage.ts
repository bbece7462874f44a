import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type BucketProps, type LifecycleRule } from 'aws-cdk-lib/aws-s3';
import { acknowledge } from '../nag';
import { Construct } from 'constructs';

export interface StorageProps {
  /** Raw inbound mail (inbound/) expires after this many days; 0 keeps it forever. */
  rawMailRetentionDays: number;
}

import { MAIL_PREFIXES } from '../../functions/core/mail-in/mail-bucket';

export { MAIL_PREFIXES };

/**
 * Three buckets, all private (public access blocked), encrypted (SSE-S3), TLS-only and kept on
 * stack deletion:
 * - web: the static portal, read only by CloudFront through origin access control;
 * - mail: raw inbound mail written by SES under inbound/, attachments under attachments/;
 * - access logs: server access logs of the other two and CloudFront's standard logs.
 */
export class Storage extends Construct {
  readonly webBucket: Bucket;
  readonly mailBucket: Bucket;
  readonly accessLogBucket: Bucket;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const secure: BucketProps = {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    };

    this.accessLogBucket = new Bucket(this, 'AccessLogs', {
      ...secure,
      // CloudFront standard logging writes with an ACL grant, so ACLs must stay possible here.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(365) }],
    });
    acknowledge(this.accessLogBucket, 'This is the access-log bucket itself; logging it into itself would loop.', 'AwsSolutions-S1');

    this.webBucket = new Bucket(this, 'Web', {
      ...secure,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 's3/web/',
    });

    const lifecycleRules: LifecycleRule[] = [
      { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(30) },
    ];
    if (props.rawMailRetentionDays > 0) {
      lifecycleRules.push({ id: 'expire-raw-mail', prefix: MAIL_PREFIXES.inbound, expiration: Duration.days(props.rawMailRetentionDays) });
    }
    this.mailBucket = new Bucket(this, 'Mail', {
      ...secure,
      // Versioning keeps an overwritten or deleted message recoverable for 30 days.
      versioned: true,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 's3/mail/',
      lifecycleRules,
    });
  }
}
