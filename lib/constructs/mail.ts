import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  ReceiptRuleSet,
  SuppressionReasons,
  TlsPolicy,
  type IReceiptRuleAction,
  type ReceiptRuleActionConfig,
} from 'aws-cdk-lib/aws-ses';
import { Lambda as LambdaAction, LambdaInvocationType } from 'aws-cdk-lib/aws-ses-actions';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { acknowledge } from '../nag';
import { Construct } from 'constructs';
import { bindBucket, bindSecureParameter, bindTable, type MailSending } from '../bind';
import type { HandlerSet } from '../handlers';
import { MAIL_PREFIXES } from './storage';
import { SupportFunction, type BaseEnvironment } from './support-function';

export interface MailProps {
  mailDomain: string;
  /**
   * `inbound` wires the receipt rule's Lambda action; `deliveryStatus` wires the configuration
   * set's delivery/bounce/complaint (and delay/reject) events, EventBridge → Lambda. Without
   * functions/handlers/delivery-status.ts no event destination is created.
   */
  handlers: HandlerSet;
  environment: BaseEnvironment;
  logRetention: RetentionDays;
  table: ITable;
  mailBucket: Bucket;
  replyTokenParameterName: string;
}

/**
 * SES events the delivery-status handler records: configuration-set event types and the
 * EventBridge detail-types SES publishes them under.
 */
const DELIVERY_EVENTS = [
  { type: EmailSendingEvent.DELIVERY, detailType: 'Email Delivered' },
  { type: EmailSendingEvent.BOUNCE, detailType: 'Email Bounced' },
  { type: EmailSendingEvent.COMPLAINT, detailType: 'Email Complaint Received' },
  { type: EmailSendingEvent.DELIVERY_DELAY, detailType: 'Email Delivery Delayed' },
  { type: EmailSendingEvent.REJECT, detailType: 'Email Rejected' },
];

/**
 * SES's S3 action, with the bucket policy written here instead of by aws-ses-actions' `S3`, whose
 * policy lets SES write on behalf of any rule of the account (aws:SourceAccount only). This one also
 * pins aws:SourceArn to our receipt rule, so no other rule set of the account can write into the bucket.
 */
class StoreRawMail implements IReceiptRuleAction {
  constructor(
    private readonly bucket: Bucket,
    private readonly prefix: string,
  ) {}

  bind(): ReceiptRuleActionConfig {
    return { s3Action: { bucketName: this.bucket.bucketName, objectKeyPrefix: this.prefix } };
  }
}

/**
 * Mail (docs/email.md): the domain identity with Easy DKIM, a configuration set (reputation metrics,
 * suppression of bounced and complaining addresses), the receipt rule set with one rule for the
 * mail domain (virus/spam scan, then S3 action for the raw message, then Lambda action for the
 * inbound handler), activated by a custom resource because CloudFormation cannot activate it.
 */
