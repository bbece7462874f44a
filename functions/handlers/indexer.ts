import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Ticket } from '../core/model';
import { trackTicket } from '../core/tickets/ticket-index';
import { lambdaHandler } from '../shared/logger';
import { getTicketIndexDeps } from '../wiring/indexer';

/**
 * The indexer: invoked by the table stream for every change of a ticket (the event source mapping
 * filters for those in AWS; the check here keeps local mode and tests honest), after which what the
 * table keeps beside the ticket is brought up to date: its due and reminder, the queue's counts and
 * the assignee index (core/tickets/ticket-index.ts). A record that fails is reported alone and
 * retried; retrying it, or seeing it twice, changes nothing.
 */
const processor = new BatchProcessor(EventType.DynamoDBStreams);

/** A ticket as a change left it (its new image). */
export function ticketFromRecord(record: DynamoDBRecord): Ticket | undefined {
  const image = record.dynamodb?.NewImage;
  if ((record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') || image?.entity?.S !== 'ticket' || image.sk?.S !== 'META')
    return undefined;
  return unmarshall(image as never) as Ticket;
}

async function indexRecord(record: DynamoDBRecord): Promise<void> {
  const ticket = ticketFromRecord(record);
  if (ticket) await trackTicket(getTicketIndexDeps(), ticket);
}

export const handler = lambdaHandler(
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    // In order: a ticket's changes are then recorded one after another (none found stale for
    // another still in flight), and the shared counts item sees no transactions racing.
    processPartialResponse(event, indexRecord, processor, { throwOnFullBatchFailure: false, processInParallel: false }),
);
