import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { clientItem, DynamoTable, keys, mapPage, strip, toClient } from './table';
import type { AccessRequest, Client } from '../../core/model';
import type { AccessDecision, DecidedAccessRequest, ClientDirectoryStore, AccessRequestAdminStore, PageRequest } from '../../core/ports';

/** The admin UI's client list and the decisions on access requests. */
export class DynamoClientDirectory extends DynamoTable implements ClientDirectoryStore, AccessRequestAdminStore {
  // ── clients ──────────────────────────────────────────────────────────────────
  async pageClients(req: PageRequest, keep?: (client: Client) => boolean) {
    return mapPage(await this.gsi2Page('CLIENTS', req, false, keep && ((i) => keep(toClient(i)!))), (i) => toClient(i)!);
  }

  // ── access requests ──────────────────────────────────────────────────────────
  async pageAccessRequests(state: AccessRequest['state'], req: PageRequest) {
    return mapPage(await this.gsi2Page(`STATUS#access-${state}`, req), (i) => strip<DecidedAccessRequest>(i)!);
  }

  async getAccessRequest(id: string) {
    return strip<DecidedAccessRequest>(await this.getItem(keys.access(id), true));
  }

  decideAccessRequest(id: string, d: AccessDecision) {
    return this.writeIf(new UpdateCommand(decisionUpdate(this.table, id, d)));
  }

  async approveAccessRequest(id: string, d: AccessDecision & { state: 'approved' }, client: Client) {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: decisionUpdate(this.table, id, d) },
            { Put: { TableName: this.table, Item: clientItem(client), ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
      return 'approved' as const;
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const [decision, account] = err.CancellationReasons ?? [];
      if (decision?.Code === 'ConditionalCheckFailed') return 'already_decided' as const;
      if (account?.Code === 'ConditionalCheckFailed') return 'client_exists' as const;
      throw err;
    }
  }
}

/** The decision on an access request, written only while the request is open. */
function decisionUpdate(table: string, id: string, d: AccessDecision) {
  const fields = Object.entries(d).filter(([k, v]) => k !== 'state' && v !== undefined);
  return {
    TableName: table,
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
  };
}
