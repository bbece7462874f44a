import { TransactionCanceledException, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { isAlertMailId } from '../../core/alerts/triggers';
import type { Reminder } from '../../core/deadlines/due';
import { queueRank, zeroCounts, type StatusCounts } from '../../core/tickets/ticket-index';
import {
  isOpenStatus,
  statuses,
  type Attachment,
  type Client,
  type Due,
  type HistoryEvent,
  type OutboxMail,
  type Status,
  type Ticket,
} from '../../core/model';
import type { ListPosition, Page, PageRequest, QueueOrder } from '../../core/ports';
import { tableSchema, type IndexName } from '../../shared/table-schema';

/**
 * A condition that the ticket's quote has this version (0: the ticket has no quote); version 1 also
 * matches a quote stored before quotes had versions. Puts its value into `values`.
 */
export function quoteVersionIs(version: number, values: Record<string, unknown>): string {
  if (version === 0) return 'attribute_not_exists(quote)';
  values[':quoteVersion'] = version;
  return version === 1
    ? '(quote.version = :quoteVersion OR (attribute_exists(quote) AND attribute_not_exists(quote.version)))'
    : 'quote.version = :quoteVersion';
}

/** Item keys of docs/data-model.md, in one place. */
export const keys = {
  counter: { pk: 'COUNTER', sk: 'TICKET' },
  /** The queue's counts: one attribute per status (kept from the stream, core/tickets/ticket-index.ts). */
  counts: { pk: 'COUNTS', sk: 'TICKETS' },
  /** A ticket billed in a month (core/billing/month.ts), kept from the stream. */
  billEntry: (month: string, n: number) => ({ pk: `BILLING#${month}`, sk: `T#${String(n).padStart(10, '0')}` }),
  /** The billing defaults (core/billing/rates.ts). */
  billingSettings: { pk: 'SETTINGS', sk: 'BILLING' },
  client: (ico: string) => ({ pk: `CLIENT#${ico}`, sk: 'PROFILE' }),
  staff: (email: string) => ({ pk: `STAFF#${email}`, sk: 'PROFILE' }),
  session: (tokenHash: string) => ({ pk: `SESSION#${tokenHash}`, sk: 'SESSION' }),
  throttle: (key: string) => ({ pk: `THROTTLE#${key}`, sk: 'THROTTLE' }),
  ticket: (n: number) => ({ pk: `TICKET#${n}`, sk: 'META' }),
  event: (n: number, at: string, id: string) => ({ pk: `TICKET#${n}`, sk: `EVENT#${at}#${id}` }),
  attachment: (n: number, id: string) => ({ pk: `TICKET#${n}`, sk: `ATTACHMENT#${id}` }),
  /** An entry of the ticket's work log (staff only). */
  work: (n: number, id: string) => ({ pk: `TICKET#${n}`, sk: `WORK#${id}` }),
  /** The terms a ticket is filed under in the full-text index (search.ts). */
  searchTerms: (n: number) => ({ pk: `TERMS#${n}`, sk: 'TERMS' }),
  /** A ticket's next deadline reminder, under GSI3 `REMINDERS` by when it falls. */
  reminder: (n: number) => ({ pk: `TICKET#${n}`, sk: 'REMINDER' }),
  /** A ticket's mail to the client; alerts to staff about it sit beside the ticket, under `ALERTS#<n>`. */
  outbox: (n: number, id: string) => ({ pk: `${isAlertMailId(id) ? 'ALERTS' : 'TICKET'}#${n}`, sk: `OUTBOX#${id}` }),
  messageId: (id: string) => ({ pk: `MSGID#${normaliseMessageId(id)}`, sk: 'MSGID' }),
  idempotency: (ico: string, key: string) => ({ pk: `IDEMPOTENCY#${ico}#${key}`, sk: 'IDEMPOTENCY' }),
  access: (id: string) => ({ pk: `ACCESS#${id}`, sk: 'ACCESS' }),
  inbound: (sesMessageId: string) => ({ pk: `INBOUND#${sesMessageId}`, sk: 'INBOUND' }),
  unmatched: (id: string) => ({ pk: `UNMATCHED#${id}`, sk: 'UNMATCHED' }),
};

/** An item's position in an index: its table key and the index's key (what `ExclusiveStartKey` takes). */
const positionOf = (indexName: IndexName) => {
  const index = tableSchema.indexes.find((i) => i.indexName === indexName)!;
  const names = [tableSchema.partitionKey, tableSchema.sortKey, index.partitionKey, index.sortKey];
  return (item: Item): ListPosition => Object.fromEntries(names.map((n) => [n, item[n]]));
};

/** Message-IDs are compared without angle brackets and case-insensitively. */
export const normaliseMessageId = (id: string) => id.trim().replace(/^<|>$/g, '').toLowerCase();

export const OUTBOX_DUE = 'OUTBOX#due';
export const OUTBOX_FAILED = 'OUTBOX#failed';

export type Item = Record<string, unknown>;
export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

export function strip<T>(item: Item | undefined): T | undefined {
  if (!item) return undefined;
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _a,
    gsi1sk: _b,
    gsi2pk: _c,
    gsi2sk: _d,
    gsi3pk: _f,
    gsi3sk: _g,
    gsi4pk: _h,
    gsi4sk: _i,
    entity: _e,
    ...rest
  } = item;
  return rest as T;
}

