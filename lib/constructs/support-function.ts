import path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { acknowledge } from '../nag';
import { Construct } from 'constructs';
import { setEnvironment } from '../bind';
import { LAMBDA_NODE_OPTIONS, lambdaBundling } from '../bundling';
import { repoRoot, type HandlerSet, type HandlerSpec } from '../handlers';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Config } from '../../functions/shared/config';

/** Environment every function gets; resource-bound variables come from lib/bind.ts. */
/** What every construct that creates a group of handler functions is given. */
export interface FunctionGroupProps {
  handlers: HandlerSet;
  environment: BaseEnvironment;
  logRetention: RetentionDays;
  table: ITable;
  /** The full-text index's table: only the admin, the client API and the indexer are bound to it. */
  searchTable: ITable;
  mailBucket: IBucket;
  replyTokenParameterName: string;
}

export type BaseEnvironment = Pick<Config, 'STAGE' | 'MAIL_DOMAIN' | 'MAIL_FROM_ADDRESS' | 'MAIL_FROM_NAME'>;

export interface SupportFunctionProps {
  spec: HandlerSpec;
  environment: BaseEnvironment;
  logRetention: RetentionDays;
  /**
   * For asynchronously invoked functions (SES, EventBridge): failed events, after `retryAttempts`,
   * go to a queue of their own instead of vanishing.
   */
  deadLetterQueue?: boolean;
  /** Retries of asynchronous invocations (Lambda's default is 2). */
  retryAttempts?: number;
}

/**
 * A Lambda with the project's defaults: ARM64, nodejs22.x, bundled by esbuild (lib/bundling.ts),
 * X-Ray tracing, its own log group with retention, and its own role that starts with nothing but
 * writing to that log group (no AWS managed policy). Everything else comes from lib/bind.ts.
 */
export class SupportFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly deadLetterQueue?: Queue;

  constructor(scope: Construct, id: string, props: SupportFunctionProps) {
    super(scope, id);
    const { spec } = props;
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention });
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: spec.description });
    if (props.deadLetterQueue) {
      this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
    }
    this.fn = new NodejsFunction(this, 'Function', {
      entry: path.join(repoRoot, spec.entry),
      handler: spec.handler,
      description: spec.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memorySize,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      role,
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      bundling: lambdaBundling,
      environment: { NODE_OPTIONS: LAMBDA_NODE_OPTIONS, POWERTOOLS_LOG_LEVEL: 'INFO' },
      ...(this.deadLetterQueue && { deadLetterQueue: this.deadLetterQueue }),
      ...(props.retryAttempts !== undefined && { retryAttempts: props.retryAttempts }),
    });
    setEnvironment(this.fn, props.environment);
    role.addToPolicy(
      new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }),
    );

    acknowledge(
      this.fn,
      'docs/architecture.md fixes the runtime at nodejs22.x, the Node line the code and its tests are written for; moving to a newer runtime is a deliberate change, not a default.',
      'AwsSolutions-L1',
    );
    acknowledge(
      role,
      'X-Ray PutTraceSegments/PutTelemetryRecords (tracing) support no resource-level permissions.',
      'AwsSolutions-IAM5[Resource::*]',
    );
  }
}

/**
 * The on-failure destination of a stream event source mapping: the records a function gave up on
 * (after retries and bisection) wait here 14 days; the alarms watch it. `owner` names the function
 * in cdk-nag's acknowledgement.
 */
export function streamFailureQueue(scope: Construct, owner: string): Queue {
  const queue = new Queue(scope, 'StreamFailures', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  acknowledge(
    queue,
    `This queue is itself the on-failure destination (the DLQ) of the ${owner} stream event source mapping; it has no consumer that could fail.`,
    'AwsSolutions-SQS3',
  );
  return queue;
}
