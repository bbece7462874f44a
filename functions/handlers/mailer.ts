import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { deliver, sweep } from '../core/outbox';
import { logger } from '../shared/logger';
import { getApp } from '../wiring';

/**
 * Mailer: invoked by the table stream for every outbox item that turns `pending` (the event source
 * mapping filters for those in AWS; the check below keeps local mode and tests honest), and by a
 * schedule for the retry sweep. Failures are reported per record so only they are retried.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const app = await getApp();
  const failures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (!image) continue;
    const item = unmarshall(image as Record<string, AttributeValue>);
    if (item.entity !== 'outbox' || item.state !== 'pending') continue;
    try {
      await deliver(app.outbox, { ticket: item.ticket as number, id: item.id as string });
    } catch (err) {
      logger.error('outbox delivery crashed', { error: err, ticket: item.ticket, outboxId: item.id });
      failures.push({ itemIdentifier: record.dynamodb!.SequenceNumber! });
    }
  }
  return { batchItemFailures: failures };
};

/** Scheduled (EventBridge, every minute): retries whatever is due. */
export const sweepHandler = async () => {
  const app = await getApp();
  const counts = await sweep(app.outbox);
  if (counts.sent + counts.retry + counts.failed > 0) logger.info('outbox sweep', { counts });
  return counts;
};