export class Mail extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly ruleSet: ReceiptRuleSet;
  readonly functions: SupportFunction[] = [];

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const common = { environment: props.environment, logRetention: props.logRetention };

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: Identity.domain(props.mailDomain),
      configurationSet: this.configurationSet,
    });

    // ── inbound ────────────────────────────────────────────────────────────
    const ruleSetName = `${stack.stackName}-inbound`;
    const ruleName = 'support-mail';
    const ruleArn = Arn.format(
      {
        service: 'ses',
        resource: 'receipt-rule-set',
        resourceName: `${ruleSetName}:receipt-rule/${ruleName}`,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      },
      stack,
    );

    const sesWrite = props.mailBucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowSesInboundMail',
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [props.mailBucket.arnForObjects(`${MAIL_PREFIXES.inbound}*`)],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': ruleArn } },
      }),
    );

    const actions: IReceiptRuleAction[] = [new StoreRawMail(props.mailBucket, MAIL_PREFIXES.inbound)];
    if (props.handlers.inbound) {
      // SES invokes asynchronously; failures after two retries land in the function's own DLQ.
      const inbound = new SupportFunction(this, 'Inbound', {
        ...common,
        spec: props.handlers.inbound,
        deadLetterQueue: true,
        retryAttempts: 2,
      });
      // Store calls (adapters/dynamo/inbound.ts, tickets.ts) reached from processInbound: claim and file the mail (Get/Update, and
      // TransactWrite of Put/Update), message-id lookup (BatchGet), attachments (BatchWrite).
      bindTable(inbound.fn, props.table, ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'BatchWriteItem']);
      bindBucket(inbound.fn, props.mailBucket, { read: [MAIL_PREFIXES.inbound], write: [MAIL_PREFIXES.attachments] });
      bindSecureParameter(inbound.fn, props.replyTokenParameterName);
      // Created before the action so aws-ses-actions reuses it: scoped to this rule, not just the account.
      inbound.fn.addPermission('AllowSes', {
        principal: new ServicePrincipal('ses.amazonaws.com'),
        sourceAccount: stack.account,
        sourceArn: ruleArn,
      });
      actions.push(new LambdaAction({ function: inbound.fn, invocationType: LambdaInvocationType.EVENT }));
      this.functions.push(inbound);
    }

    this.ruleSet = new ReceiptRuleSet(this, 'ReceiptRuleSet', { receiptRuleSetName: ruleSetName });
    const rule = this.ruleSet.addRule('Rule', {
      receiptRuleName: ruleName,
      recipients: [props.mailDomain],
      scanEnabled: true,
      // Clients' mail servers are whatever they are; refusing plain-text SMTP would lose their replies.
      tlsPolicy: TlsPolicy.OPTIONAL,
      actions,
    });
    // SES test-writes into the bucket when the rule is created, so the policy must exist first.
    if (sesWrite.policyDependable) rule.node.addDependency(sesWrite.policyDependable);

    this.activateRuleSet(ruleSetName, rule, props.logRetention);

    // ── delivery status ────────────────────────────────────────────────────
    if (props.handlers.deliveryStatus) {
      const deliveryStatus = new SupportFunction(this, 'DeliveryStatus', {
        ...common,
        spec: props.handlers.deliveryStatus,
        deadLetterQueue: true,
        retryAttempts: 2,
      });
      // recordDelivery: one TransactWrite of an Update (the outbox item) and a Put (the history event).
      bindTable(deliveryStatus.fn, props.table, ['PutItem', 'UpdateItem']);
      bindBucket(deliveryStatus.fn, props.mailBucket, {});
      bindSecureParameter(deliveryStatus.fn, props.replyTokenParameterName);
      const defaultBus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');
      this.configurationSet.addEventDestination('ToEventBridge', {
        destination: EventDestination.eventBus(defaultBus),
        events: DELIVERY_EVENTS.map((e) => e.type),
      });
      new Rule(this, 'DeliveryEvents', {
        description: 'SES delivery, bounce and complaint events of the support configuration set',
        eventPattern: {
          source: ['aws.ses'],
          detailType: DELIVERY_EVENTS.map((e) => e.detailType),
          detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } },
        },
        targets: [new LambdaFunction(deliveryStatus.fn, { deadLetterQueue: deliveryStatus.deadLetterQueue!, retryAttempts: 8 })],
      });
      this.functions.push(deliveryStatus);
    }
  }

  /** What the mailer needs to send from this identity through this configuration set. */
  get sending(): MailSending {
    return { identityArn: this.identity.emailIdentityArn, configurationSetName: this.configurationSet.configurationSetName };
  }

  /**
   * Only one receipt rule set per account and region can be active; CloudFormation cannot switch
   * it, so a custom resource calls SetActiveReceiptRuleSet (and deactivates on delete, which SES
   * requires before the set can be deleted).
   */
  private activateRuleSet(ruleSetName: string, rule: Construct, logRetention: RetentionDays) {
    const logGroup = new LogGroup(this, 'ActivationLogs', { retention: logRetention });
    const role = new Role(this, 'ActivationRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Activates the SES receipt rule set',
    });
    role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    const activate = {
      service: 'SES',
      action: 'setActiveReceiptRuleSet',
      parameters: { RuleSetName: ruleSetName },
      physicalResourceId: PhysicalResourceId.of(`active-${ruleSetName}`),
    };
    const activation = new AwsCustomResource(this, 'ActivateRuleSet', {
      onCreate: activate,
      onUpdate: activate,
      onDelete: { service: 'SES', action: 'setActiveReceiptRuleSet', parameters: {} },
      policy: AwsCustomResourcePolicy.fromStatements([new PolicyStatement({ actions: ['ses:SetActiveReceiptRuleSet'], resources: ['*'] })]),
      installLatestAwsSdk: false,
      role,
      logGroup,
    });
    activation.node.addDependency(rule);
    for (const scope of [role, activation])
      acknowledge(scope, 'ses:SetActiveReceiptRuleSet has no resource-level permissions.', 'AwsSolutions-IAM5[Resource::*]');
  }
}
