import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoTable, keys, strip, toClient } from './table';
import type { AccessRequest } from '../../core/model';
import type { AccessDecision, DecidedAccessRequest, ClientDirectoryStore, AccessRequestAdminStore } from '../../core/ports';

/** The admin UI's client list and the decisions on access requests. */
export class DynamoClientDirectory extends DynamoTable implements ClientDirectoryStore, AccessRequestAdminStore {
  // ── clients ──────────────────────────────────────────────────────────────────
  async listClients(limit: number) {
    return (await this.byGsi2('CLIENTS', limit, false)).map((i) => toClient(i)!);
  }

  // ── access requests ──────────────────────────────────────────────────────────
  async listAccessRequests(state: AccessRequest['state'], limit: number) {
    return (await this.byGsi2(`STATUS#access-${state}`, limit)).map((i) => strip<DecidedAccessRequest>(i)!);
  }

  async getAccessRequest(id: string) {
    const res = await this.doc.send(new GetCommand({ TableName: this.table, Key: keys.access(id), ConsistentRead: true }));
    return strip<DecidedAccessRequest>(res.Item);
  }

  async decideAccessRequest(id: string, d: AccessDecision) {
    const fields = Object.entries(d).filter(([k, v]) => k !== 'state' && v !== undefined);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
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
}
