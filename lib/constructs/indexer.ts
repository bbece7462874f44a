import { Duration } from 'aws-cdk-lib';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { bindSearchTable, bindTable } from '../bind';
import { streamFailureQueue, SupportFunction, type FunctionGroupProps } from './support-function';

/**
 * The ticket indexes (docs/data-model.md "Kept from the stream"): a Lambda on the table stream,
 * filtered in the event source mapping to new and changed tickets and new history events and
 * attachments, that keeps what the queue reads beside each ticket: its due and reminder (GSI3), the
 * counts per status, the assignee index of open work (GSI4), and the full-text index (postings). Records are retried for a day: an index that missed one is wrong until `ops
 * reindex`, so giving up early is worse than being late.
 *
 * Table access mirrors DynamoTicketIndex and DynamoSearch: on the main table, the ticket, the
 * reminder and the counts item in one transaction (UpdateItem, PutItem, DeleteItem; the texts come
 * from the stream's images, so no Query); on the search table, the ticket's indexed terms (GetItem,
 * UpdateItem) and its postings (BatchWriteItem).
 */
export class Indexer extends Construct {
  readonly functions: SupportFunction[] = [];
  readonly streamFailures?: Queue;

  constructor(scope: Construct, id: string, props: FunctionGroupProps) {
    super(scope, id);
    if (!props.handlers.indexer) return;
    const fn = new SupportFunction(this, 'Indexer', {
      environment: props.environment,
      logRetention: props.logRetention,
      spec: props.handlers.indexer,
    });
    bindTable(fn.fn, props.table, ['DeleteItem', 'GetItem', 'PutItem', 'UpdateItem']);
    bindSearchTable(fn.fn, props.searchTable, ['BatchWriteItem', 'GetItem', 'UpdateItem']);
    // The shared configuration names the bucket and the secret's parameter; the indexer reads
    // neither, so it is granted neither (no S3, no ssm:GetParameter).
    fn.fn.addEnvironment('MAIL_BUCKET', props.mailBucket.bucketName);
    fn.fn.addEnvironment('REPLY_TOKEN_SECRET_PARAMETER', props.replyTokenParameterName);
    this.functions.push(fn);
    this.streamFailures = streamFailureQueue(this, "indexer's");
    fn.fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(this.streamFailures),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('ticket') } } },
          }),
          // What the full-text index files: every history event and attachment as it is added.
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: FilterRule.or('event', 'attachment') } } },
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
