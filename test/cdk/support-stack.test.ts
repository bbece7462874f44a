import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Validations, type App } from 'aws-cdk-lib';
import { CachePolicy } from 'aws-cdk-lib/aws-cloudfront';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FORWARDED_VIEWER_HEADERS,
  ORIGIN_VERIFY_HEADER,
  VIEWER_ADDRESS_HEADER,
  secretsManagerReference,
} from '../../functions/http/cloudfront-edge';
import { parseConfig } from '../../functions/shared/config';
import { portalContentSecurityPolicy } from '../../functions/http/security-headers';
import { searchTableSchema, tableSchema } from '../../functions/shared/table-schema';
import { bundleLazyModules, esbuildOptions, LAZY_MODULES } from '../../lib/bundling';
import { handlerSpecs, repoRoot, type HandlerName } from '../../lib/handlers';
import { AwsSolutionsChecks } from '../../lib/nag';
import { defaultSettings } from '../../lib/settings';
import { createSupportApp, STACK_NAME } from '../../lib/support-app';
import type { SupportStack } from '../../lib/support-stack';
import {
  fakeResolve,
  handlersWithStubs,
  identityStatements,
  list,
  ofType,
  referencedIds,
  refTarget,
  type Json,
  type Resource,
  type Resources,
} from './template-helpers';

/**
 * The stack as `cdk synth` builds it (same app factory, cdk-nag plugin included), synthesised once
 * for the whole file. Handlers not written yet are replaced by a stub entry so that their wiring is
 * asserted too; `npx cdk synth` on the real tree runs alongside, in a child process without AWS
 * credentials.
 */
let work: string;
let app: App;
let stack: SupportStack;
let resources: Resources;
let synthError: unknown;
let cliSynth: Promise<{ code: number | null; output: string }>;
let cliChild: ChildProcess | undefined;

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'softech-cdk-test-'));
  cliSynth = runCdkSynthOffline(path.join(work, 'cli-out'));

  const web = path.join(work, 'web');
  mkdirSync(web);
  writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>test</title>');
  ({ app, stack } = createSupportApp({ webAssetPath: web, outdir: path.join(work, 'out'), handlers: handlersWithStubs().handlers }));
  try {
    app.synth();
  } catch (err) {
    synthError = err; // asserted by the cdk-nag test; the template is still written
  }
  const template = JSON.parse(readFileSync(path.join(work, 'out', `${STACK_NAME}.template.json`), 'utf8')) as { Resources: Resources };
  resources = template.Resources;
}, 240_000);

