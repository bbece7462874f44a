import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  IdempotencyKeyTaken,
  type AccessRequestStore,
  type IdempotencyRecord,
  type NewTicketWrite,
  type TicketStore,
  type TicketView,
} from '../../core/ports';
import { Refusal } from '../../core/refusal';
import {
  dueIndex,
  DynamoTable,
  eventItem,
  keys,
  outboxItem,
  queuePartition,
  quoteVersionIs,
  reminderItem,
  sentMessageIdItem,
  strip,
  ticketIndexes,
} from './table';
import type { AccessRequest, Attachment, HistoryEvent, OutboxMail, Status, Ticket } from '../../core/model';
import type { PageRequest } from '../../core/ports';

/** Tickets as the client API and intake see them, and access requests as they arrive. */
export class DynamoTickets extends DynamoTable implements TicketStore, AccessRequestStore {
  // ── tickets ──────────────────────────────────────────────────────────────────
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
          Item: {
            ...keys.ticket(n),
            entity: 'ticket',
            ...w.ticket,
            ...ticketIndexes(w.ticket),
            ...(w.ticket.due && dueIndex(w.ticket.due)),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: this.table, Item: eventItem(n, w.event) } },
      { Put: { TableName: this.table, Item: outboxItem(w.outbox) } },
      { Put: { TableName: this.table, Item: sentMessageIdItem(n, w.outbox.messageId) } },
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
      // Last, so that the cancellation reasons above keep their places.
      ...(w.reminder ? [{ Put: { TableName: this.table, Item: reminderItem(n, w.reminder) } }] : []),
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

  async pageClientTickets(ico: string, req: PageRequest, statuses?: readonly Status[]) {
    const values: Record<string, unknown> = { ':p': `CLIENT#${ico}` };
    statuses?.forEach((s, i) => {
      values[`:s${i}`] = s;
    });
    return this.ticketPage(
      {
        IndexName: 'GSI1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: values,
        ...(statuses && {
          FilterExpression: `#status IN (${statuses.map((_, i) => `:s${i}`).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status' },
        }),
      },
      false,
      req,
    );
  }

  async answerQuote(n: number, ico: string, answer: { accepted: boolean; version: number }, event: HistoryEvent, status: Ticket['status']) {
    const values: Record<string, unknown> = {
      ':s': answer.accepted ? 'accepted' : 'declined',
      ':status': status,
      // Between open statuses (the quote's answer): the tab changes, its sort key does not.
      ':g': queuePartition(status),
      ':at': event.at,
      ':ico': ico,
      ':proposed': 'proposed',
    };
    const sameQuote = quoteVersionIs(answer.version, values);
    return this.transact([
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
      { Put: { TableName: this.table, Item: eventItem(n, event) } },
    ]);
  }

  // ── access requests ──────────────────────────────────────────────────────────
  async putAccessRequest(r: AccessRequest) {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.access(r.id), entity: 'access', ...r, gsi2pk: `STATUS#access-${r.state}`, gsi2sk: r.createdAt },
      }),
    );
  }
}
