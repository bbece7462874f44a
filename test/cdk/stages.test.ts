import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedHandlers, handlerSpecs } from '../../lib/handlers';
import { defaultSettings, readSettings } from '../../lib/settings';
import { createSupportApp, STACK_NAME } from '../../lib/support-app';
import { ofType, type Resources } from './template-helpers';

/**
 * The stack at other stages of the project and with other settings. No handler is bundled here
 * (empty handler sets), so these synths take a second or two each.
 */
let work: string;
let webDir: string;

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'softech-cdk-stages-'));
  webDir = path.join(work, 'web');
  mkdirSync(webDir);
  writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>test</title>');
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function synth(name: string, context: Record<string, string> = {}): Resources {
  const outdir = path.join(work, name);
  const { app } = createSupportApp({ webAssetPath: webDir, outdir, handlers: {}, context });
  app.synth(); // throws when cdk-nag reports anything unacknowledged
  return (JSON.parse(readFileSync(path.join(outdir, `${STACK_NAME}.template.json`), 'utf8')) as { Resources: Resources }).Resources;
}

describe('handler registry', () => {
  it("fails the synth, naming them, when handlers' entry files are missing", () => {
    const root = path.join(work, 'checkout');
    mkdirSync(path.join(root, 'functions', 'handlers'), { recursive: true });
    writeFileSync(path.join(root, handlerSpecs.mailer.entry), 'export const handler = 1;');
    expect(() => checkedHandlers(handlerSpecs, root)).toThrow(
      /missing: clientApi \(functions\/handlers\/client-api\.ts\), admin .*deliveryStatus/,
    );
  });

  it('returns every handler when every entry file exists', () => {
    expect(Object.keys(checkedHandlers())).toEqual(Object.keys(handlerSpecs));
  });
});

describe('stack without any handler written', () => {
  let resources: Resources;
  beforeAll(() => {
    resources = synth('no-handlers');
  }, 120_000);

  it('still synthesises, cdk-nag clean, with no function of ours', () => {
    const ours = ofType(resources, 'AWS::Lambda::Function').filter(([, f]) => f.Properties.Environment?.Variables?.STAGE === 'aws');
    expect(ours).toEqual([]);
  });

  it('still stores inbound mail in S3, with the Lambda action left out', () => {
    const [[, rule]] = ofType(resources, 'AWS::SES::ReceiptRule') as [[string, Resources[string]]];
    expect(rule.Properties.Rule.Actions.map((a: object) => Object.keys(a)[0])).toEqual(['S3Action']);
    expect(ofType(resources, 'AWS::SES::ConfigurationSetEventDestination')).toEqual([]);
    expect(ofType(resources, 'AWS::ApiGatewayV2::Route')).toEqual([]);
  });
});

describe('stack with a custom domain', () => {
  const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/0f0e0d0c-1111-2222-3333-444455556666';
  let resources: Resources;
  beforeAll(() => {
    resources = synth('custom-domain', { certificateArn, domainName: 'podpora.example.cz', mailDomain: 'mail.example.cz' });
  }, 120_000);

  it('serves the portal on the domain with TLS 1.2 at least (and passes cdk-nag without the CFR4 acknowledgement)', () => {
    const [[, distribution]] = ofType(resources, 'AWS::CloudFront::Distribution') as [[string, Resources[string]]];
    const config = distribution.Properties.DistributionConfig;
    expect(config.Aliases).toEqual(['podpora.example.cz']);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: certificateArn,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
  });

  it('receives and sends mail for the mail domain', () => {
    const [[, identity]] = ofType(resources, 'AWS::SES::EmailIdentity') as [[string, Resources[string]]];
    expect(identity.Properties.EmailIdentity).toBe('mail.example.cz');
    const [[, rule]] = ofType(resources, 'AWS::SES::ReceiptRule') as [[string, Resources[string]]];
    expect(rule.Properties.Rule.Recipients).toEqual(['mail.example.cz']);
  });
});

describe('stack after a manual rotation of the origin secret', () => {
  const originSecretVersion = 'EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE';
  let resources: Resources;
  beforeAll(() => {
    resources = synth('origin-secret-rotated', { originSecretVersion });
  }, 120_000);

  it('sends CloudFront the named version of the secret, so the changed reference makes CloudFormation resolve it again', () => {
    const [[secretId]] = ofType(resources, 'AWS::SecretsManager::Secret') as [[string, Resources[string]]];
    const [[, distribution]] = ofType(resources, 'AWS::CloudFront::Distribution') as [[string, Resources[string]]];
    const headers = (distribution.Properties.DistributionConfig.Origins as { OriginCustomHeaders?: unknown[] }[]).flatMap(
      (o) => o.OriginCustomHeaders ?? [],
    );
    expect(headers).toEqual([
      {
        HeaderName: 'X-Origin-Verify',
        HeaderValue: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, `:SecretString:::${originSecretVersion}}}`]] },
      },
    ]);
  });
});

describe('settings', () => {
  const settingsWith = (context: Record<string, string>) => readSettings(new App({ context }).node);

  it("default to Softech's domains, so synth needs no flags", () => {
    expect(settingsWith({})).toEqual(defaultSettings);
  });

  it('reject a malformed admin e-mail, domain or retention', () => {
    expect(() => settingsWith({ adminEmail: 'admin' })).toThrow(/adminEmail/);
    expect(() => settingsWith({ mailDomain: 'not a domain' })).toThrow(/mailDomain/);
    expect(() => settingsWith({ rawMailRetentionDays: '-1' })).toThrow(/rawMailRetentionDays/);
    expect(() => settingsWith({ logRetentionDays: '42' })).toThrow(/logRetentionDays/);
  });

  it('reject a certificate outside us-east-1, which CloudFront cannot use', () => {
    expect(() => settingsWith({ certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f0e0d0c-1111' })).toThrow(/us-east-1/);
  });

  it('reject an origin secret version that is not a Secrets Manager version id', () => {
    expect(() => settingsWith({ originSecretVersion: 'AWSCURRENT}}' })).toThrow(/originSecretVersion/);
  });

  it('take numbers from -c key=value strings', () => {
    expect(settingsWith({ rawMailRetentionDays: '0', logRetentionDays: '365' })).toMatchObject({
      rawMailRetentionDays: 0,
      logRetentionDays: 365,
    });
  });
});
