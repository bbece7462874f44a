import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoTable, eventItem, keys, OUTBOX_DUE, OUTBOX_FAILED, strip } from './table';
import type { HistoryEvent, OutboxMail } from '../../core/model';
import type { OutboxStore } from '../../core/ports';
import type { DeliveryKind, DeliveryStore } from '../../core/mail-out/delivery-status';

/** The outbox: claiming, marking sent, retried or failed, the due list; SES delivery reports. */
export class DynamoOutbox extends DynamoTable implements OutboxStore, DeliveryStore {
  // ── outbox ───────────────────────────────────────────────────────────────────
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

  // ── delivery reports ─────────────────────────────────────────────────────────
  async recordDelivery(n: number, outboxId: string, state: { kind: DeliveryKind; at: string; detail?: string }, event: HistoryEvent) {
    return this.transact([
      {
        Update: {
          TableName: this.table,
          Key: keys.outbox(n, outboxId),
          UpdateExpression: 'SET delivery = :d',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':d': state },
        },
      },
      { Put: { TableName: this.table, Item: eventItem(n, event) } },
    ]);
  }
}
