import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { raiseAlerts } from '../core/alerts/alerts';
import { sendDigests } from '../core/alerts/digest';
import {
  triggerFromAccessRequest,
  triggerFromEvent,
  triggerFromFailedMail,
  triggerFromUnmatched,
  type AlertTrigger,
} from '../core/alerts/triggers';
import type { AccessRequest, HistoryEvent, OutboxMail, UnmatchedMail } from '../core/model';
import { sendReminders } from '../core/deadlines/reminders';
import { lambdaHandler, logger } from '../shared/logger';
import { getAlertDeps, getDigestDeps, getReminderDeps } from '../wiring/alerts';

/**
 * Alerts: invoked by the table stream for new history events, access requests and unmatched mail
 * and for outbox mail that failed for good (the event source mapping filters for those in AWS; the
 * checks here keep local mode and tests honest). Each record raises its alerts once; a record that
 * fails is reported alone and retried, and retrying it files nothing twice. (Changes of tickets go to
 * the indexer, handlers/indexer.ts, which keeps the due index the sweep's reminders read.)
 */
const processor = new BatchProcessor(EventType.DynamoDBStreams);

export function triggerFromRecord(record: DynamoDBRecord): AlertTrigger | undefined {
  const image = record.dynamodb?.NewImage;
  if (!image) return undefined;
  const entity = image.entity?.S;
  const item = () => unmarshall(image as never) as Record<string, unknown>;
  if (record.eventName === 'INSERT') {
    if (entity === 'event') return triggerFromEvent(item() as unknown as HistoryEvent);
    if (entity === 'access') return triggerFromAccessRequest(item() as unknown as AccessRequest);
    if (entity === 'unmatched') return triggerFromUnmatched(item() as unknown as UnmatchedMail);
    return undefined;
  }
  if (record.eventName === 'MODIFY' && entity === 'outbox' && image.state?.S === 'failed') {
    const mail = item() as unknown as OutboxMail & { gsi2sk?: string };
    return triggerFromFailedMail(mail, mail.gsi2sk ?? mail.dueAt);
  }
  return undefined;
}

async function alertRecord(record: DynamoDBRecord): Promise<void> {
  const trigger = triggerFromRecord(record);
  if (!trigger) return;
  try {
    await raiseAlerts(await getAlertDeps(), trigger);
  } catch (err) {
    logger.error('alerts failed', { error: err, kind: trigger.kind, ticket: trigger.ticket, key: trigger.key });
    throw err;
  }
}

export const handler = lambdaHandler(
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    // One record after another: records of one ticket (all access requests and unmatched mail are
    // "ticket 0") share the person's alert state item; in parallel they outbid each other past the
    // retries (a burst of 220 in the local stream's batches filed 111 alerts: test/integration/admin-lists.test.ts).
    processPartialResponse(event, alertRecord, processor, { throwOnFullBatchFailure: false, processInParallel: false }),
);

/**
 * Scheduled (EventBridge, every 5 minutes): the deadline reminders that have fallen due, then the
 * daily digests once 7:30 Europe/Prague has passed (a reminder filed for a digest waits for it).
 */
export const sweepHandler = lambdaHandler(async () => {
  const reminders = await sendReminders(await getReminderDeps());
  const digests = await sendDigests(await getDigestDeps());
  return { reminders, digests };
});
