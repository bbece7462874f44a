import { DeleteCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Ticket } from '../../core/model';
import type { TicketIndexStore } from '../../core/ports';
import type { StatusCounts, TicketIndexChange } from '../../core/tickets/ticket-index';
import { billEntryItem, DynamoTable, dueIndex, keys, openWorkIndex, reminderItem, strip, type TransactItem } from './table';

/** Tries of one index write that DynamoDB cancelled for a concurrent transaction on the same item (the counts item is shared). */
const CONFLICT_TRIES = 6;

/**
 * What the stream keeps beside each ticket (core/tickets/ticket-index.ts), in one transaction per
 * change: on the ticket its due (GSI3), `counted` and its open-work entry (GSI4, `listedFor`); the
 * reminder item beside it; the counts item (`COUNTS` / `TICKETS`, one number per status); the
 * ticket's entry in its month of billing (`BILLING#<YYYY-MM>` / `T#<n>`, `billMonth` on the ticket).
 */
export class DynamoTicketIndex extends DynamoTable implements TicketIndexStore {
  async recordIndex(ticket: Ticket, change: TicketIndexChange): Promise<'recorded' | 'stale'> {
    const names: Record<string, string> = {};
    // The record never moves updatedAt: it is not a change of the ticket, only of its indexes.
    const values: Record<string, unknown> = { ':seen': ticket.updatedAt };
    const conditions = ['updatedAt = :seen'];
    const sets: string[] = [];
    const removes: string[] = [];
    const beside: TransactItem[] = [];
    if (change.due) {
      names['#due'] = 'due';
      const { due, reminder } = change.due;
      if (due) {
        const { gsi3pk, gsi3sk } = dueIndex(due);
        Object.assign(values, { ':due': due, ':g3p': gsi3pk, ':g3s': gsi3sk });
        sets.push('#due = :due', 'gsi3pk = :g3p', 'gsi3sk = :g3s');
      } else removes.push('#due', 'gsi3pk', 'gsi3sk');
      beside.push(
        reminder
          ? { Put: { TableName: this.table, Item: reminderItem(ticket.number, reminder) } }
          : { Delete: { TableName: this.table, Key: keys.reminder(ticket.number) } },
      );
    }
    if (change.count) {
      const { from, to } = change.count;
      values[':to'] = to;
      sets.push('counted = :to');
      if (from) {
        values[':from'] = from;
        conditions.push('counted = :from');
      } else conditions.push('attribute_not_exists(counted)');
      beside.push({
        Update: {
          TableName: this.table,
          Key: keys.counts,
          UpdateExpression: from ? 'ADD #to :one, #from :minus' : 'ADD #to :one',
          ExpressionAttributeNames: { '#to': to, ...(from && { '#from': from }) },
          ExpressionAttributeValues: { ':one': 1, ...(from && { ':minus': -1 }) },
        },
      });
    }
    if (change.listedFor) {
      const { listedFor, gsi4pk, gsi4sk } = openWorkIndex(change.listedFor, ticket);
      Object.assign(values, { ':lf': listedFor, ':g4p': gsi4pk, ':g4s': gsi4sk });
      sets.push('listedFor = :lf', 'gsi4pk = :g4p', 'gsi4sk = :g4s');
    } else if (change.listedFor === null) removes.push('listedFor', 'gsi4pk', 'gsi4sk');
    if (change.billMonth !== undefined) {
      // The month's entry moves with the ticket: the old one (as the ticket records it) goes, the new one comes.
      if (ticket.billMonth) beside.push({ Delete: { TableName: this.table, Key: keys.billEntry(ticket.billMonth, ticket.number) } });
      if (change.billMonth) {
        values[':bm'] = change.billMonth;
        sets.push('billMonth = :bm');
        beside.push({ Put: { TableName: this.table, Item: billEntryItem(change.billMonth, ticket) } });
      } else removes.push('billMonth');
    }

    const onTicket: TransactItem = {
      Update: {
        TableName: this.table,
        Key: keys.ticket(ticket.number),
        UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : '']
          .join(' ')
          .trim(),
        ConditionExpression: conditions.join(' AND '),
        ...(Object.keys(names).length > 0 && { ExpressionAttributeNames: names }),
        ExpressionAttributeValues: values,
      },
    };
    for (let attempt = 1; ; attempt++) {
      const reasons = await this.transactOrReasons([onTicket, ...beside]);
      if (!reasons) return 'recorded';
      // A newer change of the ticket (or a second delivery of this one) records its own.
      if (reasons[0] === 'ConditionalCheckFailed') return 'stale';
      if (!reasons.includes('TransactionConflict') || attempt === CONFLICT_TRIES)
        throw new Error(`indexing ticket ${ticket.number} was cancelled: ${reasons.join(', ')}`);
      await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
    }
  }

  readCounts(): Promise<StatusCounts> {
    return this.ticketCounts();
  }

  /** Adds to the counts and stamps the item `recountedAt` (it exists from then on, even with no ticket). */
  async adjustCounts(delta: Partial<StatusCounts>) {
    const entries = Object.entries(delta).filter(([, d]) => d !== 0);
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.counts,
        UpdateExpression: `SET recountedAt = :now${entries.length ? ` ADD ${entries.map((_, i) => `#s${i} :d${i}`).join(', ')}` : ''}`,
        ...(entries.length > 0 && { ExpressionAttributeNames: Object.fromEntries(entries.map(([s], i) => [`#s${i}`, s])) }),
        ExpressionAttributeValues: { ':now': new Date().toISOString(), ...Object.fromEntries(entries.map(([, d], i) => [`:d${i}`, d])) },
      }),
    );
  }

  /** Whether the counts item exists (a table from before the counts has none: `ops recount` makes it). */
  async hasCounts() {
    return (await this.getItem(keys.counts)) !== undefined;
  }

  /**
   * Every ticket, page by page: a scan, for the ops commands that rebuild what the stream keeps
   * (`reindex`, `recount`); nothing on the request path reads the table this way. `resumable`: the
   * scan's position is kept in `REINDEX` / `STATE` after each page is handled, a run starts from
   * it when there is one, and it is removed at the end.
   */
  async *everyTicket(opts: { resumable?: boolean; onResume?: (at: string) => void } = {}): AsyncGenerator<Ticket> {
    const state = { pk: 'REINDEX', sk: 'STATE' };
    let start = opts.resumable ? ((await this.getItem(state, true))?.position as Record<string, unknown> | undefined) : undefined;
    if (start) opts.onResume?.(String(start.pk));
    do {
      const res = await this.doc.send(
        new ScanCommand({
          TableName: this.table,
          FilterExpression: 'entity = :t AND sk = :meta',
          ExpressionAttributeValues: { ':t': 'ticket', ':meta': 'META' },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of res.Items ?? []) yield strip<Ticket>(item)!;
      start = res.LastEvaluatedKey;
      if (opts.resumable) {
        if (start)
          await this.doc.send(
            new PutCommand({ TableName: this.table, Item: { ...state, entity: 'reindex', position: start, at: new Date().toISOString() } }),
          );
        else await this.doc.send(new DeleteCommand({ TableName: this.table, Key: state }));
      }
    } while (start);
  }
}
