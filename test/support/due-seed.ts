import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDue } from '../../functions/adapters/dynamo/due';
import { DynamoTickets } from '../../functions/adapters/dynamo/tickets';
import { dueIndex, keys, reminderItem, ticketIndexes, type Item } from '../../functions/adapters/dynamo/table';
import { ensureTable } from '../../functions/adapters/table-setup';
import type { AlertTrigger } from '../../functions/core/alerts/triggers';
import { dueOf, firstReminder } from '../../functions/core/deadlines/due';
import { sendReminders, type ReminderRun } from '../../functions/core/deadlines/reminders';
import type { Status, Ticket } from '../../functions/core/model';

/**
 * A table seeded straight into DynamoDB Local with many tickets, few of them due, for the test and
 * the bench of the reminder sweep (issue #14): `total` tickets, `open` of them with a first response
 * due in 30 days, `due` of those with it passed an hour ago; the rest resolved. Items are written as
 * the stores write them (ticket with its indexes and due; the reminder entry beside it).
 */
export interface DueSeed {
  table: string;
  dueTickets: number[];
  /** Writes the due tickets' reminder entries again as seeded (a sweep moves them on), for another sweep. */
  rearm(): Promise<void>;
  /** The sweep over the seeded table, counting what it read (the DynamoDB responses themselves). */
  sweep(now: Date): Promise<{ run: ReminderRun; reads: ReadCount; alerts: AlertTrigger[]; ms: number }>;
  destroy(): void;
}

export interface ReadCount {
  /** Items read (a query's scanned count), by command (and index for queries). */
  items: Record<string, number>;
  /** Keys of the single items read (`pk`). */
  gets: string[];
  scans: number;
  total: number;
}

const HOUR = 3_600_000;

function seededTicket(n: number, status: Status, firstResponseDue: Date, at: Date): Ticket {
  const created = new Date(at.getTime() - 2 * HOUR).toISOString();
  return {
    number: n,
    ico: '27082440',
    clientName: 'Demo Klient s.r.o.',
    contactEmail: 'jana@firma.cz',
    category: 'service',
    subject: `Požadavek ${n}`,
    description: 'Netiskne tiskárna v kanceláři.',
    status,
    firstResponseDue: firstResponseDue.toISOString(),
    ...(status === 'resolved' && { firstResponseAt: created, resolvedAt: created }),
    createdAt: created,
    updatedAt: created,
  };
}

export async function seedDueTable(
  endpoint: string,
  o: { table: string; total: number; open: number; due: number; now: Date; log?: (m: string) => void },
): Promise<DueSeed> {
  const dynamo = new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  await ensureTable(dynamo, o.table);

  const items: Item[] = [];
  const dueTickets: number[] = [];
  const dueReminders: Item[] = [];
  for (let n = 1; n <= o.total; n++) {
    const isOpen = n <= o.open;
    const isDue = n <= o.due;
    const t = seededTicket(n, isOpen ? 'new' : 'resolved', new Date(o.now.getTime() + (isDue ? -HOUR : 30 * 24 * HOUR)), o.now);
    const due = dueOf(t);
    items.push({ ...keys.ticket(n), entity: 'ticket', ...t, ...ticketIndexes(t), ...(due && dueIndex(due)) });
    const reminder = due && reminderItem(n, firstReminder(due, new Date(t.createdAt)));
    if (reminder) items.push(reminder);
    if (isDue && reminder) {
      dueTickets.push(n);
      dueReminders.push(reminder);
    }
  }
  await writeItems(doc, o.table, items, (written, total) => o.log?.(`  seeded ${written} of ${total} items`), 20_000);

  // A client of its own for the sweep, whose responses are counted before they are unmarshalled.
  const counted = new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  let reads: ReadCount = { items: {}, gets: [], scans: 0, total: 0 };
  counted.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const input = args.input as { IndexName?: string; Key?: { pk?: string | { S?: string } } };
      // Items read, not only returned: a filter would hide what a query or scan read.
      const output = result.output as { Items?: unknown[]; Item?: unknown; ScannedCount?: number };
      const command = context.commandName ?? '';
      const name = `${command}${input.IndexName ? ` ${input.IndexName}` : ''}`;
      const n = output.ScannedCount ?? output.Items?.length ?? (output.Item ? 1 : 0);
      reads.items[name] = (reads.items[name] ?? 0) + n;
      reads.total += n;
      if (/^Scan/.test(command)) reads.scans++;
      const pk = input.Key?.pk;
      if (/^Get/.test(command) && pk) reads.gets.push(typeof pk === 'string' ? pk : (pk.S ?? ''));
      return result;
    },
    { step: 'initialize', name: 'countReads' },
  );
  const countedDoc = DynamoDBDocumentClient.from(counted, { marshallOptions: { removeUndefinedValues: true } });
  const due = new DynamoDue(countedDoc, o.table);
  const tickets = new DynamoTickets(countedDoc, o.table);

  return {
    table: o.table,
    dueTickets,
    async rearm() {
      for (let i = 0; i < dueReminders.length; i += 25) {
        const requests = dueReminders.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
        await doc.send(new BatchWriteCommand({ RequestItems: { [o.table]: requests } }));
      }
    },
    async sweep(now) {
      reads = { items: {}, gets: [], scans: 0, total: 0 };
      const alerts: AlertTrigger[] = [];
      const started = performance.now();
      const run = await sendReminders({
        due,
        tickets,
        alert: async (trigger) => void alerts.push(trigger),
        clock: { now: () => now },
        logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      });
      return { run, reads, alerts, ms: performance.now() - started };
    },
    destroy() {
      dynamo.destroy();
      counted.destroy();
    },
  };
}

/** Writes items straight into the table, 8 batches of 25 at a time; `progress` hears every `every` items. */
export async function writeItems(
  doc: DynamoDBDocumentClient,
  table: string,
  items: Item[],
  progress: (written: number, total: number) => void = () => {},
  every = 100_000,
) {
  const batches: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  let written = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        let requests = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
        while (requests.length > 0) {
          const res = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
          requests = (res.UnprocessedItems?.[table] ?? []) as typeof requests;
        }
        written += 25;
        if (written % every < 25) progress(Math.min(written, items.length), items.length);
      }
    }),
  );
}
