import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/**
 * Deployment settings, read from CDK context (`-c key=value` or cdk.json) with defaults that let
 * `npx cdk synth` run on a fresh clone with no flags and no AWS credentials. Validated here so a
 * typo fails the synth with the key's name instead of deploying something odd.
 */
export interface SupportSettings {
  /** Portal host name (CloudFront alias when a certificate is given). */
  domainName: string;
  /** Mail domain: SES identity, receipt rule recipient, From and Reply-To addresses. */
  mailDomain: string;
  /** Where alarms are sent (SNS e-mail subscription; confirm the first message). */
  adminEmail: string;
  /** ACM certificate in us-east-1 covering domainName; without it the portal is served on *.cloudfront.net. */
  certificateArn?: string;
  /** Raw inbound mail under inbound/ expires after this many days; 0 keeps it forever. */
  rawMailRetentionDays: number;
  /** SSM SecureString parameter holding the reply-token secret (created by the operator). */
  replyTokenParameterName: string;
  /**
   * Version id of the origin secret CloudFront sends to the API, after a manual rotation: naming it
   * changes the template, which is what makes CloudFormation resolve the secret again.
   */
  originSecretVersion?: string;
  /** Log retention of every Lambda and of the API access log (a CloudWatch Logs retention value). */
  logRetentionDays: RetentionDays;
  /** HTTP API throttling (steady requests/s and burst). */
  apiRateLimit: number;
  apiBurstLimit: number;
}

export const defaultSettings: SupportSettings = {
  domainName: 'podpora.softech.cz',
  mailDomain: 'podpora.softech.cz',
  adminEmail: 'admin@softech.cz',
  rawMailRetentionDays: 365,
  replyTokenParameterName: '/softech-podpora/reply-token-secret',
  logRetentionDays: RetentionDays.THREE_MONTHS,
  apiRateLimit: 50,
  apiBurstLimit: 100,
};

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ACM_ARN = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/;

/** Settings from the context of `node`, falling back to the defaults above. */
export function readSettings(node: Node): SupportSettings {
  const text = (key: keyof SupportSettings): string | undefined => {
    const value = node.tryGetContext(key) as unknown;
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  const integer = (key: keyof SupportSettings, fallback: number): number => {
    const raw = text(key);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`context ${key} must be a non-negative integer, got "${raw}"`);
    return value;
  };
  const matching = (key: keyof SupportSettings, pattern: RegExp, fallback?: string): string | undefined => {
    const value = text(key)?.toLowerCase() ?? fallback;
    if (value !== undefined && !pattern.test(value)) throw new Error(`context ${key} is not valid: "${value}"`);
    return value;
  };
  const certificateArn = text('certificateArn');
  if (certificateArn !== undefined && !ACM_ARN.test(certificateArn)) {
    throw new Error(`context certificateArn must be an ACM certificate in us-east-1 (CloudFront requires it), got "${certificateArn}"`);
  }
  const originSecretVersion = text('originSecretVersion');
  if (originSecretVersion !== undefined && !/^[A-Za-z0-9-]{32,64}$/.test(originSecretVersion)) {
    throw new Error(
      `context originSecretVersion must be a Secrets Manager version id (VersionId from put-secret-value), got "${originSecretVersion}"`,
    );
  }
  const logRetentionDays = integer('logRetentionDays', defaultSettings.logRetentionDays);
  if (!(Object.values(RetentionDays) as number[]).includes(logRetentionDays)) {
    throw new Error(
      `context logRetentionDays must be a CloudWatch Logs retention (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, …), got ${logRetentionDays}`,
    );
  }
  const replyTokenParameterName = text('replyTokenParameterName') ?? defaultSettings.replyTokenParameterName;
  if (!/^\/[A-Za-z0-9_.\-/]+$/.test(replyTokenParameterName)) {
    throw new Error(`context replyTokenParameterName must be an absolute SSM parameter name, got "${replyTokenParameterName}"`);
  }
  return {
    domainName: matching('domainName', HOST, defaultSettings.domainName)!,
    mailDomain: matching('mailDomain', HOST, defaultSettings.mailDomain)!,
    adminEmail: matching('adminEmail', EMAIL, defaultSettings.adminEmail)!,
    ...(certificateArn !== undefined && { certificateArn }),
    rawMailRetentionDays: integer('rawMailRetentionDays', defaultSettings.rawMailRetentionDays),
    replyTokenParameterName,
    ...(originSecretVersion !== undefined && { originSecretVersion }),
    logRetentionDays: logRetentionDays as RetentionDays,
    apiRateLimit: integer('apiRateLimit', defaultSettings.apiRateLimit),
    apiBurstLimit: integer('apiBurstLimit', defaultSettings.apiBurstLimit),
  };
}
