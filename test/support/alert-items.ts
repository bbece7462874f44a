import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboxMail } from '../../functions/core/model';
import type { LocalStack } from '../../local/stack';

export type AlertItem = OutboxMail & { alertEntries: Array<{ key: string; line: string }> };

/** Every alert item of a ticket (all states), as the outbox holds them under `ALERTS#<n>`. */
export async function alertItems(stack: LocalStack, n: number): Promise<AlertItem[]> {
  const { getApp } = await import('../../functions/wiring/app');
  const res = await (await getApp()).clients.doc.send(
    new QueryCommand({
      TableName: stack.tableName,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :o)',
      ExpressionAttributeValues: { ':p': `ALERTS#${n}`, ':o': 'OUTBOX#' },
      ConsistentRead: true,
    }),
  );
  return (res.Items ?? []) as AlertItem[];
}
