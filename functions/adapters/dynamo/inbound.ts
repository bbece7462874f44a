import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoTable, eventItem, keys, normaliseMessageId, queueIndex } from './table';
import type { UnmatchedMail } from '../../core/model';
import type { InboundClaim, InboundFiling, InboundStore } from '../../core/ports';

/** Inbound mail: the per-message claim, Message-ID lookup, filing onto a ticket or into unmatched mail. */
export class DynamoInbound extends DynamoTable implements InboundStore {
  // ── inbound mail ─────────────────────────────────────────────────────────────
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
      ...(f.statusChange ? ['#status = :s', 'gsi2pk = :g2p', 'gsi2sk = :g2s'] : []),
    ];
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.table, Item: eventItem(n, f.event) } },
          ...(f.statusChange
            ? [
                {
                  Put: {
                    TableName: this.table,
                    Item: eventItem(n, f.statusChange.event),
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
                ...(f.statusChange &&
                  (({ gsi2pk, gsi2sk }) => ({ ':s': f.statusChange!.to, ':g2p': gsi2pk, ':g2s': gsi2sk }))(
                    queueIndex(f.statusChange.to, f.statusChange.order),
                  )),
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
}
