import type { HistoryEvent, WorkEntry } from '../../core/model';
import type { WorkLogStore } from '../../core/ports';
import { DynamoTable, eventItem, keys, strip, type TransactItem } from './table';

/**
 * A ticket's work log: `TICKET#<n>` / `WORK#<id>` items beside the ticket (the ticket view's query
 * does not hand them to anyone; the admin reads them with their own query). Each write goes with
 * its history event in one transaction, conditional on the entry being as it was read.
 */
export class DynamoWorkLog extends DynamoTable implements WorkLogStore {
  async listWork(n: number) {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :w)',
      ExpressionAttributeValues: { ':p': `TICKET#${n}`, ':w': 'WORK#' },
      ConsistentRead: true,
    });
    return items.map((i) => strip<WorkEntry>(i)!);
  }

  async getWork(n: number, id: string) {
    return strip<WorkEntry>(await this.getItem(keys.work(n, id), true));
  }

  async putWork(entry: WorkEntry, event: HistoryEvent) {
    const ok = await this.transact([
      { Put: { TableName: this.table, Item: this.item(entry), ConditionExpression: 'attribute_not_exists(pk)' } },
      this.event(event),
    ]);
    if (!ok) throw new Error(`work entry ${entry.id} of ticket ${entry.ticket} could not be written`);
  }

  replaceWork(entry: WorkEntry, expectVersion: number, event: HistoryEvent) {
    return this.transact([
      {
        Put: {
          TableName: this.table,
          Item: this.item(entry),
          ConditionExpression: 'version = :v AND #by = :by',
          ExpressionAttributeNames: { '#by': 'by' },
          ExpressionAttributeValues: { ':v': expectVersion, ':by': entry.by },
        },
      },
      this.event(event),
    ]);
  }

  deleteWork(entry: WorkEntry, event: HistoryEvent) {
    return this.transact([
      {
        Delete: {
          TableName: this.table,
          Key: keys.work(entry.ticket, entry.id),
          ConditionExpression: 'version = :v AND #by = :by',
          ExpressionAttributeNames: { '#by': 'by' },
          ExpressionAttributeValues: { ':v': entry.version, ':by': entry.by },
        },
      },
      this.event(event),
    ]);
  }

  private item(entry: WorkEntry) {
    return { ...keys.work(entry.ticket, entry.id), entity: 'work', ...entry };
  }

  private event(e: HistoryEvent): TransactItem {
    return {
      Put: {
        TableName: this.table,
        Item: eventItem(e.ticket, e),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }
}
