import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { bindOriginSecret, bindPortal } from './bind';
import { Alarms } from './constructs/alarms';
import { Api } from './constructs/api';
import { Data } from './constructs/data';
import { Mail } from './constructs/mail';
import { Outbox } from './constructs/outbox';
import { Alerts } from './constructs/alerts';
import { Indexer } from './constructs/indexer';
import { Storage } from './constructs/storage';
import type { BaseEnvironment } from './constructs/support-function';
import { Web } from './constructs/web';
import { checkedHandlers, type HandlerSet } from './handlers';
import type { SupportSettings } from './settings';

export interface SupportStackProps extends StackProps {
  settings: SupportSettings;
  /** Directory with the built portal. */
  webAssetPath: string;
  /** Handlers to deploy; default: every registered handler whose entry file exists. */
  handlers?: HandlerSet;
}

/** The whole of Softech Podpora in AWS (docs/architecture.md), composed of one construct per concern. */
export class SupportStack extends Stack {
  constructor(scope: Construct, id: string, props: SupportStackProps) {
    super(scope, id, { description: 'Softech Podpora: online customer support (serverless)', ...props });
    const { settings } = props;
    Tags.of(this).add('project', 'softech-podpora');

    const environment: BaseEnvironment = {
      STAGE: 'aws',
      MAIL_DOMAIN: settings.mailDomain,
      MAIL_FROM_ADDRESS: `podpora@${settings.mailDomain}`,
      MAIL_FROM_NAME: 'Softech Podpora',
    };
    const common = {
      handlers: props.handlers ?? checkedHandlers(),
      environment,
      logRetention: settings.logRetentionDays,
      replyTokenParameterName: settings.replyTokenParameterName,
    };

    const data = new Data(this, 'Data');
    const storage = new Storage(this, 'Storage', { rawMailRetentionDays: settings.rawMailRetentionDays });
    const shared = { ...common, table: data.table, searchTable: data.searchTable, mailBucket: storage.mailBucket };
    const mail = new Mail(this, 'Mail', { ...shared, mailDomain: settings.mailDomain });
    const outbox = new Outbox(this, 'Outbox', { ...shared, mailSending: mail.sending });
    const alerts = new Alerts(this, 'Alerts', shared);
    const indexer = new Indexer(this, 'Indexer', shared);
    const api = new Api(this, 'Api', { ...shared, throttle: { rateLimit: settings.apiRateLimit, burstLimit: settings.apiBurstLimit } });
    const web = new Web(this, 'Web', {
      webBucket: storage.webBucket,
      accessLogBucket: storage.accessLogBucket,
      apiDomainName: api.domainName,
      domainName: settings.domainName,
      ...(settings.certificateArn !== undefined && { certificateArn: settings.certificateArn }),
      webAssetPath: props.webAssetPath,
      logRetention: settings.logRetentionDays,
      ...(settings.originSecretVersion !== undefined && { originSecretVersion: settings.originSecretVersion }),
    });

    const functions = [...api.functions, ...outbox.functions, ...alerts.functions, ...indexer.functions, ...mail.functions];
    // The portal's address is known only once CloudFront exists (no cycle: CloudFront depends on
    // the API resource, not on the functions behind it).
    for (const fn of functions) bindPortal(fn.fn, web.portal);
    // Only the HTTP functions answer requests, so only they check that a request came through CloudFront.
    for (const fn of api.functions) bindOriginSecret(fn.fn, web.originSecret);

    new Alarms(this, 'Alarms', {
      adminEmail: settings.adminEmail,
      functions,
      deadLetterQueues: [
        ...functions.flatMap((f) => (f.deadLetterQueue ? [f.deadLetterQueue] : [])),
        ...(outbox.streamFailures ? [outbox.streamFailures] : []),
        ...(alerts.streamFailures ? [alerts.streamFailures] : []),
        ...(indexer.streamFailures ? [indexer.streamFailures] : []),
      ],
      httpApi: api.httpApi,
    });

    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output('PortalUrl', web.portal.url, 'Portal address');
    output('DistributionDomainName', web.distribution.distributionDomainName, 'CNAME target for the portal domain');
    output('TableName', data.table.tableName, 'DynamoDB table (npm run ops -- --stage aws --table …)');
    output('SearchTableName', data.searchTable.tableName, 'Full-text index table (npm run ops -- --stage aws --search-table …)');
    output('MailBucketName', storage.mailBucket.bucketName, 'Raw inbound mail and attachments');
    output('MxRecord', `10 inbound-smtp.${this.region}.amazonaws.com`, `MX record of ${settings.mailDomain}`);
    output('ReplyTokenParameter', settings.replyTokenParameterName, 'SSM SecureString to create before the first deploy');
    output('OriginSecretName', web.originSecret.name, 'Secrets Manager secret CloudFront sends to the API (rotate by hand, then redeploy)');
    for (const [i, record] of mail.identity.dkimRecords.entries()) {
      output(`DkimRecord${i + 1}`, `${record.name} CNAME ${record.value}`, `DKIM record ${i + 1} of ${settings.mailDomain}`);
    }
  }
}