/** A client account as an item: known addresses as a string set, listed by name under GSI2 `CLIENTS`. */
export function clientItem(client: Client): Item {
  const { knownEmails, ...rest } = client;
  return {
    ...keys.client(client.ico),
    entity: 'client',
    ...rest,
    ...(knownEmails.length > 0 && { knownEmails: new Set(knownEmails) }),
    gsi2pk: 'CLIENTS',
    gsi2sk: `${client.name.toLowerCase()}#${client.ico}`,
  };
}

/** A history event of ticket `n` as its item. */
export const eventItem = (n: number, e: HistoryEvent): Item => ({ ...keys.event(n, e.at, e.id), entity: 'event', ...e });

/** A page of items as core's records. */
export const mapPage = <T>(page: Page<Item>, as: (item: Item) => T): Page<T> => ({ ...page, items: page.items.map(as) });

export function toClient(item: Item | undefined): Client | undefined {
  const client = strip<Client & { knownEmails?: Set<string> | string[] }>(item);
  if (!client) return undefined;
  return { ...client, knownEmails: [...(client.knownEmails ?? [])].sort() };
}

/** A mail in the outbox as an item, due under GSI2 `OUTBOX#due` (the mailer moves it off when sent); `extra` for what only some mail carries. */
export const outboxItem = (mail: OutboxMail, extra: Item = {}): Item => ({
  ...keys.outbox(mail.ticket, mail.id),
  entity: 'outbox',
  ...mail,
  ...extra,
  gsi2pk: OUTBOX_DUE,
  gsi2sk: mail.dueAt,
});

/** The Message-ID index entry of a mail we send about a ticket, so replies quoting it find the ticket. */
export const sentMessageIdItem = (ticket: number, messageId: string): Item => ({
  ...keys.messageId(messageId),
  entity: 'msgid',
  ticket,
  messageId,
  direction: 'out',
});

/**
 * GSI2 of a ticket: its queue tab, `STATUS#<status>` (a cancelled ticket in the closed tab's), by
 * a sort key in the tab's order: open tickets express first, then oldest first (read forwards);
 * resolved and closed ones by filing time (read backwards, newest first). The key changes with the
 * status only between open and done, so every writer of a status writes both.
 */
export const queuePartition = (status: Status) => `STATUS#${status === 'cancelled' ? 'closed' : status}`;
export const queueIndex = (status: Status, t: QueueOrder) => ({
  gsi2pk: queuePartition(status),
  gsi2sk: isOpenStatus(status) ? `${queueRank(t.category)}#${t.createdAt}` : t.createdAt,
});

export const ticketIndexes = (t: Pick<Ticket, 'ico' | 'status' | 'category' | 'createdAt'>) => ({
  gsi1pk: `CLIENT#${t.ico}`,
  gsi1sk: t.createdAt,
  ...queueIndex(t.status, t),
});

