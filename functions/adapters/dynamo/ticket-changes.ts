import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AccessRequest, Client, HistoryEvent, OutboxMail, Staff, Ticket, UnmatchedMail } from '../../core/model';
import type { Status } from '../../core/schemas';
import { Refusal } from '../../core/refusal';
import type {
  AccessDecision,
  AdminStore,
  DecidedAccessRequest,
  HandledUnmatchedMail,
  StaffUpdate,
  TicketChange,
  UnmatchedHandling,
} from '../../core/ports';
import { DynamoStore, keys, quoteVersionIs } from './tickets';

/**
 * DynamoDB implementation of the admin UI's store ports (the staff side of core/ports.ts), on the same table
 * and item keys as DynamoStore. Lists come from GSI2 partitions (docs/data-model.md).
 */
type Item = Record<string, unknown>;
type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

function strip<T>(item: Item | undefined): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, entity: _e, ...rest } = item;
  return rest as T;
}

function toClient(item: Item): Client {
  const client = strip<Client & { knownEmails?: Set<string> | string[] }>(item)!;
  return { ...client, knownEmails: [...(client.knownEmails ?? [])].sort() };
}

/** Extends DynamoStore so one object serves every port the admin UI wires (as DynamoStore does for the rest). */
/** How many attachment items go into one transaction with the rest of a change (DynamoDB allows 100 items in all). */
const TRANSACTION_FILES = 90;

