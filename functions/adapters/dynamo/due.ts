import type { Reminder } from '../../core/deadlines/due';
import type { DueKind, Ticket } from '../../core/model';
import type { DueRange, DueStore, ReminderEntry } from '../../core/ports';
import { DUE_PREFIX, DynamoTable, keys, REMINDERS, reminderItem, strip } from './table';

/**
 * The due index (docs/data-model.md, GSI3): a ticket with something due carries `due` and
 * `gsi3pk = DUE#<kind>`, `gsi3sk = <due time>`; its next reminder is an item of its own beside it
 * (`TICKET#<n>` / `REMINDER`) under `gsi3pk = REMINDERS`, `gsi3sk = <remind time>#<n>`. Queries on
 * either read only what falls in their range. They are written by the ticket index
 * (ticket-index.ts, from the stream) and moved on here by the reminder sweep.
 */
export class DynamoDue extends DynamoTable implements DueStore {
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