/** GSI4 of an open ticket with an assignee: `ASSIGNEE#<email>`, express first, then oldest first (*Moje*). */
export const OPEN_WORK_PREFIX = 'ASSIGNEE#';
export const openWorkIndex = (email: string, t: Pick<Ticket, 'category' | 'createdAt'>) => ({
  listedFor: email,
  gsi4pk: `${OPEN_WORK_PREFIX}${email}`,
  gsi4sk: `${queueRank(t.category)}#${t.createdAt}`,
});

/** A month's entry of a billed ticket: enough to list the month without reading the tickets. */
export const billEntryItem = (month: string, t: Pick<Ticket, 'number' | 'ico'>): Item => ({
  ...keys.billEntry(month, t.number),
  entity: 'bill-entry',
  month,
  ticket: t.number,
  ico: t.ico,
});

/** GSI3 of a ticket with something due: `DUE#<kind>`, by due time. */
export const DUE_PREFIX = 'DUE#';
export const REMINDERS = 'REMINDERS';
export const dueIndex = (due: Due) => ({ due, gsi3pk: `${DUE_PREFIX}${due.kind}`, gsi3sk: due.at });

/** A ticket's reminder entry: under GSI3 `REMINDERS` by when it falls (then by ticket). */
export const reminderItem = (ticket: number, r: Reminder): Item => ({
  ...keys.reminder(ticket),
  entity: 'reminder',
  ticket,
  ...r,
  gsi3pk: REMINDERS,
  gsi3sk: `${r.remindAt}#${ticket}`,
});

/**
 * What every store of the table shares: the client, the table name and the few ways items are read
 * and written. Each port group has a store of its own beside this file (accounts, tickets, outbox,
 * inbound, and the admin UI's staff directory, queue and ticket changes, client directory, unmatched
 * mail); they translate, they do not decide.
 */
export abstract class DynamoTable {
  constructor(
    protected readonly doc: DynamoDBDocumentClient,
    protected readonly table: string,
  ) {}

