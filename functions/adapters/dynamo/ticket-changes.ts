import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Refusal } from '../../core/refusal';
import {
  DynamoTable,
  eventItem,
  type Item,
  keys,
  OPEN_WORK_PREFIX,
  outboxItem,
  queueIndex,
  queuePartition,
  quoteVersionIs,
  sentMessageIdItem,
  type TransactItem,
} from './table';
import type { TicketChange, QueueStore, InboxCountStore, PageRequest, QueueRowFilter, TabStatus } from '../../core/ports';
import { isOpenStatus } from '../../core/model';

/** The staff queue (lists and counts by status, inbox counts) and staff changes of a ticket, each one transaction. */
export class DynamoTicketChanges extends DynamoTable implements QueueStore, InboxCountStore {
  // ── tickets ──────────────────────────────────────────────────────────────────
  async listTab(status: TabStatus, req: PageRequest, filter: QueueRowFilter) {
    return this.ticketPage(
      {
        IndexName: 'GSI2',
        ...withRowFilter(filter, { KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': queuePartition(status) } }),
      },
      isOpenStatus(status),
      req,
    );
  }

  async listOpenWork(email: string, req: PageRequest, filter: QueueRowFilter) {
    return this.ticketPage(
      {
        IndexName: 'GSI4',
        ...withRowFilter(filter, {
          KeyConditionExpression: 'gsi4pk = :p',
          ExpressionAttributeValues: { ':p': `${OPEN_WORK_PREFIX}${email}` },
        }),
      },
      true,
      req,
    );
  }

  countOpenWork(email: string) {
    return this.countItems({
      IndexName: 'GSI4',
      KeyConditionExpression: 'gsi4pk = :p',
      ExpressionAttributeValues: { ':p': `${OPEN_WORK_PREFIX}${email}` },
    });
  }

  async countInboxes() {
    const [accessRequests, unmatched, failedMail] = await Promise.all([
      this.count('STATUS#access-open'),
      this.count('STATUS#unmatched'),
      this.count('OUTBOX#failed'),
    ]);
    return { accessRequests, unmatched, failedMail };
  }

  private count(partition: string) {
    return this.countItems({ IndexName: 'GSI2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': partition } });
  }

  async clearAttention(ticket: number) {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.ticket(ticket),
          UpdateExpression: 'REMOVE attention',
          ConditionExpression: 'attribute_exists(attention)',
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }

  async applyTicketChange(change: TicketChange) {
    if (!(await this.transact(ticketChangeItems(this.table, change)))) throw new Refusal('conflict');
  }
}

/** A query narrowed to the rows the filter lets through (a FilterExpression: read, then skipped). */
function withRowFilter(filter: QueueRowFilter, q: { KeyConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> }) {
  const names: Record<string, string> = {};
  const values = { ...q.ExpressionAttributeValues };
  const parts: string[] = [];
  if (filter.category) {
    values[':category'] = filter.category;
    parts.push('category = :category');
  }
  if (filter.ico) {
    values[':ico'] = filter.ico;
    parts.push('ico = :ico');
  }
  if (filter.worker === '-') parts.push('attribute_not_exists(assignee)');
  else if (filter.worker) {
    values[':worker'] = filter.worker;
    parts.push('assignee = :worker');
  }
  return {
    KeyConditionExpression: q.KeyConditionExpression,
    ExpressionAttributeValues: values,
    ...(parts.length > 0 && { FilterExpression: parts.join(' AND ') }),
    ...(Object.keys(names).length > 0 && { ExpressionAttributeNames: names }),
  };
}

/** The items of one staff change of a ticket, for one transaction (unmatched mail adds its own). */
export function ticketChangeItems(table: string, c: TicketChange): TransactItem[] {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':at': c.at };
  const sets = ['updatedAt = :at'];
  const removes: string[] = [];
  if (c.set?.status) {
    const { gsi2pk, gsi2sk } = queueIndex(c.set.status, c.order);
    names['#status'] = 'status';
    Object.assign(values, { ':status': c.set.status, ':g2p': gsi2pk, ':g2s': gsi2sk });
    sets.push('#status = :status', 'gsi2pk = :g2p', 'gsi2sk = :g2s');
  }
  if (c.set?.assignee === null) removes.push('assignee');
  else if (c.set?.assignee !== undefined) {
    values[':assignee'] = c.set.assignee;
    sets.push('assignee = :assignee');
  }
  if (c.set?.quote) {
    values[':quote'] = c.set.quote;
    sets.push('quote = :quote');
  }
  if (c.set?.resolvedAt) {
    values[':resolvedAt'] = c.set.resolvedAt;
    sets.push('resolvedAt = :resolvedAt');
  }
  if (c.firstResponseAt) {
    values[':firstResponseAt'] = c.firstResponseAt;
    sets.push('firstResponseAt = if_not_exists(firstResponseAt, :firstResponseAt)');
  }
  const conditions = ['attribute_exists(pk)'];
  if (c.expectStatus) {
    names['#status'] = 'status';
    values[':expected'] = c.expectStatus;
    conditions.push('#status = :expected');
  }
  if (c.expectQuoteVersion !== undefined) conditions.push(quoteVersionIs(c.expectQuoteVersion, values));
  const put = (item: Item) => ({ Put: { TableName: table, Item: item } });
  return [
    {
      Update: {
        TableName: table,
        Key: keys.ticket(c.ticket),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: conditions.join(' AND '),
        ...(Object.keys(names).length > 0 && { ExpressionAttributeNames: names }),
        ExpressionAttributeValues: values,
      },
    },
    ...c.events.map((e) => put(eventItem(c.ticket, e))),
    ...(c.attachments ?? []).map((a) => put({ ...keys.attachment(c.ticket, a.id), entity: 'attachment', ...a })),
    ...(c.outbox ? [put(outboxItem(c.outbox)), put(sentMessageIdItem(c.ticket, c.outbox.messageId))] : []),
    ...(c.knownEmail
      ? [
          {
            Update: {
              TableName: table,
              Key: keys.client(c.knownEmail.ico),
              UpdateExpression: 'ADD knownEmails :e',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':e': new Set([c.knownEmail.email]) },
            },
          },
        ]
      : []),
  ];
}