afterAll(async () => {
  if (cliChild?.pid && cliChild.exitCode === null && cliChild.signalCode === null) {
    process.kill(-cliChild.pid, 'SIGTERM');
    await cliSynth;
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

/** `npx cdk synth` as CI runs it on a fresh clone: no AWS credentials, no Docker, no network. */
function runCdkSynthOffline(outdir: string): Promise<{ code: number | null; output: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(AWS_|CDK_DEFAULT_)/.test(key)));
  Object.assign(env, { AWS_EC2_METADATA_DISABLED: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' });
  // Its own process group, so that afterAll can stop npx and the CDK app under it if a test bails out.
  cliChild = spawn('npx', ['cdk', 'synth', '--no-notices', '--quiet', '--output', outdir], { cwd: repoRoot, env, detached: true });
  const child = cliChild;
  return new Promise((resolve) => {
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

// ── lookups ──────────────────────────────────────────────────────────────────
const one = (type: string): [string, Resource] => {
  const found = ofType(resources, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const functionOf = (name: HandlerName): [string, Resource] => {
  const found = ofType(resources, 'AWS::Lambda::Function').filter(([, r]) => r.Properties.Description === handlerSpecs[name].description);
  expect(found, name).toHaveLength(1);
  return found[0]!;
};
/** The one stream mapping of a function. */
const mappingOf = (name: HandlerName): [string, Resource] => {
  const found = ofType(resources, 'AWS::Lambda::EventSourceMapping').filter(
    ([, m]) => refTarget(m.Properties.FunctionName) === functionOf(name)[0],
  );
  expect(found, name).toHaveLength(1);
  return found[0]!;
};
const ourFunctions = () =>
  ofType(resources, 'AWS::Lambda::Function').filter(([, r]) => r.Properties.Environment?.Variables?.STAGE === 'aws');
const roleOf = (fn: Resource) => refTarget(fn.Properties.Role)!;
const originSecret = () => one('AWS::SecretsManager::Secret');
/** The two tables: the main one (it has the stream) and the full-text index's (none). */
const mainTable = (): [string, Resource] => {
  const found = ofType(resources, 'AWS::DynamoDB::Table').filter(([, t]) => t.Properties.StreamSpecification !== undefined);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const searchTable = (): [string, Resource] => {
  const found = ofType(resources, 'AWS::DynamoDB::Table').filter(([, t]) => t.Properties.StreamSpecification === undefined);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const tableLogicalId = () => mainTable()[0];
const mailBucketId = () => {
  const [id] = ofType(resources, 'AWS::S3::Bucket').find(([, r]) => r.Properties.VersioningConfiguration?.Status === 'Enabled')!;
  return id;
};

/** Actions a role is allowed on resources that reference `target` (a logical id). */
function actionsOn(roleId: string, target: string, resourceText?: RegExp): string[] {
  const actions = new Set<string>();
  for (const { roles, statement } of identityStatements(resources)) {
    if (!roles.includes(roleId) || statement.Effect !== 'Allow') continue;
    const hits = list(statement.Resource).filter(
      (r) => referencedIds(r).has(target) && (!resourceText || resourceText.test(JSON.stringify(r))),
    );
    if (hits.length > 0) for (const a of list(statement.Action)) actions.add(a);
  }
  return [...actions].sort();
}

// ── data ─────────────────────────────────────────────────────────────────────
/** A KeySchema as CloudFormation writes it, of a table's or an index's two keys. */
const keySchema = (k: { partitionKey: string; sortKey: string }) => [
  { AttributeName: k.partitionKey, KeyType: 'HASH' },
  { AttributeName: k.sortKey, KeyType: 'RANGE' },
];

describe('table', () => {
  it('are two: the main table and the search table', () => {
    expect(ofType(resources, 'AWS::DynamoDB::Table')).toHaveLength(2);
  });

  it('has the key schema, indexes, TTL and stream of functions/shared/table-schema.ts', () => {
    const [, table] = mainTable();
    const p = table.Properties;
    expect(p.KeySchema).toEqual(keySchema(tableSchema));
    expect(
      p.GlobalSecondaryIndexes.map((i: Json) => ({ name: i.IndexName, keys: i.KeySchema, projection: i.Projection.ProjectionType })),
    ).toEqual(
      tableSchema.indexes.map((i) => ({
        name: i.indexName,
        keys: keySchema(i),
        projection: 'ALL',
      })),
    );
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: tableSchema.timeToLiveAttribute, Enabled: true });
    expect(p.StreamSpecification).toEqual({ StreamViewType: tableSchema.streamView });
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('has a search table of the key schema of searchTableSchema, with no stream, no index and no TTL', () => {
    const [, table] = searchTable();
    const p = table.Properties;
    expect(p.KeySchema).toEqual(keySchema(searchTableSchema));
    expect(p.StreamSpecification).toBeUndefined();
    expect(p.GlobalSecondaryIndexes).toBeUndefined();
    expect(p.TimeToLiveSpecification).toBeUndefined();
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('are both retained, deletion-protected, point-in-time recoverable and encrypted', () => {
    for (const [id, table] of [mainTable(), searchTable()]) {
      expect(table.DeletionPolicy, id).toBe('Retain');
      expect(table.UpdateReplacePolicy, id).toBe('Retain');
      expect(table.Properties.DeletionProtectionEnabled, id).toBe(true);
      expect(table.Properties.PointInTimeRecoverySpecification, id).toEqual({ PointInTimeRecoveryEnabled: true });
      // SSEEnabled without a key: KMS with the account's AWS managed key (aws/dynamodb).
      expect(table.Properties.SSESpecification, id).toEqual({ SSEEnabled: true });
    }
  });
});

// ── storage ──────────────────────────────────────────────────────────────────
describe('buckets', () => {
  it('are all private, encrypted, retained and reject plain HTTP', () => {
    const buckets = ofType(resources, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(3);
    for (const [id, bucket] of buckets) {
      expect(bucket.DeletionPolicy, id).toBe('Retain');
      expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm, id).toBe(
        'AES256',
      );
      const policy = ofType(resources, 'AWS::S3::BucketPolicy').find(([, p]) => refTarget(p.Properties.Bucket) === id);
      expect(policy, `policy of ${id}`).toBeDefined();
      expect(policy![1].Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('let SES write raw mail only under inbound/, only for our receipt rule', () => {
    const mail = mailBucketId();
    const [, policy] = ofType(resources, 'AWS::S3::BucketPolicy').find(([, p]) => refTarget(p.Properties.Bucket) === mail)!;
    const ses = (policy.Properties.PolicyDocument.Statement as Json[]).filter((s) => s.Principal?.Service === 'ses.amazonaws.com');
    expect(ses).toHaveLength(1);
    expect(ses[0]).toMatchObject({
      Effect: 'Allow',
      Action: 's3:PutObject',
      Condition: {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': `arn:aws:ses:eu-west-1:123456789012:receipt-rule-set/${STACK_NAME}-inbound:receipt-rule/support-mail` },
      },
    });
    expect(JSON.stringify(ses[0]!.Resource)).toContain('/inbound/*');
  });

  it('expire raw inbound mail after the configured retention, not attachments', () => {
    const [, mail] = ofType(resources, 'AWS::S3::Bucket').find(([id]) => id === mailBucketId())!;
    const rules = mail.Properties.LifecycleConfiguration.Rules as Json[];
    const expiring = rules.filter((r) => r.ExpirationInDays !== undefined);
    expect(expiring).toEqual([
      expect.objectContaining({ Prefix: 'inbound/', ExpirationInDays: defaultSettings.rawMailRetentionDays, Status: 'Enabled' }),
    ]);
  });

  it('log web and mail bucket access to the access-log bucket', () => {
    const logged = ofType(resources, 'AWS::S3::Bucket').filter(([, b]) => b.Properties.LoggingConfiguration);
    expect(logged.map(([, b]) => b.Properties.LoggingConfiguration.LogFilePrefix).sort()).toEqual(['s3/mail/', 's3/web/']);
  });
});

// ── functions ────────────────────────────────────────────────────────────────
describe('lambda functions', () => {
  it('deploys one function per registered handler, with its export, memory and timeout', () => {
    for (const [name, spec] of Object.entries(handlerSpecs) as [HandlerName, (typeof handlerSpecs)[HandlerName]][]) {
      const [, fn] = functionOf(name);
      expect(fn.Properties.Handler, name).toBe(`index.${spec.handler}`);
      expect(fn.Properties.MemorySize, name).toBe(spec.memorySize);
      expect(fn.Properties.Timeout, name).toBe(spec.timeoutSeconds);
    }
    expect(ourFunctions()).toHaveLength(Object.keys(handlerSpecs).length);
  });

  it('run nodejs22.x on ARM64 with X-Ray tracing and a log group with retention', () => {
    for (const [id, fn] of ourFunctions()) {
      expect(fn.Properties.Runtime, id).toBe('nodejs22.x');
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      const logGroup = resources[refTarget(fn.Properties.LoggingConfig.LogGroup)!]!;
      expect(logGroup.Properties.RetentionInDays, id).toBe(defaultSettings.logRetentionDays);
    }
  });

  it('get an environment that functions/shared/config.ts accepts', () => {
    for (const [id, fn] of ourFunctions()) {
      const env = Object.fromEntries(Object.entries(fn.Properties.Environment.Variables as Json).map(([k, v]) => [k, fakeResolve(v)]));
      const cfg = parseConfig({ ...env, AWS_REGION: 'eu-west-1' });
      expect(cfg.STAGE, id).toBe('aws');
      expect(cfg.REPLY_TOKEN_SECRET, id).toBeUndefined();
      expect(cfg.REPLY_TOKEN_SECRET_PARAMETER, id).toBe(defaultSettings.replyTokenParameterName);
      expect(cfg.ALLOWED_ORIGINS, id).toEqual(['https://d111111abcdef8.cloudfront.net']);
      expect(env.NODE_OPTIONS, id).toBe('--enable-source-maps');
    }
    const httpFunctions = new Set([functionOf('clientApi')[0], functionOf('admin')[0]]);
    for (const [id, fn] of ourFunctions()) {
      const expected = httpFunctions.has(id) ? originSecret()[1].Properties.Name : undefined;
      expect(fn.Properties.Environment.Variables.ORIGIN_VERIFY_SECRET_NAME, id).toBe(expected);
    }
    expect(fakeResolve(functionOf('mailer')[1].Properties.Environment.Variables.SES_CONFIGURATION_SET)).toMatch(/configurationset/);
  });

  it('are bundled byte for byte as bench/bundles.ts bundles them (one set of esbuild options)', async () => {
    const [, fn] = functionOf('clientApi');
    const assetDir = path.join(work, 'out', `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
    const benchDir = path.join(work, 'bench-bundle');
    mkdirSync(benchDir);
    await build(esbuildOptions(path.join(repoRoot, handlerSpecs.clientApi.entry), path.join(benchDir, 'index.mjs')));
    expect(readFileSync(path.join(benchDir, 'index.mjs')).equals(readFileSync(path.join(assetDir, 'index.mjs')))).toBe(true);
  });

  it('ship the password estimator as a file of its own beside each bundle that imports it (client API, admin), bundled as bench/bundles.ts bundles it, and beside no other', async () => {
    const assetOf = (name: HandlerName) =>
      path.join(work, 'out', `asset.${String(functionOf(name)[1].Properties.Code.S3Key).replace(/\.zip$/, '')}`);
    const [estimator] = LAZY_MODULES;
    const shipped = (Object.keys(handlerSpecs) as HandlerName[]).filter((name) => {
      const dir = assetOf(name);
      const imports = readFileSync(path.join(dir, 'index.mjs'), 'utf8').includes(`"./${estimator.file}"`);
      expect(existsSync(path.join(dir, estimator.file)), name).toBe(imports);
      return imports;
    });
    expect(shipped).toEqual(['clientApi', 'admin']);
    const benchDir = path.join(work, 'bench-lazy');
    mkdirSync(benchDir);
    await build(esbuildOptions(path.join(repoRoot, handlerSpecs.clientApi.entry), path.join(benchDir, 'index.mjs')));
    expect(await bundleLazyModules(path.join(benchDir, 'index.mjs'))).toEqual([path.join(benchDir, estimator.file)]);
    expect(readFileSync(path.join(benchDir, estimator.file)).equals(readFileSync(path.join(assetOf('clientApi'), estimator.file)))).toBe(
      true,
    );
    expect(readFileSync(path.join(assetOf('clientApi'), 'index.mjs')).length).toBeLessThan(1024 * 1024);
  });

  it('check passwords from a bundle: the estimator beside it is imported on first use', async () => {
    const dir = path.join(work, 'rules-bundle');
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, 'entry.ts'),
      `export { passwordProblem } from ${JSON.stringify(path.join(repoRoot, 'functions/core/accounts/password-rules.ts'))};\n`,
    );
    await build(esbuildOptions(path.join(dir, 'entry.ts'), path.join(dir, 'index.mjs')));
    await bundleLazyModules(path.join(dir, 'index.mjs'));
    const bundled = (await import(
      pathToFileURL(path.join(dir, 'index.mjs')).href
    )) as typeof import('../../functions/core/accounts/password-rules');
    expect(await bundled.passwordProblem('heslo12345')).toBe('guessable');
    expect(await bundled.passwordProblem('modrý pták zpívá u řeky')).toBeNull();
  });

  it('use their own roles, without AWS managed policies', () => {
    const roles = new Set(ourFunctions().map(([, fn]) => roleOf(fn)));
    expect(roles.size).toBe(ourFunctions().length);
    for (const [id, role] of ofType(resources, 'AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
  });
});

// ── least privilege ──────────────────────────────────────────────────────────
describe('IAM', () => {
  it('has no wildcard action in any allow statement of any policy', () => {
    const statements = identityStatements(resources);
    expect(statements.length).toBeGreaterThan(20);
    const wildcards = statements
      .filter(({ statement }) => statement.Effect === 'Allow')
      .flatMap(({ policy, statement }) =>
        list(statement.Action)
          .filter((a) => a.includes('*'))
          .map((a) => `${policy}: ${a}`),
      );
    expect(wildcards).toEqual([]);
  });

  it('has no wildcard action in the allow statements of the bucket policies', () => {
    const wildcards = ofType(resources, 'AWS::S3::BucketPolicy').flatMap(([id, p]) =>
      (p.Properties.PolicyDocument.Statement as Json[])
        .filter((s) => s.Effect === 'Allow')
        .flatMap((s) =>
          list(s.Action as string | string[])
            .filter((a) => a.includes('*'))
            .map((a) => `${id}: ${a}`),
        ),
    );
    expect(wildcards).toEqual([]);
  });

  it('grants each function only the table actions its code uses', () => {
    const table = tableLogicalId();
    const readWrite = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'];
    /** The actions of a stream consumer (the event source mapping reads the stream) and `more`, sorted. */
    const withStream = (...more: string[]) =>
      ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', ...more].sort();
    const expected: Record<HandlerName, string[]> = {
      clientApi: readWrite,
      admin: readWrite,
      inbound: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      deliveryStatus: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
      alertsSweep: readWrite,
      indexer: withStream('dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'),
      mailer: withStream('dynamodb:UpdateItem'),
      mailerSweep: ['dynamodb:Query', 'dynamodb:UpdateItem'],
      alerts: withStream('dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'),
    };
    for (const name of Object.keys(expected) as HandlerName[]) {
      expect(actionsOn(roleOf(functionOf(name)[1]), table), name).toEqual(expected[name]);
    }
  });

  it('grants the search table only to the functions that search or index, and names it only to them', () => {
    const [search] = searchTable();
    const expected: Record<HandlerName, string[]> = {
      clientApi: ['dynamodb:Query'],
      admin: ['dynamodb:Query'],
      indexer: ['dynamodb:BatchWriteItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'],
      inbound: [],
      deliveryStatus: [],
      alertsSweep: [],
      mailer: [],
      mailerSweep: [],
      alerts: [],
    };
    for (const name of Object.keys(expected) as HandlerName[]) {
      const [, fn] = functionOf(name);
      expect(actionsOn(roleOf(fn), search), name).toEqual(expected[name]);
      expect(fn.Properties.Environment.Variables.SEARCH_TABLE_NAME !== undefined, name).toBe(expected[name].length > 0);
    }
  });

  it('grants mail-bucket access by prefix, never to every object', () => {
    const bucket = mailBucketId();
    const objectActions = (name: HandlerName, prefix: string) =>
      actionsOn(roleOf(functionOf(name)[1]), bucket, new RegExp(`/${prefix}/\\*`));
    expect(objectActions('clientApi', 'attachments')).toEqual(['s3:GetObject']);
    expect(objectActions('clientApi', 'inbound')).toEqual([]);
    expect(objectActions('inbound', 'inbound')).toEqual(['s3:GetObject']);
    expect(objectActions('inbound', 'attachments')).toEqual(['s3:PutObject']);
    expect(objectActions('admin', 'inbound')).toEqual(['s3:GetObject']);
    expect(objectActions('admin', 'attachments')).toEqual(['s3:GetObject']);
    expect(objectActions('admin', 'attachments/staff')).toEqual(['s3:PutObject']);
    expect(actionsOn(roleOf(functionOf('mailer')[1]), bucket)).toEqual([]);
    const wholeBucket = identityStatements(resources).filter(({ statement }) =>
      list(statement.Resource).some((r) => referencedIds(r).has(bucket) && /"\/\*"\]\]\}$/.test(JSON.stringify(r))),
    );
    expect(wholeBucket).toEqual([]);
  });

  it('lets only the client API and admin read the origin secret, and nothing else of Secrets Manager or its Parameter Store references', () => {
    const [secretId, secret] = originSecret();
    const reference = `arn:aws:ssm:eu-west-1:123456789012:parameter${secretsManagerReference(secret.Properties.Name)}`;
    const grants = identityStatements(resources).filter(
      ({ statement }) =>
        statement.Effect === 'Allow' &&
        (list(statement.Action).some((a) => a.startsWith('secretsmanager:')) ||
          JSON.stringify(statement.Resource).includes('/aws/reference/')),
    );
    const readers = new Set(grants.flatMap((g) => g.roles));
    expect(readers).toEqual(new Set([roleOf(functionOf('clientApi')[1]), roleOf(functionOf('admin')[1])]));
    for (const { policy, statement } of grants) {
      const actions = list(statement.Action);
      if (actions.includes('secretsmanager:GetSecretValue')) {
        expect(actions, policy).toEqual(['secretsmanager:GetSecretValue']);
        expect(statement.Resource, policy).toEqual({ Ref: secretId });
      } else {
        expect(actions, policy).toEqual(['ssm:GetParameter']);
        expect(
          list(statement.Resource).filter((r) => JSON.stringify(r).includes('/aws/reference/')),
          policy,
        ).toEqual([reference]);
      }
    }
  });

  it('lets only the mailer send mail, from the identity through the configuration set', () => {
    const senders = identityStatements(resources).filter(({ statement }) => list(statement.Action).some((a) => a.startsWith('ses:Send')));
    const senderRoles = new Set(senders.flatMap((s) => s.roles));
    expect(senderRoles).toEqual(new Set([roleOf(functionOf('mailer')[1]), roleOf(functionOf('mailerSweep')[1])]));
    for (const { statement } of senders) {
      const targets = list(statement.Resource).flatMap((r) => [...referencedIds(r)]);
      expect(targets.map((id) => resources[id]!.Type).sort()).toEqual(['AWS::SES::ConfigurationSet', 'AWS::SES::EmailIdentity']);
    }
  });
});

// ── API ──────────────────────────────────────────────────────────────────────
describe('HTTP API', () => {
  it('routes /api/* to the client API and /admin, /admin/* to the admin UI', () => {
    const integrationTarget = (route: Resource) => {
      const integration = resources[[...referencedIds(route.Properties.Target)][0]!]!;
      return refTarget(integration.Properties.IntegrationUri);
    };
    const routes = Object.fromEntries(
      ofType(resources, 'AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey, integrationTarget(r)]),
    );
    expect(routes).toEqual({
      'ANY /api/{proxy+}': functionOf('clientApi')[0],
      'ANY /admin': functionOf('admin')[0],
      'ANY /admin/{proxy+}': functionOf('admin')[0],
    });
  });

  it('throttles and writes an access log on its only stage', () => {
    const [, stage] = one('AWS::ApiGatewayV2::Stage');
    expect(stage.Properties.StageName).toBe('$default');
    expect(stage.Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: defaultSettings.apiRateLimit,
      ThrottlingBurstLimit: defaultSettings.apiBurstLimit,
    });
    expect(stage.Properties.AccessLogSettings.DestinationArn).toBeDefined();
    expect(stage.Properties.AccessLogSettings.Format).toContain('$context.requestId');
  });
});

// ── outbox ───────────────────────────────────────────────────────────────────
describe('mailer', () => {
  it('reads the table stream filtered to pending outbox items, reporting failures per record', () => {
    const [, mapping] = mappingOf('mailer');
    const p = mapping.Properties;
    expect(refTarget(p.FunctionName)).toBe(functionOf('mailer')[0]);
    expect(p.EventSourceArn).toEqual({ 'Fn::GetAtt': [tableLogicalId(), 'StreamArn'] });
    expect(p.FilterCriteria.Filters.map((f: Json) => JSON.parse(f.Pattern))).toEqual([
      { dynamodb: { NewImage: { entity: { S: ['outbox'] }, state: { S: ['pending'] } } } },
    ]);
    expect(p.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(p.BisectBatchOnFunctionError).toBe(true);
    expect(p.MaximumRetryAttempts).toBeGreaterThan(0);
    const destination = resources[refTarget(p.DestinationConfig.OnFailure.Destination)!]!;
    expect(destination.Type).toBe('AWS::SQS::Queue');
  });

  it('runs the sweep export every minute', () => {
    const [, rule] = ofType(resources, 'AWS::Events::Rule').find(([, r]) => r.Properties.ScheduleExpression === 'rate(1 minute)')!;
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 minute)');
    expect(rule.Properties.Targets.map((t: Json) => refTarget(t.Arn))).toEqual([functionOf('mailerSweep')[0]]);
  });
});

describe('alerts', () => {
  it('reads the table stream filtered to what raises alerts, and sends nothing itself', () => {
    const [, mapping] = mappingOf('alerts');
    const p = mapping.Properties;
    expect(p.EventSourceArn).toEqual({ 'Fn::GetAtt': [tableLogicalId(), 'StreamArn'] });
    expect(p.FilterCriteria.Filters.map((f: Json) => JSON.parse(f.Pattern))).toEqual([
      {
        eventName: ['INSERT'],
        dynamodb: { NewImage: { entity: { S: ['event'] }, type: { S: ['created', 'email-in', 'assignment', 'acceptance', 'delivery'] } } },
      },
      { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['access', 'unmatched'] } } } },
      { eventName: ['MODIFY'], dynamodb: { NewImage: { entity: { S: ['outbox'] }, state: { S: ['failed'] } } } },
    ]);
    expect(p.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(resources[refTarget(p.DestinationConfig.OnFailure.Destination)!]!.Type).toBe('AWS::SQS::Queue');
  });

  it('leaves changes of tickets, and new history events and attachments, to the indexer, which reads them in order and keeps them for a day', () => {
    const [, mapping] = mappingOf('indexer');
    const p = mapping.Properties;
    expect(p.EventSourceArn).toEqual({ 'Fn::GetAtt': [tableLogicalId(), 'StreamArn'] });
    expect(p.FilterCriteria.Filters.map((f: Json) => JSON.parse(f.Pattern))).toEqual([
      { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { entity: { S: ['ticket'] } } } },
      { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['event', 'attachment'] } } } },
    ]);
    expect(p).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRecordAgeInSeconds: 86_400,
      BisectBatchOnFunctionError: true,
    });
    expect(resources[refTarget(p.DestinationConfig.OnFailure.Destination)!]!.Type).toBe('AWS::SQS::Queue');
  });

  it('runs the sweep (deadline reminders, digests) every 5 minutes', () => {
    const rules = ofType(resources, 'AWS::Events::Rule').filter(([, r]) => r.Properties.ScheduleExpression === 'rate(5 minutes)');
    expect(rules.flatMap(([, r]) => r.Properties.Targets.map((t: Json) => refTarget(t.Arn)))).toEqual([functionOf('alertsSweep')[0]]);
  });
});

// ── mail ─────────────────────────────────────────────────────────────────────
describe('SES', () => {
  it('verifies the mail domain with Easy DKIM and sends through a configuration set', () => {
    const [, identity] = one('AWS::SES::EmailIdentity');
    expect(identity.Properties.EmailIdentity).toBe(defaultSettings.mailDomain);
    expect(identity.Properties.DkimSigningAttributes).toBeUndefined(); // Easy DKIM (no BYODKIM key)
    expect(refTarget(identity.Properties.ConfigurationSetAttributes.ConfigurationSetName)).toBe(one('AWS::SES::ConfigurationSet')[0]);
  });

  it('stores raw mail in S3 under inbound/, then invokes the inbound handler, with scanning on', () => {
    const [, rule] = one('AWS::SES::ReceiptRule');
    const r = rule.Properties.Rule;
    expect(r.ScanEnabled).toBe(true);
    expect(r.Enabled).toBe(true);
    expect(r.Recipients).toEqual([defaultSettings.mailDomain]);
    expect(r.Actions).toEqual([
      { S3Action: { BucketName: { Ref: mailBucketId() }, ObjectKeyPrefix: 'inbound/' } },
      { LambdaAction: { FunctionArn: { 'Fn::GetAtt': [functionOf('inbound')[0], 'Arn'] }, InvocationType: 'Event' } },
    ]);
    const bucketPolicy = ofType(resources, 'AWS::S3::BucketPolicy').find(([, p]) => refTarget(p.Properties.Bucket) === mailBucketId())![0];
    expect(rule.DependsOn).toContain(bucketPolicy);
  });

  it('lets only our receipt rule invoke the inbound handler, which has its own DLQ', () => {
    const [inboundId, inbound] = functionOf('inbound');
    const sesPermissions = ofType(resources, 'AWS::Lambda::Permission').filter(([, p]) => p.Properties.Principal === 'ses.amazonaws.com');
    expect(sesPermissions).toHaveLength(1);
    expect(refTarget(sesPermissions[0]![1].Properties.FunctionName)).toBe(inboundId);
    expect(sesPermissions[0]![1].Properties.SourceArn).toMatch(/:receipt-rule-set\/.+:receipt-rule\/support-mail$/);
    expect(resources[refTarget(inbound.Properties.DeadLetterConfig.TargetArn)!]!.Type).toBe('AWS::SQS::Queue');
  });

  it('activates the receipt rule set through a custom resource, after the rule exists', () => {
    const [, activation] = one('Custom::AWS');
    const [, ruleSet] = one('AWS::SES::ReceiptRuleSet');
    const create = JSON.parse(activation.Properties.Create as string);
    expect(create).toMatchObject({
      service: 'SES',
      action: 'setActiveReceiptRuleSet',
      parameters: { RuleSetName: ruleSet.Properties.RuleSetName },
    });
    expect(JSON.parse(activation.Properties.Delete as string)).toMatchObject({ action: 'setActiveReceiptRuleSet', parameters: {} });
    expect(activation.DependsOn).toContain(one('AWS::SES::ReceiptRule')[0]);
  });

  it('publishes delivery, bounce and complaint (and delay, reject) events to EventBridge for the delivery-status handler', () => {
    const [, destination] = one('AWS::SES::ConfigurationSetEventDestination');
    expect([...destination.Properties.EventDestination.MatchingEventTypes].sort()).toEqual([
      'bounce',
      'complaint',
      'delivery',
      'deliveryDelay',
      'reject',
    ]);
    expect(destination.Properties.EventDestination.EventBridgeDestination.EventBusArn).toBeDefined();
    const [, rule] = ofType(resources, 'AWS::Events::Rule').find(([, r]) => r.Properties.EventPattern)!;
    expect(rule.Properties.EventPattern).toMatchObject({
      source: ['aws.ses'],
      'detail-type': ['Email Delivered', 'Email Bounced', 'Email Complaint Received', 'Email Delivery Delayed', 'Email Rejected'],
      detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: one('AWS::SES::ConfigurationSet')[0] }] } } },
    });
    expect(rule.Properties.Targets.map((t: Json) => refTarget(t.Arn))).toEqual([functionOf('deliveryStatus')[0]]);
  });
});

// ── web ──────────────────────────────────────────────────────────────────────
describe('CloudFront', () => {
  const config = () => one('AWS::CloudFront::Distribution')[1].Properties.DistributionConfig;
  const apiBehaviours = () => config().CacheBehaviors as Json[];

  it('serves the portal from the web bucket through origin access control', () => {
    const c = config();
    const origin = (c.Origins as Json[]).find((o) => o.Id === c.DefaultCacheBehavior.TargetOriginId)!;
    expect(origin.OriginAccessControlId).toBeDefined();
    expect(referencedIds(origin.DomainName).has(mailBucketId())).toBe(false);
    expect(resources[[...referencedIds(origin.DomainName)][0]!]!.Type).toBe('AWS::S3::Bucket');
    expect(c.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(c.DefaultRootObject).toBe('index.html');
    expect(c.Logging.Prefix).toBe('cloudfront/');
  });

  it('sends /api/* and /admin* to the HTTP API without caching', () => {
    const c = config();
    const behaviours = c.CacheBehaviors as Json[];
    expect(behaviours.map((b) => b.PathPattern).sort()).toEqual(['/admin*', '/api/*']);
    const api = one('AWS::ApiGatewayV2::Api')[0];
    for (const b of behaviours) {
      expect(b.CachePolicyId, b.PathPattern).toBe(CachePolicy.CACHING_DISABLED.cachePolicyId);
      expect(b.AllowedMethods, b.PathPattern).toContain('POST');
      expect(b.ViewerProtocolPolicy, b.PathPattern).toBe('https-only');
      const origin = (c.Origins as Json[]).find((o) => o.Id === b.TargetOriginId)!;
      expect(referencedIds(origin.DomainName).has(api), b.PathPattern).toBe(true);
      expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    }
  });

  it('forwards to the API the viewer headers the functions read, CloudFront-Viewer-Address, all cookies and query strings, never Host', () => {
    for (const b of apiBehaviours()) {
      const policy = resources[refTarget(b.OriginRequestPolicyId)!]!;
      expect(policy.Type, b.PathPattern).toBe('AWS::CloudFront::OriginRequestPolicy');
      const { HeadersConfig, CookiesConfig, QueryStringsConfig } = policy.Properties.OriginRequestPolicyConfig;
      expect(HeadersConfig, b.PathPattern).toEqual({
        HeaderBehavior: 'whitelist',
        Headers: [...FORWARDED_VIEWER_HEADERS, VIEWER_ADDRESS_HEADER],
      });
      expect(CookiesConfig, b.PathPattern).toEqual({ CookieBehavior: 'all' });
      expect(QueryStringsConfig, b.PathPattern).toEqual({ QueryStringBehavior: 'all' });
    }
  });

  it('forwards every request header the HTTP functions read (their source against the origin request policy)', () => {
    const [b] = apiBehaviours();
    const forwarded = (
      resources[refTarget(b!.OriginRequestPolicyId)!]!.Properties.OriginRequestPolicyConfig.HeadersConfig.Headers as string[]
    ).map((h) => h.toLowerCase());
    const read = new Set<string>();
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
      );
    for (const file of walk(path.join(repoRoot, 'functions'))) {
      const source = readFileSync(file, 'utf8');
      if (!source.includes('HttpEvent')) continue; // only the HTTP functions' code sees request headers
      for (const m of source.matchAll(/headers(?:\[['"]([A-Za-z0-9-]+)['"]\]|\.([A-Za-z][A-Za-z0-9]*)\b(?!\s*\())/g))
        read.add((m[1] ?? m[2]!).toLowerCase());
    }
    read.delete('cookie'); // forwarded whole by the cookie behaviour
    expect(read.size).toBeGreaterThanOrEqual(FORWARDED_VIEWER_HEADERS.length);
    expect([...read].filter((h) => !forwarded.includes(h))).toEqual([]);
  });

  it('adds the origin secret to every API request as a Secrets Manager dynamic reference, never as text', () => {
    const [secretId, secret] = originSecret();
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 48, ExcludePunctuation: true });
    for (const b of apiBehaviours()) {
      const origin = (config().Origins as Json[]).find((o) => o.Id === b.TargetOriginId)!;
      expect(origin.OriginCustomHeaders, b.PathPattern).toEqual([
        {
          HeaderName: ORIGIN_VERIFY_HEADER,
          HeaderValue: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] },
        },
      ]);
    }
  });

  it('sends the portal the CSP of functions/http/security-headers.ts, with HSTS, DENY framing and nosniff', () => {
    const policyId = refTarget(config().DefaultCacheBehavior.ResponseHeadersPolicyId)!;
    const security = resources[policyId]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(security.ContentSecurityPolicy).toEqual({ ContentSecurityPolicy: portalContentSecurityPolicy, Override: true });
    expect(security.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 730 * 86400,
      IncludeSubdomains: true,
      Override: true,
    });
    expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(security.ContentTypeOptions).toEqual({ Override: true });
  });

  it('deploys the built portal into the web bucket and invalidates the cache', () => {
    const [, deployment] = one('Custom::CDKBucketDeployment');
    expect(refTarget(deployment.Properties.DestinationBucketName)).not.toBe(mailBucketId());
    expect(deployment.Properties.DistributionPaths).toEqual(['/*']);
  });
});

// ── alarms ───────────────────────────────────────────────────────────────────
describe('alarms', () => {
  const alarms = () => ofType(resources, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);

  it('go to an SNS topic the admin e-mail is subscribed to', () => {
    const [topicId] = one('AWS::SNS::Topic');
    const [, subscription] = one('AWS::SNS::Subscription');
    expect(subscription.Properties).toMatchObject({ Protocol: 'email', Endpoint: defaultSettings.adminEmail, TopicArn: { Ref: topicId } });
    for (const alarm of alarms()) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  it('watch every dead-letter queue for any message', () => {
    const queues = ofType(resources, 'AWS::SQS::Queue').map(([id]) => id);
    expect(queues.length).toBe(5); // inbound, delivery status; stream failures of the mailer, the alerts and the indexer
    const watched = alarms().filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(watched.map((a) => refTarget(a.Dimensions[0].Value)).sort()).toEqual([...queues].sort());
    for (const a of watched) expect(a).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('watch errors of every function, the API 5xx rate and the SES bounce and complaint rates', () => {
    const errorAlarms = alarms().filter((a) => a.MetricName === 'Errors');
    expect(errorAlarms.map((a) => a.Dimensions[0].Value.Ref).sort()).toEqual(
      ourFunctions()
        .map(([id]) => id)
        .sort(),
    );
    const api5xx = alarms().find((a) => a.Metrics?.some((m: Json) => m.MetricStat?.Metric.MetricName === '5xx'));
    expect(api5xx).toBeDefined();
    const ses = alarms()
      .filter((a) => a.Namespace === 'AWS/SES')
      .map((a) => a.MetricName)
      .sort();
    expect(ses).toEqual(['Reputation.BounceRate', 'Reputation.ComplaintRate']);
  });
});

// ── checks ───────────────────────────────────────────────────────────────────
describe('cdk-nag', () => {
  it('AwsSolutions finds nothing unacknowledged, and synthesis passed its validation', () => {
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(synthError).toBeUndefined();
  });

  it('every acknowledged finding carries a reason', () => {
    const acknowledgements = stack.node
      .findAll()
      .flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((m) => Object.entries(m.data as Record<string, string>)),
      );
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) expect(reason.length, id).toBeGreaterThan(40);
  });
});

describe('npx cdk synth', () => {
  it('synthesises the real tree on a fresh checkout without AWS credentials', async () => {
    const { code, output } = await cliSynth;
    expect(code, output).toBe(0);
    expect(existsSync(path.join(work, 'cli-out', `${STACK_NAME}.template.json`))).toBe(true);
  });
});
