import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Reminder } from '../../core/deadlines/due';
import type { Due, DueKind, Ticket } from '../../core/model';
import type { DueRange, DueStore, ReminderEntry } from '../../core/ports';
import { DUE_PREFIX, DynamoTable, dueIndex, keys, REMINDERS, reminderItem, strip, type TransactItem } from './table';

/**
 * The due index (docs/data-model.md, GSI3): a ticket with something due carries `due` and
 * `gsi3pk = DUE#<kind>`, `gsi3sk = <due time>`; its next reminder is an item of its own beside it
 * (`TICKET#<n>` / `REMINDER`) under `gsi3pk = REMINDERS`, `gsi3sk = <remind time>#<n>`. Queries on
 * either read only what falls in their range.
 */
export class DynamoDue extends DynamoTable implements DueStore {
  async recordDue(ticket: number, seenUpdatedAt: string, due: Due | undefined, reminder: Reminder | undefined) {
    const onTicket: TransactItem = {
      Update: {
        TableName: this.table,
        Key: keys.ticket(ticket),
        // The record never moves updatedAt: it is not a change of the ticket, only of its index.
        UpdateExpression: due ? 'SET #due = :due, gsi3pk = :p, gsi3sk = :s' : 'REMOVE #due, gsi3pk, gsi3sk',
        ConditionExpression: 'updatedAt = :seen',
        ExpressionAttributeNames: { '#due': 'due' },
        ExpressionAttributeValues: {
          ':seen': seenUpdatedAt,
          ...(due && (({ due: d, gsi3pk, gsi3sk }) => ({ ':due': d, ':p': gsi3pk, ':s': gsi3sk }))(dueIndex(due))),
        },
      },
    };
    const onReminder: TransactItem = reminder
      ? { Put: { TableName: this.table, Item: reminderItem(ticket, reminder) } }
      : { Delete: { TableName: this.table, Key: keys.reminder(ticket) } };
    const reasons = await this.transactOrReasons([onTicket, onReminder]);
    if (!reasons) return 'recorded';
    // A newer change of the ticket records its own due; anything else (a conflict) is retried by the caller.
    if (reasons[0] === 'ConditionalCheckFailed') return 'stale';
    throw new Error(`recording the due of ticket ${ticket} was cancelled: ${reasons.join(', ')}`);
  }

  async dueReminders(until: Date, limit: number) {
    const items = await this.query(
      {
        IndexName: 'GSI3',
        KeyConditionExpression: 'gsi3pk = :p AND gsi3sk <= :until',
        // `#` sorts before digits, `~` after: every ticket of the last millisecond is included.
        ExpressionAttributeValues: { ':p': REMINDERS, ':until': `${until.toISOString()}#~` },
      },
      limit,
    );
    return items.map((i) => strip<ReminderEntry>(i)!);
  }

  async advanceReminder(entry: ReminderEntry, next: Reminder | undefined) {
    const same = {
      ConditionExpression: 'remindAt = :r AND threshold = :t AND #at = :at',
      ExpressionAttributeNames: { '#at': 'at' },
      ExpressionAttributeValues: { ':r': entry.remindAt, ':t': entry.threshold, ':at': entry.at },
    };
    return this.transact([
      next
        ? { Put: { TableName: this.table, Item: reminderItem(entry.ticket, next), ...same } }
        : { Delete: { TableName: this.table, Key: keys.reminder(entry.ticket), ...same } },
    ]);
  }

  async listDue(kind: DueKind, range: DueRange, limit: number) {
    const items = await this.query({ IndexName: 'GSI3', ...this.dueRange(kind, range) }, limit);
    return items.map((i) => strip<Ticket>(i)!);
  }

  countDue(kind: DueKind, range: DueRange) {
    return this.countItems({ IndexName: 'GSI3', ...this.dueRange(kind, range) });
  }

  /**
   * Every ticket, page by page: a scan, for filling the index of a table made before it existed
   * (`reindexDue`); nothing on the request path reads the table this way.
   */
  async *everyTicket(): AsyncGenerator<Ticket> {
    let start: Record<string, unknown> | undefined;
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
    } while (start);
  }

  private dueRange(kind: DueKind, range: DueRange) {
    const p = `${DUE_PREFIX}${kind}`;
    return 'before' in range
      ? { KeyConditionExpression: 'gsi3pk = :p AND gsi3sk < :before', ExpressionAttributeValues: { ':p': p, ':before': range.before } }
      : {
          KeyConditionExpression: 'gsi3pk = :p AND gsi3sk BETWEEN :from AND :through',
          ExpressionAttributeValues: { ':p': p, ':from': range.from, ':through': range.through },
        };
  }
}
