import { TransactionCanceledException, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AccessRequest, Attachment, Client, HistoryEvent, OutboxMail, Session, Staff, Ticket, UnmatchedMail } from '../../core/model';
import {
  IdempotencyKeyTaken,
  type AccessRequestStore,
  type ClientStore,
  type InboundClaim,
  type InboundFiling,
  type InboundStore,
  type IdempotencyRecord,
  type LoginThrottle,
  type NewTicketWrite,
  type OutboxStore,
  type SessionStore,
  type StaffStore,
  type ThrottleState,
  type TicketStore,
  type TicketView,
} from '../../core/ports';
import { subjectKey } from '../../core/accounts/sessions';
import type { DeliveryKind, DeliveryStore } from '../../core/mail-out/delivery-status';
import { Refusal } from '../../core/refusal';

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
  client: (ico: string) => ({ pk: `CLIENT#${ico}`, sk: 'PROFILE' }),
  staff: (email: string) => ({ pk: `STAFF#${email}`, sk: 'PROFILE' }),
  session: (tokenHash: string) => ({ pk: `SESSION#${tokenHash}`, sk: 'SESSION' }),
  throttle: (key: string) => ({ pk: `THROTTLE#${key}`, sk: 'THROTTLE' }),
  ticket: (n: number) => ({ pk: `TICKET#${n}`, sk: 'META' }),
  event: (n: number, at: string, id: string) => ({ pk: `TICKET#${n}`, sk: `EVENT#${at}#${id}` }),
  attachment: (n: number, id: string) => ({ pk: `TICKET#${n}`, sk: `ATTACHMENT#${id}` }),
  outbox: (n: number, id: string) => ({ pk: `TICKET#${n}`, sk: `OUTBOX#${id}` }),
  messageId: (id: string) => ({ pk: `MSGID#${normaliseMessageId(id)}`, sk: 'MSGID' }),
  idempotency: (ico: string, key: string) => ({ pk: `IDEMPOTENCY#${ico}#${key}`, sk: 'IDEMPOTENCY' }),
  access: (id: string) => ({ pk: `ACCESS#${id}`, sk: 'ACCESS' }),
  inbound: (sesMessageId: string) => ({ pk: `INBOUND#${sesMessageId}`, sk: 'INBOUND' }),
  unmatched: (id: string) => ({ pk: `UNMATCHED#${id}`, sk: 'UNMATCHED' }),
};

/** Message-IDs are compared without angle brackets and case-insensitively. */
export const normaliseMessageId = (id: string) => id.trim().replace(/^<|>$/g, '').toLowerCase();

const OUTBOX_DUE = 'OUTBOX#due';
const OUTBOX_FAILED = 'OUTBOX#failed';

type Item = Record<string, unknown>;

function strip<T>(item: Item | undefined): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, entity: _e, ...rest } = item;
  return rest as T;
}

function toClient(item: Item | undefined): Client | undefined {
  const client = strip<Client & { knownEmails?: Set<string> | string[] }>(item);
  if (!client) return undefined;
  return { ...client, knownEmails: [...(client.knownEmails ?? [])].sort() };
}

const ticketIndexes = (t: Pick<Ticket, 'ico' | 'status' | 'createdAt'>) => ({
  gsi1pk: `CLIENT#${t.ico}`,
  gsi1sk: t.createdAt,
  gsi2pk: `STATUS#${t.status}`,
  gsi2sk: t.createdAt,
});

