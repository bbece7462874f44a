import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { deliver, sweep } from '../core/mail-out/outbox';
import { lambdaHandler, logger } from '../shared/logger';
import { getOutboxDeps } from '../wiring/mailer';

/**
 * Mailer: invoked by the table stream for every outbox item that turns `pending` (the event source
 * mapping filters for those in AWS; the check below keeps local mode and tests honest), and by a
 * schedule for the retry sweep. Failures are reported per record (Powertools' batch utility) so
 * only they are retried.
 */
const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function deliverRecord(record: DynamoDBRecord): Promise<void> {
  // Only the four attributes that name the mail are read: the rest is the store's business.
  const image = record.dynamodb?.NewImage;
  if (image?.entity?.S !== 'outbox' || image.state?.S !== 'pending') return;
  const ref = { ticket: Number(image.ticket?.N), id: image.id?.S ?? '' };
  try {
    await deliver(await getOutboxDeps(), ref);
  } catch (err) {
    logger.error('outbox delivery crashed', { error: err, ticket: ref.ticket, outboxId: ref.id });
    throw err;
  }
}

export const handler = lambdaHandler(
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    // A batch whose every record failed is answered like any other (all listed) rather than thrown:
    // Lambda retries the listed records either way, and the answer stays testable.
    processPartialResponse(event, deliverRecord, processor, { throwOnFullBatchFailure: false }),
);

/** Scheduled (EventBridge, every minute): retries whatever is due. */
export const sweepHandler = lambdaHandler(async () => {
  const counts = await sweep(await getOutboxDeps());
  if (counts.sent + counts.retry + counts.failed > 0) logger.info('outbox sweep', { counts });
  return counts;
});