  protected async getItem(key: { pk: string; sk: string }, consistent = false): Promise<Item | undefined> {
    const res = await this.doc.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: consistent }));
    return res.Item;
  }

  /** The queue's counts per status: one item read (kept from the stream, ticket-index.ts). */
  async ticketCounts(): Promise<StatusCounts> {
    const item = await this.getItem(keys.counts);
    const counts = zeroCounts();
    for (const s of statuses) if (typeof item?.[s] === 'number') counts[s] = item[s];
    return counts;
  }

  /** Every page of a query, or the first `input.Limit` items when it has one. */
  protected queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    return this.query(input, input.Limit ?? Number.POSITIVE_INFINITY);
  }

  /** Pages of a query until `limit` items (each page asks only for what is still missing). */
  protected async query(input: Omit<QueryCommandInput, 'TableName'>, limit: number): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = Number.isFinite(limit) ? { Limit: limit - items.length } : {};
      const res = await this.doc.send(new QueryCommand({ ...input, TableName: this.table, ExclusiveStartKey: start, ...page }));
      items.push(...(res.Items ?? []));
      start = res.LastEvaluatedKey;
    } while (start && items.length < limit);
    return items;
  }

  /** How many items a query matches, every page counted (`Select: COUNT`: no item is returned). */
  protected async countItems(input: Omit<QueryCommandInput, 'TableName' | 'Select' | 'ExclusiveStartKey'>): Promise<number> {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.doc.send(new QueryCommand({ ...input, TableName: this.table, Select: 'COUNT', ExclusiveStartKey: start }));
      count += res.Count ?? 0;
      start = res.LastEvaluatedKey;
    } while (start);
    return count;
  }

  /** Sends a write with a condition; false when the condition did not hold. */
  protected async writeIf(write: PutCommand | UpdateCommand): Promise<boolean> {
    try {
      // one call per command type: the client's send is typed per command
      await (write instanceof PutCommand ? this.doc.send(write) : this.doc.send(write));
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  protected putIfAbsent(item: Item): Promise<boolean> {
    return this.writeIf(new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
  }

  /**
   * One page of a query on an index (core/ports.ts `PageRequest`): the first, the one after a
   * position or the one before it, in the order `forward` gives (the index's sort order, or its
   * reverse). A position is an item's key in the index, so a page is stable while items are added.
   * With a `FilterExpression` or `keep` (a filter DynamoDB cannot express, applied to the items as
   * read; either way every item read is paid for), at most `maxRead` items are read for one page: a
   * page may then be short and still have a next one.
   */
  protected async page(
    input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey' | 'ScanIndexForward' | 'Select'> & { IndexName: IndexName },
    forward: boolean,
    req: PageRequest,
    { maxRead = 1000, keep }: { maxRead?: number; keep?: (item: Item) => boolean } = {},
  ): Promise<Page<Item>> {
    const filtered = input.FilterExpression !== undefined || keep !== undefined;
    const back = req.before !== undefined;
    const position = positionOf(input.IndexName);
    const items: Item[] = [];
    let start = req.before ?? req.after;
    let read = 0;
    let exhausted = false;
    while (items.length <= req.limit) {
      const want = req.limit + 1 - items.length;
      const res = await this.doc.send(
        new QueryCommand({
          ...input,
          TableName: this.table,
          ScanIndexForward: back ? !forward : forward,
          ExclusiveStartKey: start,
          Limit: filtered ? Math.max(want, 100) : want,
        }),
      );
      items.push(...(keep ? (res.Items ?? []).filter(keep) : (res.Items ?? [])));
      read += res.ScannedCount ?? 0;
      start = res.LastEvaluatedKey;
      if (!start) {
        exhausted = true;
        break;
      }
      if (read >= maxRead) break;
    }
    const shown = items.slice(0, req.limit);
    // Where this walk would go on (in its own direction), if anything may be there.
    const onward = items.length > req.limit ? position(shown.at(-1)!) : exhausted ? undefined : start;
    if (back) {
      shown.reverse();
      return { items: shown, ...(onward && { prev: onward }), ...(shown.length > 0 && { next: position(shown.at(-1)!) }) };
    }
    return { items: shown, ...(onward && { next: onward }), ...(req.after && shown.length > 0 && { prev: position(shown[0]!) }) };
  }

  /** A page of GSI2 `partition`, newest first (descending sort key) unless `newestFirst` is false. */
  protected gsi2Page(partition: string, req: PageRequest, newestFirst = true, keep?: (item: Item) => boolean) {
    return this.page(
      { IndexName: 'GSI2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': partition } },
      !newestFirst,
      req,
      { ...(keep && { keep }) },
    );
  }

  protected byGsi2(partition: string, limit: number, newestFirst = true) {
    return this.query(
      {
        IndexName: 'GSI2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': partition },
        ScanIndexForward: !newestFirst,
      },
      limit,
    );
  }

  /** Sends a transaction: false when DynamoDB cancelled it (a condition did not hold, or a conflict). */
  protected async transact(items: TransactItem[]): Promise<boolean> {
    return (await this.transactOrReasons(items)) === undefined;
  }

  /** Sends a transaction: undefined when it was written, else the code of each item's cancellation reason (`None` for the items that were fine). */
  protected async transactOrReasons(items: TransactItem[]): Promise<string[] | undefined> {
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return undefined;
    } catch (err) {
      if (err instanceof TransactionCanceledException) return (err.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
      throw err;
    }
  }

  /** Attachment items in batches of 25 (idempotent: the same keys again), unprocessed ones retried with backoff. */
  protected putAttachments(attachments: Attachment[]) {
    return this.batchPut(
      attachments.map((a) => ({ ...keys.attachment(a.ticket, a.id), entity: 'attachment', ...a })),
      'attachments',
    );
  }

  /** Puts items in batches of 25 (idempotent: the same keys again), unprocessed ones retried with backoff; `what` names them in the error. */
  protected async batchPut(items: Item[], what: string) {
    for (let i = 0; i < items.length; i += 25) {
      let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`${what} could not be written (throttled)`);
        const res = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests } }));
        requests = (res.UnprocessedItems?.[this.table] ?? []) as typeof requests;
        if (requests.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  }

  /** A page of ticket items (`page`), handed to core as tickets. */
  protected async ticketPage(...args: Parameters<DynamoTable['page']>): Promise<Page<Ticket>> {
    return mapPage(await this.page(...args), (i) => strip<Ticket>(i)!);
  }
}
