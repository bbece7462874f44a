import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { acknowledge } from '../nag';
import { Construct } from 'constructs';
import { bindBucket, bindMailSending, bindSecureParameter, bindTable, type MailSending } from '../bind';
import { streamFailureQueue, SupportFunction, type FunctionGroupProps } from './support-function';

export interface OutboxProps extends FunctionGroupProps {
  mailSending: MailSending;
}

/**
 * Outbound mail (docs/email.md): the mailer Lambda reads the table stream, filtered in the event
 * source mapping to outbox items that are pending (so it is not invoked for every other write),
 * and reports failed records one by one. A scheduled sweep retries what is due every minute.
 *
 * Table access mirrors the store calls (functions/adapters/dynamo/) each handler reaches: delivery claims and marks the
 * outbox item (UpdateItem); the sweep also lists due mail on GSI2 (Query).
 */
export class Outbox extends Construct {
  readonly functions: SupportFunction[] = [];
  /** Stream records the mailer gave up on (after retries and bisection). */
  readonly streamFailures?: Queue;

  constructor(scope: Construct, id: string, props: OutboxProps) {
    super(scope, id);
    const common = { environment: props.environment, logRetention: props.logRetention };
    const bindMailer = (mailer: SupportFunction, table: Parameters<typeof bindTable>[2]) => {
      bindTable(mailer.fn, props.table, table);
      bindBucket(mailer.fn, props.mailBucket, {});
      bindSecureParameter(mailer.fn, props.replyTokenParameterName);
      bindMailSending(mailer.fn, props.mailSending);
      this.functions.push(mailer);
    };

    if (props.handlers.mailer) {
      const mailer = new SupportFunction(this, 'Mailer', { ...common, spec: props.handlers.mailer });
      bindMailer(mailer, ['UpdateItem']);
      this.streamFailures = streamFailureQueue(this, "mailer's");
      mailer.fn.addEventSource(
        new DynamoEventSource(props.table, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: 10,
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          retryAttempts: 3,
          // The sweep picks up anything older (its due time has passed), so stale records are dropped.
          maxRecordAge: Duration.hours(1),
          onFailure: new SqsDlq(this.streamFailures),
          filters: [
            FilterCriteria.filter({
              dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('outbox') }, state: { S: FilterRule.isEqual('pending') } } },
            }),
          ],
        }),
      );
      acknowledge(
        mailer,
        "dynamodb:ListStreams (granted by the DynamoDB event source) has no resource-level permissions; the stream read actions are scoped to this table's stream.",
        'AwsSolutions-IAM5[Resource::*]',
      );
    }

    if (props.handlers.mailerSweep) {
      // No DLQ: a failed sweep has nothing to redrive, the next one runs a minute later and the
      // Lambda errors alarm reports repeated failures. Retrying a failed run would only overlap it.
      const sweep = new SupportFunction(this, 'Sweep', { ...common, spec: props.handlers.mailerSweep, retryAttempts: 0 });
      bindMailer(sweep, ['Query', 'UpdateItem']);
      new Rule(this, 'EveryMinute', {
        description: 'Outbox retry sweep',
        schedule: Schedule.rate(Duration.minutes(1)),
        targets: [new LambdaFunction(sweep.fn, { retryAttempts: 0 })],
      });
    }
  }
}
