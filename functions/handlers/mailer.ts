import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { deliver, sweep } from '../core/outbox';
import { logger } from '../shared/logger';
import { getOutboxDeps } from '../wiring-mailer';

/**
 * Mailer: invoked by the table stream for every outbox item that turns `pending` (the event source
 * mapping filters for those in AWS; the check below keeps local mode and tests honest), and by a
 * schedule for the retry sweep. Failures are reported per record so only they are retried.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const outbox = await getOutboxDeps();
  const failures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    // Only the four attributes that name the mail are read: the rest is the store's business.
    const image = record.dynamodb?.NewImage;
    if (image?.entity?.S !== 'outbox' || image.state?.S !== 'pending') continue;
    const ref = { ticket: Number(image.ticket?.N), id: image.id?.S ?? '' };
    try {
      await deliver(outbox, ref);
    } catch (err) {
      logger.error('outbox delivery crashed', { error: err, ticket: ref.ticket, outboxId: ref.id });
      failures.push({ itemIdentifier: record.dynamodb!.SequenceNumber! });
    }
  }
  return { batchItemFailures: failures };
};

/** Scheduled (EventBridge, every minute): retries whatever is due. */
export const sweepHandler = async () => {
  const counts = await sweep(await getOutboxDeps());
  if (counts.sent + counts.retry + counts.failed > 0) logger.info('outbox sweep', { counts });
  return counts;
};
