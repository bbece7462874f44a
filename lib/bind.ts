import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { secretsManagerReference } from '../functions/http/cloudfront-edge';
import type { Config } from '../functions/shared/config';
import { tableSchema } from '../functions/shared/table-schema';
import { acknowledge, wildcardResourceFinding } from './nag';

/**
 * Binding a resource to a function sets the environment variable the function's config reads AND
 * grants exactly the actions it needs, in one call, so the two cannot drift apart. Grants list
 * actions one by one (no `dynamodb:*`, no `s3:Get*`), which is why CDK's own grant helpers
 * (`grantReadWriteData`, `grantRead`) are not used here: they hand out wildcard actions.
 * Variable names are typed against functions/shared/config.ts.
 */
type EnvName = keyof Config;

export function setEnvironment(fn: LambdaFunction, env: Partial<Record<EnvName, string>>): void {
  for (const [name, value] of Object.entries(env)) if (value !== undefined) fn.addEnvironment(name, value);
}

/** DynamoDB actions a handler may be granted on the table (`Query` also covers the GSIs). */
export type TableAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem'
  | 'ConditionCheckItem';
export type TableAccess = 'read' | 'readWrite' | readonly TableAction[];

const TABLE_ACCESS: Record<'read' | 'readWrite', readonly TableAction[]> = {
  read: ['GetItem', 'Query'],
  // TransactWriteItems is authorised per contained operation (Put/Update/Delete/ConditionCheck).
  readWrite: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'],
};

export function bindTable(fn: LambdaFunction, table: ITable, access: TableAccess): void {
  fn.addEnvironment('TABLE_NAME' satisfies EnvName, table.tableName);
  const actions = typeof access === 'string' ? TABLE_ACCESS[access] : access;
  fn.addToRolePolicy(new PolicyStatement({ actions: actions.map((a) => `dynamodb:${a}`), resources: [table.tableArn] }));
  if (actions.includes('Query')) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: tableSchema.indexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
      }),
    );
  }
}

/** The full-text index's table (no stream, no index): its name and exactly the actions the function needs on it. */
export function bindSearchTable(fn: LambdaFunction, table: ITable, access: readonly TableAction[]): void {
  fn.addEnvironment('SEARCH_TABLE_NAME' satisfies EnvName, table.tableName);
  fn.addToRolePolicy(new PolicyStatement({ actions: access.map((a) => `dynamodb:${a}`), resources: [table.tableArn] }));
}

/**
 * Object access by key prefix (`inbound/`, `attachments/`). Every function's config requires
 * MAIL_BUCKET, so a function that touches no object is bound with empty access: the variable
 * without any grant.
 */
export interface BucketAccess {
  read?: readonly string[];
  write?: readonly string[];
}

export function bindBucket(fn: LambdaFunction, bucket: IBucket, access: BucketAccess, envName: EnvName = 'MAIL_BUCKET'): void {
  fn.addEnvironment(envName, bucket.bucketName);
  const objects = (prefixes: readonly string[]) => prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`));
  if (access.read?.length) {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: objects(access.read) }));
  }
  if (access.write?.length) {
    // Single PUTs only (functions/adapters/s3-blob-store.ts): no multipart upload to abort.
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: objects(access.write) }));
  }
  const prefixes = [...new Set([...(access.read ?? []), ...(access.write ?? [])])];
  if (prefixes.length > 0) {
    acknowledge(
      fn.role ?? fn,
      'Object keys are generated at run time (SES message ids, attachment ids), so access is granted per key prefix, never to the whole bucket.',
      ...objects(prefixes).map((arn) => wildcardResourceFinding(fn, arn)),
    );
  }
}

/**
 * The reply-token secret: an SSM SecureString the operator creates before deploying (CloudFormation
 * cannot create SecureStrings). Encrypted with the account's default `aws/ssm` key, whose key
 * policy already lets SSM decrypt for any principal of the account, so no kms grant is needed.
 */
export function bindSecureParameter(fn: LambdaFunction, parameterName: string, envName: EnvName = 'REPLY_TOKEN_SECRET_PARAMETER'): void {
  fn.addEnvironment(envName, parameterName);
  const arn = Arn.format({ service: 'ssm', resource: 'parameter', resourceName: parameterName.replace(/^\//, '') }, Stack.of(fn));
  fn.addToRolePolicy(new PolicyStatement({ actions: ['ssm:GetParameter'], resources: [arn] }));
}

/** The secret CloudFront sends to the API as its origin header (lib/constructs/web.ts). */
export interface OriginSecret {
  /** Plain name (no token): the functions read it under a Parameter Store path built from it. */
  name: string;
  arn: string;
}

/**
 * The origin secret, for the HTTP functions' viewer check. They read it as
 * `GetParameter /aws/reference/secretsmanager/<name>` (functions/http/http-api.ts says why), which IAM
 * authorises twice: ssm:GetParameter on that reference path, and secretsmanager:GetSecretValue on
 * the secret itself, as Parameter Store passes the call on with the function's identity. The secret
 * is encrypted with the account's `aws/secretsmanager` key, whose key policy lets Secrets Manager
 * decrypt for any principal of the account, so no kms grant is needed.
 */
export function bindOriginSecret(fn: LambdaFunction, secret: OriginSecret): void {
  fn.addEnvironment('ORIGIN_VERIFY_SECRET_NAME' satisfies EnvName, secret.name);
  const reference = Arn.format(
    { service: 'ssm', resource: 'parameter', resourceName: secretsManagerReference(secret.name).replace(/^\//, '') },
    Stack.of(fn),
  );
  fn.addToRolePolicy(new PolicyStatement({ actions: ['ssm:GetParameter'], resources: [reference] }));
  fn.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.arn] }));
}

/** Sending through SES from the mail domain's identity, via the configuration set. */
export interface MailSending {
  identityArn: string;
  configurationSetName: string;
}

export function bindMailSending(fn: LambdaFunction, mail: MailSending): void {
  fn.addEnvironment('SES_CONFIGURATION_SET' satisfies EnvName, mail.configurationSetName);
  const configurationSetArn = Arn.format(
    { service: 'ses', resource: 'configuration-set', resourceName: mail.configurationSetName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME },
    Stack.of(fn),
  );
  // SES v2 SendEmail is authorised as ses:SendEmail, and with Content.Raw also as ses:SendRawEmail;
  // both are checked against the identity and the configuration set.
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [mail.identityArn, configurationSetArn],
    }),
  );
}

/** Where the portal lives: links in mail (PORTAL_URL) and the Origin check of the API. */
export interface PortalAddress {
  url: string;
  origins: string[];
}

export function bindPortal(fn: LambdaFunction, portal: PortalAddress): void {
  setEnvironment(fn, { PORTAL_URL: portal.url, ALLOWED_ORIGINS: portal.origins.join(',') });
}