export class DynamoAdminStore extends DynamoStore implements AdminStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(doc: DynamoDBDocumentClient, table: string) {
    super(doc, table);
    this.db = doc;
    this.tableName = table;
  }

  private async query(input: Omit<QueryCommandInput, 'TableName'>, limit: number): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.db.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start, Limit: limit - items.length }),
      );
      items.push(...(res.Items ?? []));
      start = res.LastEvaluatedKey;
    } while (start && items.length < limit);
    return items;
  }

  private byGsi2(partition: string, limit: number, newestFirst = true) {
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

  private async transact(items: TransactItem[]): Promise<boolean> {
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (err) {
      if (err instanceof TransactionCanceledException) return false;
      throw err;
    }
  }

  // ── staff ──────────────────────────────────────────────────────────────────
  async listStaff() {
    return (await this.byGsi2('STAFF', 1000, false)).map((i) => strip<Staff>(i)!);
  }

  async updateStaff(email: string, update: StaffUpdate) {
    const entries = Object.entries(update.set ?? {}).filter(([, v]) => v !== undefined);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets = entries.map(([k, v], i) => {
      names[`#s${i}`] = k;
      values[`:s${i}`] = v;
      return `#s${i} = :s${i}`;
    });
    const removes = (update.remove ?? []).map((k, i) => {
      names[`#r${i}`] = k;
      return `#r${i}`;
    });
    if (sets.length === 0 && removes.length === 0) return;
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.staff(email),
        UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : '']
          .join(' ')
          .trim(),
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ...(Object.keys(values).length > 0 && { ExpressionAttributeValues: values }),
      }),
    );
  }

  async useTotpStep(email: string, step: number) {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.staff(email),
          UpdateExpression: 'SET totpLastStep = :s',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(totpLastStep) OR totpLastStep < :s)',
          ExpressionAttributeValues: { ':s': step },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  // ── tickets ────────────────────────────────────────────────────────────────
  async listTicketsByStatus(status: Status, limit: number) {
    return (await this.byGsi2(`STATUS#${status}`, limit)).filter((i) => i.entity === 'ticket').map((i) => strip<Ticket>(i)!);
  }

  async countTicketsByStatus(status: Status) {
    return this.count(`STATUS#${status}`);
  }

  async countInboxes() {
    const [accessRequests, unmatched, failedMail] = await Promise.all([
      this.count('STATUS#access-open'),
      this.count('STATUS#unmatched'),
      this.count('OUTBOX#failed'),
    ]);
    return { accessRequests, unmatched, failedMail };
  }

  private async count(partition: string) {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'GSI2',
          KeyConditionExpression: 'gsi2pk = :p',
          ExpressionAttributeValues: { ':p': partition },
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      count += res.Count ?? 0;
      start = res.LastEvaluatedKey;
    } while (start);
    return count;
  }

  async clearAttention(ticket: number) {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.ticket(ticket),
          UpdateExpression: 'REMOVE attention',
          ConditionExpression: 'attribute_exists(attention)',
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }

  private changeItems(c: TicketChange): TransactItem[] {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':at': c.at };
    const sets = ['updatedAt = :at'];
    const removes: string[] = [];
    if (c.set?.status) {
      names['#status'] = 'status';
      values[':status'] = c.set.status;
      values[':g2'] = `STATUS#${c.set.status}`;
      sets.push('#status = :status', 'gsi2pk = :g2');
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
    const conditions = ['attribute_exists(pk)'];
    if (c.expectStatus) {
      names['#status'] = 'status';
      values[':expected'] = c.expectStatus;
      conditions.push('#status = :expected');
    }
    if (c.expectQuoteVersion !== undefined) conditions.push(quoteVersionIs(c.expectQuoteVersion, values));
    const put = (item: Item) => ({ Put: { TableName: this.tableName, Item: item } });
    return [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.ticket(c.ticket),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: conditions.join(' AND '),
          ...(Object.keys(names).length > 0 && { ExpressionAttributeNames: names }),
          ExpressionAttributeValues: values,
        },
      },
      ...c.events.map((e) => put({ ...keys.event(c.ticket, e.at, e.id), entity: 'event', ...e })),
      ...(c.attachments ?? []).map((a) => put({ ...keys.attachment(c.ticket, a.id), entity: 'attachment', ...a })),
      ...(c.outbox
        ? [
            put({ ...keys.outbox(c.ticket, c.outbox.id), entity: 'outbox', ...c.outbox, gsi2pk: 'OUTBOX#due', gsi2sk: c.outbox.dueAt }),
            put({
              ...keys.messageId(c.outbox.messageId),
              entity: 'msgid',
              ticket: c.ticket,
              messageId: c.outbox.messageId,
              direction: 'out',
            }),
          ]
        : []),
      ...(c.knownEmail
        ? [
            {
              Update: {
                TableName: this.tableName,
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

  async applyTicketChange(change: TicketChange) {
    if (!(await this.transact(this.changeItems(change)))) throw new Refusal('conflict');
  }

  // ── clients ────────────────────────────────────────────────────────────────
  async listClients(limit: number) {
    return (await this.byGsi2('CLIENTS', limit, false)).map(toClient);
  }

  // ── access requests ────────────────────────────────────────────────────────
  async listAccessRequests(state: AccessRequest['state'], limit: number) {
    return (await this.byGsi2(`STATUS#access-${state}`, limit)).map((i) => strip<DecidedAccessRequest>(i)!);
  }

  async getAccessRequest(id: string) {
    const res = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.access(id), ConsistentRead: true }));
    return strip<DecidedAccessRequest>(res.Item);
  }

  async decideAccessRequest(id: string, d: AccessDecision) {
    const fields = Object.entries(d).filter(([k, v]) => k !== 'state' && v !== undefined);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.access(id),
          UpdateExpression: `SET #state = :state, gsi2pk = :g, ${fields.map(([_k], i) => `#f${i} = :f${i}`).join(', ')}`,
          ConditionExpression: '#state = :open',
          ExpressionAttributeNames: { '#state': 'state', ...Object.fromEntries(fields.map(([k], i) => [`#f${i}`, k])) },
          ExpressionAttributeValues: {
            ':state': d.state,
            ':g': `STATUS#access-${d.state}`,
            ':open': 'open',
            ...Object.fromEntries(fields.map(([, v], i) => [`:f${i}`, v])),
          },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  // ── unmatched mail ─────────────────────────────────────────────────────────
  async listOpenUnmatched(limit: number) {
    return (await this.byGsi2('STATUS#unmatched', limit)).map((i) => strip<UnmatchedMail>(i)!);
  }

  async getUnmatched(id: string) {
    const res = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.unmatched(id), ConsistentRead: true }));
    return strip<HandledUnmatchedMail>(res.Item);
  }

  async handleUnmatched(id: string, h: UnmatchedHandling, change?: TicketChange) {
    const fields = Object.entries(h).filter(([k, v]) => k !== 'state' && v !== undefined);
    const mark: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: keys.unmatched(id),
        UpdateExpression: `SET #state = :state, gsi2pk = :g, ${fields.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
        ConditionExpression: '#state = :open',
        ExpressionAttributeNames: { '#state': 'state', ...Object.fromEntries(fields.map(([k], i) => [`#f${i}`, k])) },
        ExpressionAttributeValues: {
          ':state': h.state,
          ':g': `UNMATCHED#${h.state}`,
          ':open': 'open',
          ...Object.fromEntries(fields.map(([, v], i) => [`:f${i}`, v])),
        },
      },
    };
    // A transaction holds at most 100 items and a mail up to 500 attachments: past TRANSACTION_FILES
    // they are written after the transaction, in batches. Should that fail half-way, attaching the
    // mail to the same ticket again writes them again (same keys) instead of answering "handled".
    const files = change?.attachments ?? [];
    if (!change || files.length <= TRANSACTION_FILES) return this.transact([mark, ...(change ? this.changeItems(change) : [])]);
    const ok = await this.transact([mark, ...this.changeItems({ ...change, attachments: [] })]);
    if (!ok) {
      const current = await this.getUnmatched(id);
      if (!(h.state === 'attached' && current?.state === 'attached' && current.attachedTo === change.ticket)) return false;
    }
    await this.putAttachments(files);
    return true;
  }

  // ── outbox ─────────────────────────────────────────────────────────────────
  async listFailedOutbox(limit: number) {
    return (await this.byGsi2('OUTBOX#failed', limit)).map((i) => strip<OutboxMail>(i)!);
  }

  async requeueOutbox(ticket: number, id: string, now: string, event: HistoryEvent) {
    return this.transact([
      {
        Update: {
          TableName: this.tableName,
          Key: keys.outbox(ticket, id),
          UpdateExpression: 'SET #state = :pending, dueAt = :now, attempts = :zero, gsi2pk = :g, gsi2sk = :now',
          ConditionExpression: '#state = :failed',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':pending': 'pending', ':now': now, ':zero': 0, ':g': 'OUTBOX#due', ':failed': 'failed' },
        },
      },
      { Put: { TableName: this.tableName, Item: { ...keys.event(ticket, event.at, event.id), entity: 'event', ...event } } },
    ]);
  }
}
