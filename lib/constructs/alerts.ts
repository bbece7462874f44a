import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { bindBucket, bindSecureParameter, bindTable } from '../bind';
import { streamFailureQueue, SupportFunction, type FunctionGroupProps } from './support-function';

/** The history events that raise alerts (core/alerts/triggers.ts `triggerFromEvent`). */
export const ALERTING_EVENT_TYPES = ['created', 'email-in', 'assignment', 'acceptance', 'delivery'] as const;

/**
 * Alerts to staff (docs/alerts.md): a Lambda on the table stream, filtered in the event source
 * mapping to what raises alerts (new history events of the alerting types, new access requests and
 * unmatched mail, outbox mail turned failed), that writes alert mail into the outbox, which the mailer sends. It sends nothing
 * itself. The sweep, every 5 minutes, reminds of deadlines (reading only the reminders due, from
 * GSI3, which the indexer keeps) and sends the daily digests.
 *
 * Table access mirrors DynamoAlerts, DynamoDue's sweep and the reads of raiseAlerts: the ticket, its client,
 * the alert state and mail (GetItem), the staff list, the thread root and the due reminders (Query),
 * alert, digest and reminder items (PutItem, UpdateItem, DeleteItem in transactions).
 */
export class Alerts extends Construct {
  readonly functions: SupportFunction[] = [];
  readonly streamFailures?: Queue;

  constructor(scope: Construct, id: string, props: FunctionGroupProps) {
    super(scope, id);
    if (props.handlers.alertsSweep) {
      // No DLQ and no retry, as the outbox sweep: the next run is 5 minutes later, and the day's
      // mark makes a digest go once however many runs see 7:30 passed.
      const sweep = new SupportFunction(this, 'DigestSweep', {
        environment: props.environment,
        logRetention: props.logRetention,
        spec: props.handlers.alertsSweep,
        retryAttempts: 0,
      });
      // The staff list, digest state and due reminders (Query, GetItem), the day's mark and digest mail
      // (UpdateItem, PutItem in one transaction), reminders moved on or removed (PutItem, DeleteItem).
      bindTable(sweep.fn, props.table, ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem']);
      bindBucket(sweep.fn, props.mailBucket, {});
      bindSecureParameter(sweep.fn, props.replyTokenParameterName);
      this.functions.push(sweep);
      new Rule(this, 'EveryFiveMinutes', {
        description: 'Alerts sweep (deadline reminders, daily digests)',
        schedule: Schedule.rate(Duration.minutes(5)),
        targets: [new LambdaFunction(sweep.fn, { retryAttempts: 0 })],
      });
    }
    if (!props.handlers.alerts) return;
    const fn = new SupportFunction(this, 'Alerts', {
      environment: props.environment,
      logRetention: props.logRetention,
      spec: props.handlers.alerts,
    });
    bindTable(fn.fn, props.table, ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem']);
    bindBucket(fn.fn, props.mailBucket, {});
    bindSecureParameter(fn.fn, props.replyTokenParameterName);
    this.functions.push(fn);
    this.streamFailures = streamFailureQueue(this, "alerts'");
    fn.fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 5,
        // An alert a day late is no alert: older records go to the queue, where the alarm shows them.
        maxRecordAge: Duration.hours(6),
        onFailure: new SqsDlq(this.streamFailures),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('event') }, type: { S: FilterRule.or(...ALERTING_EVENT_TYPES) } } },
          }),
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: FilterRule.or('access', 'unmatched') } } },
          }),
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('MODIFY'),
            dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('outbox') }, state: { S: FilterRule.isEqual('failed') } } },
          }),
        ],
      }),
    );
    acknowledge(
      fn,
      "dynamodb:ListStreams (granted by the DynamoDB event source) has no resource-level permissions; the stream read actions are scoped to this table's stream.",
      'AwsSolutions-IAM5[Resource::*]',
    );
  }
}