/** DynamoDB implementation of every store port; it translates, it does not decide. */
export class DynamoStore
  implements ClientStore, StaffStore, SessionStore, LoginThrottle, TicketStore, OutboxStore, AccessRequestStore, InboundStore, DeliveryStore
{
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private async getItem(key: { pk: string; sk: string }, consistent = false): Promise<Item | undefined> {
    const res = await this.doc.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: consistent }));
    return res.Item;
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.doc.send(new QueryCommand({ ...input, TableName: this.table, ExclusiveStartKey: start }));
      items.push(...(res.Items ?? []));
      start = res.LastEvaluatedKey;
    } while (start && (input.Limit === undefined || items.length < input.Limit));
    return items;
  }

  private async putIfAbsent(item: Item): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  // ── clients ────────────────────────────────────────────────────────────────
  async getClient(ico: string) {
    return toClient(await this.getItem(keys.client(ico)));
  }

  async createClient(client: Client) {
    const { knownEmails, ...rest } = client;
    return this.putIfAbsent({
      ...keys.client(client.ico),
      entity: 'client',
      ...rest,
      ...(knownEmails.length > 0 && { knownEmails: new Set(knownEmails) }),
      gsi2pk: 'CLIENTS',
      gsi2sk: `${client.name.toLowerCase()}#${client.ico}`,
    });
  }

  async setClientPassword(ico: string, passwordHash: string, mustChangePassword: boolean) {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.client(ico),
        UpdateExpression: 'SET passwordHash = :h, mustChangePassword = :m',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':h': passwordHash, ':m': mustChangePassword },
      }),
    );
  }

  async setClientDisabled(ico: string, disabled: boolean) {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.client(ico),
        UpdateExpression: 'SET disabled = :d',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':d': disabled },
      }),
    );
  }

  // ── staff ──────────────────────────────────────────────────────────────────
  async getStaff(email: string) {
    return strip<Staff>(await this.getItem(keys.staff(email)));
  }

  async createStaff(staff: Staff) {
    return this.putIfAbsent({ ...keys.staff(staff.email), entity: 'staff', ...staff, gsi2pk: 'STAFF', gsi2sk: staff.email });
  }

  // ── sessions ───────────────────────────────────────────────────────────────
  async putSession(session: Session) {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.session(session.tokenHash),
          entity: 'session',
          ...session,
          gsi1pk: `SESSIONS#${subjectKey(session.subject)}`,
          gsi1sk: session.createdAt,
        },
      }),
    );
  }

  async getSession(tokenHash: string) {
    return strip<Session>(await this.getItem(keys.session(tokenHash), true));
  }

  async deleteSession(tokenHash: string) {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: keys.session(tokenHash) }));
  }

  async deleteSessionsOf(subject: string, except?: string) {
    const items = await this.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': `SESSIONS#${subject}` },
    });
    const doomed = items.map((i) => i.tokenHash as string).filter((h) => h !== except);
    await Promise.all(doomed.map((h) => this.deleteSession(h)));
    return doomed.length;
  }

  async clearMustChangePassword(tokenHash: string) {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.session(tokenHash),
        UpdateExpression: 'SET mustChangePassword = :f',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':f': false },
      }),
    );
  }

  // ── login throttle ─────────────────────────────────────────────────────────
  async get(key: string, now: Date): Promise<ThrottleState | undefined> {
    const item = await this.getItem(keys.throttle(key), true);
    if (!item || (item.windowEndsAt as number) <= now.getTime()) return undefined;
    return { failures: item.failures as number, windowEndsAt: item.windowEndsAt as number };
  }

  async recordFailure(key: string, now: Date, windowMs: number): Promise<ThrottleState> {
    const windowEndsAt = now.getTime() + windowMs;
    // Start a new window when there is none or the old one ended; otherwise count into it.
    const res = await this.doc
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.throttle(key),
          UpdateExpression:
            'SET failures = if_not_exists(failures, :zero) + :one, windowEndsAt = if_not_exists(windowEndsAt, :end), expiresAt = :ttl',
          ConditionExpression: 'attribute_not_exists(pk) OR windowEndsAt > :now',
          ExpressionAttributeValues: {
            ':zero': 0,
            ':one': 1,
            ':end': windowEndsAt,
            ':now': now.getTime(),
            ':ttl': Math.ceil(windowEndsAt / 1000) + 3600,
          },
          ReturnValues: 'ALL_NEW',
        }),
      )
      .catch(async (err) => {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
        return this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.throttle(key),
            UpdateExpression: 'SET failures = :one, windowEndsAt = :end, expiresAt = :ttl',
            ExpressionAttributeValues: { ':one': 1, ':end': windowEndsAt, ':ttl': Math.ceil(windowEndsAt / 1000) + 3600 },
            ReturnValues: 'ALL_NEW',
          }),
        );
      });
    return { failures: res.Attributes!.failures as number, windowEndsAt: res.Attributes!.windowEndsAt as number };
  }

  async clear(key: string) {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: keys.throttle(key) }));
  }

  // ── tickets ────────────────────────────────────────────────────────────────
  async nextTicketNumber() {
    const res = await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.counter,
        UpdateExpression: 'ADD #v :one',
        ExpressionAttributeNames: { '#v': 'v' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return res.Attributes!.v as number;
  }

  async createTicket(w: NewTicketWrite) {
    const n = w.ticket.number;
    const items = [
      {
        Put: {
          TableName: this.table,
          Item: { ...keys.ticket(n), entity: 'ticket', ...w.ticket, ...ticketIndexes(w.ticket) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: this.table, Item: { ...keys.event(n, w.event.at, w.event.id), entity: 'event', ...w.event } } },
      {
        Put: {
          TableName: this.table,
          Item: { ...keys.outbox(n, w.outbox.id), entity: 'outbox', ...w.outbox, gsi2pk: OUTBOX_DUE, gsi2sk: w.outbox.dueAt },
        },
      },
      {
        Put: {
          TableName: this.table,
          Item: { ...keys.messageId(w.outbox.messageId), entity: 'msgid', ticket: n, messageId: w.outbox.messageId, direction: 'out' },
        },
      },
      {
        Update: {
          TableName: this.table,
          Key: keys.client(w.ticket.ico),
          UpdateExpression: 'ADD knownEmails :e SET lastContactEmail = :c',
          ConditionExpression: 'attribute_exists(pk) AND disabled = :f',
          ExpressionAttributeValues: { ':e': new Set([w.contactEmail]), ':c': w.contactEmail, ':f': false },
        },
      },
      ...(w.idempotency
        ? [
            {
              Put: {
                TableName: this.table,
                Item: {
                  ...keys.idempotency(w.idempotency.ico, w.idempotency.key),
                  entity: 'idempotency',
                  ...w.idempotency.record,
                  expiresAt: w.idempotency.expiresAt,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ]
        : []),
    ];
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (err) {
      if (err instanceof TransactionCanceledException) {
        const reasons = err.CancellationReasons ?? [];
        if (reasons[5]?.Code === 'ConditionalCheckFailed') throw new IdempotencyKeyTaken();
        if (reasons[4]?.Code === 'ConditionalCheckFailed') throw new Refusal('account_disabled');
      }
      throw err;
    }
  }

  async findIdempotency(ico: string, key: string) {
    const item = await this.getItem(keys.idempotency(ico, key), true);
    return item ? ({ ticket: item.ticket, fingerprint: item.fingerprint } as IdempotencyRecord) : undefined;
  }

  async getTicket(n: number) {
    return strip<Ticket>(await this.getItem(keys.ticket(n), true));
  }

  async getTicketView(n: number): Promise<TicketView | undefined> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': `TICKET#${n}` },
      ConsistentRead: true,
    });
    const meta = items.find((i) => i.sk === 'META');
    if (!meta) return undefined;
    const of = <T>(prefix: string) => items.filter((i) => (i.sk as string).startsWith(prefix)).map((i) => strip<T>(i)!);
    return {
      ticket: strip<Ticket>(meta)!,
      events: of<HistoryEvent>('EVENT#'),
      attachments: of<Attachment>('ATTACHMENT#'),
      outbox: of<OutboxMail>('OUTBOX#'),
    };
  }

  async listClientTickets(ico: string, limit: number) {
    const items = await this.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': `CLIENT#${ico}` },
      ScanIndexForward: false,
      Limit: limit,
    });
    return items.map((i) => strip<Ticket>(i)!);
  }

  async answerQuote(n: number, ico: string, answer: { accepted: boolean; version: number }, event: HistoryEvent, status: Ticket['status']) {
    const values: Record<string, unknown> = {
      ':s': answer.accepted ? 'accepted' : 'declined',
      ':status': status,
      ':g': `STATUS#${status}`,
      ':at': event.at,
      ':ico': ico,
      ':proposed': 'proposed',
    };
    const sameQuote = quoteVersionIs(answer.version, values);
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: keys.ticket(n),
                UpdateExpression: 'SET quote.#s = :s, #status = :status, gsi2pk = :g, updatedAt = :at',
                ConditionExpression: `ico = :ico AND quote.#s = :proposed AND ${sameQuote}`,
                ExpressionAttributeNames: { '#s': 'state', '#status': 'status' },
                ExpressionAttributeValues: values,
              },
            },
            { Put: { TableName: this.table, Item: { ...keys.event(n, event.at, event.id), entity: 'event', ...event } } },
          ],
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof TransactionCanceledException) return false;
      throw err;
    }
  }

  // ── outbox ─────────────────────────────────────────────────────────────────
  async getOutbox(n: number, id: string) {
    return strip<OutboxMail>(await this.getItem(keys.outbox(n, id), true));
  }

  async claim(n: number, id: string, now: Date, leaseUntil: Date) {
    try {
      const res = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.outbox(n, id),
          UpdateExpression: 'SET #state = :sending, dueAt = :lease, gsi2sk = :lease ADD attempts :one',
          ConditionExpression: '#state IN (:pending, :retry, :sending) AND dueAt <= :now',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':pending': 'pending',
            ':retry': 'retry',
            ':lease': leaseUntil.toISOString(),
            ':now': now.toISOString(),
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return strip<OutboxMail>(res.Attributes);
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return undefined;
      throw err;
    }
  }

  async markSent(n: number, id: string, sesMessageId: string, now: Date) {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.outbox(n, id),
        UpdateExpression: 'SET #state = :sent, sentAt = :now, sesMessageId = :sid REMOVE gsi2pk, gsi2sk, lastError',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sent': 'sent', ':now': now.toISOString(), ':sid': sesMessageId },
      }),
    );
  }

  async markRetry(n: number, id: string, error: string, dueAt: Date) {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.outbox(n, id),
        UpdateExpression: 'SET #state = :retry, dueAt = :due, gsi2pk = :g, gsi2sk = :due, lastError = :e',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':retry': 'retry', ':due': dueAt.toISOString(), ':g': OUTBOX_DUE, ':e': error.slice(0, 1000) },
      }),
    );
  }

  async markFailed(n: number, id: string, error: string, now: Date) {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.outbox(n, id),
        UpdateExpression: 'SET #state = :failed, gsi2pk = :g, gsi2sk = :now, lastError = :e',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':failed': 'failed', ':g': OUTBOX_FAILED, ':now': now.toISOString(), ':e': error.slice(0, 1000) },
      }),
    );
  }

  async listDue(now: Date, limit: number) {
    const items = await this.queryAll({
      IndexName: 'GSI2',
      KeyConditionExpression: 'gsi2pk = :p AND gsi2sk <= :now',
      ExpressionAttributeValues: { ':p': OUTBOX_DUE, ':now': now.toISOString() },
      Limit: limit,
    });
    return items.map((i) => ({ ticket: i.ticket as number, id: i.id as string }));
  }

  // ── access requests ────────────────────────────────────────────────────────
  async putAccessRequest(r: AccessRequest) {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.access(r.id), entity: 'access', ...r, gsi2pk: `STATUS#access-${r.state}`, gsi2sk: r.createdAt },
      }),
    );
  }

  // ── inbound mail ───────────────────────────────────────────────────────────
  async claimInbound(sesMessageId: string, owner: string, now: Date, leaseMs: number): Promise<InboundClaim> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...keys.inbound(sesMessageId),
            entity: 'inbound',
            state: 'processing',
            owner,
            leaseUntil: now.getTime() + leaseMs,
            startedAt: now.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (#state = :processing AND (#owner = :owner OR leaseUntil < :now))',
          ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner' },
          ExpressionAttributeValues: { ':processing': 'processing', ':owner': owner, ':now': now.getTime() },
        }),
      );
      return 'claimed';
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      const item = await this.getItem(keys.inbound(sesMessageId), true);
      return item?.state === 'done' ? 'done' : 'in-progress';
    }
  }

  async ticketForMessageIds(messageIds: string[]) {
    const wanted = [...new Set(messageIds.map(normaliseMessageId))].filter((id) => id.length > 0 && id.length < 900).slice(-100);
    if (wanted.length === 0) return undefined;
    const res = await this.doc.send(
      new BatchGetCommand({
        RequestItems: { [this.table]: { Keys: wanted.map((id) => keys.messageId(id)), ConsistentRead: true } },
      }),
    );
    const found = new Map((res.Responses?.[this.table] ?? []).map((i) => [(i.pk as string).slice('MSGID#'.length), i.ticket as number]));
    // In-Reply-To first, then References from the newest
    for (const id of [wanted[0]!, ...wanted.slice(1).reverse()]) if (found.has(id)) return found.get(id);
    return undefined;
  }

  /** Attachment items in batches of 25 (idempotent: the same keys again), unprocessed ones retried with backoff. */
  protected async putAttachments(attachments: Attachment[]) {
    for (let i = 0; i < attachments.length; i += 25) {
      let requests = attachments.slice(i, i + 25).map((a) => ({
        PutRequest: { Item: { ...keys.attachment(a.ticket, a.id), entity: 'attachment', ...a } },
      }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 8) throw new Error('attachments could not be written (throttled)');
        const res = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests } }));
        requests = (res.UnprocessedItems?.[this.table] ?? []) as typeof requests;
        if (requests.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  }

  private inboundDone(sesMessageId: string, outcome: Record<string, unknown>, now: string) {
    return {
      Update: {
        TableName: this.table,
        Key: keys.inbound(sesMessageId),
        UpdateExpression: 'SET #state = :done, outcome = :o, finishedAt = :now REMOVE leaseUntil',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':done': 'done', ':o': outcome, ':now': now },
      },
    };
  }

  async fileInbound(f: InboundFiling) {
    await this.putAttachments(f.attachments);
    const n = f.ticket;
    const set = [
      'updatedAt = :now',
      ...(f.attention ? ['attention = :t'] : []),
      ...(f.statusChange ? ['#status = :s', 'gsi2pk = :g'] : []),
    ];
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.table, Item: { ...keys.event(n, f.event.at, f.event.id), entity: 'event', ...f.event } } },
          ...(f.statusChange
            ? [
                {
                  Put: {
                    TableName: this.table,
                    Item: { ...keys.event(n, f.statusChange.event.at, f.statusChange.event.id), entity: 'event', ...f.statusChange.event },
                  },
                },
              ]
            : []),
          ...(f.messageId
            ? [
                {
                  Put: {
                    TableName: this.table,
                    Item: { ...keys.messageId(f.messageId), entity: 'msgid', ticket: n, messageId: f.messageId, direction: 'in' },
                  },
                },
              ]
            : []),
          {
            Update: {
              TableName: this.table,
              Key: keys.ticket(n),
              UpdateExpression: `SET ${set.join(', ')}`,
              ConditionExpression: 'attribute_exists(pk)',
              ...(f.statusChange && { ExpressionAttributeNames: { '#status': 'status' } }),
              ExpressionAttributeValues: {
                ':now': f.now,
                ...(f.attention && { ':t': true }),
                ...(f.statusChange && { ':s': f.statusChange.to, ':g': `STATUS#${f.statusChange.to}` }),
              },
            },
          },
          this.inboundDone(f.sesMessageId, { kind: 'filed', ticket: n }, f.now),
        ],
      }),
    );
  }

  async fileUnmatched(mail: UnmatchedMail, now: Date) {
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: { ...keys.unmatched(mail.id), entity: 'unmatched', ...mail, gsi2pk: 'STATUS#unmatched', gsi2sk: mail.receivedAt },
            },
          },
          this.inboundDone(mail.sesMessageId, { kind: 'unmatched', id: mail.id, reason: mail.reason }, now.toISOString()),
        ],
      }),
    );
  }

  // ── delivery reports ───────────────────────────────────────────────────────
  async recordDelivery(n: number, outboxId: string, state: { kind: DeliveryKind; at: string; detail?: string }, event: HistoryEvent) {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: keys.outbox(n, outboxId),
                UpdateExpression: 'SET delivery = :d',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':d': state },
              },
            },
            { Put: { TableName: this.table, Item: { ...keys.event(n, event.at, event.id), entity: 'event', ...event } } },
          ],
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof TransactionCanceledException) return false;
      throw err;
    }
  }
}
