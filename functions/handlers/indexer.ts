import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Attachment, HistoryEvent, Ticket } from '../core/model';
import { indexForSearch, type Searchable } from '../core/search/search';
import { trackTicket } from '../core/tickets/ticket-index';
import { lambdaHandler } from '../shared/logger';
import { getTicketIndexDeps } from '../wiring/indexer';

/**
 * The indexer: invoked by the table stream for every change of a ticket (the event source mapping
 * filters for those in AWS; the check here keeps local mode and tests honest), after which what the
 * table keeps beside the ticket is brought up to date: its due and reminder, the queue's counts and
 * the assignee index (core/tickets/ticket-index.ts); and for every new ticket, history event and
 * attachment, the full-text index (core/search/search.ts). A record that fails is reported alone and
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

/** What a new item brings to the full-text index: a ticket, a history event, an attachment. */
export function searchableFromRecord(record: DynamoDBRecord): Searchable | undefined {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image) return undefined;
  const entity = image.entity?.S;
  const item = () => unmarshall(image as never);
  if (entity === 'ticket' && image.sk?.S === 'META') return { kind: 'ticket', ticket: item() as Ticket };
  if (entity === 'event') return { kind: 'event', event: item() as HistoryEvent };
  if (entity === 'attachment') return { kind: 'attachment', attachment: item() as Attachment };
  return undefined;
}

async function indexRecord(record: DynamoDBRecord): Promise<void> {
  const deps = getTicketIndexDeps();
  const ticket = ticketFromRecord(record);
  if (ticket) await trackTicket(deps, ticket);
  const searchable = searchableFromRecord(record);
  if (searchable) await indexForSearch(deps, searchable);
}

export const handler = lambdaHandler(
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    // In order: a ticket's changes are then recorded one after another (none found stale for
    // another still in flight), and the shared counts item sees no transactions racing.
    processPartialResponse(event, indexRecord, processor, { throwOnFullBatchFailure: false, processInParallel: false }),
);
