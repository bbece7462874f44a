import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { subjectKey } from '../../core/accounts/sessions';
import { clientItem, DynamoTable, keys, strip, toClient } from './table';
import type { Client, Session, Staff } from '../../core/model';
import type { ClientStore, LoginThrottle, SessionStore, StaffStore, ThrottleState } from '../../core/ports';

/** Clients, staff, sessions and the login throttle (docs/data-model.md). */
export class DynamoAccounts extends DynamoTable implements ClientStore, StaffStore, SessionStore, LoginThrottle {
  // ── clients ──────────────────────────────────────────────────────────────────
  async getClient(ico: string) {
    return toClient(await this.getItem(keys.client(ico)));
  }

  async createClient(client: Client) {
    return this.putIfAbsent(clientItem(client));
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

  // ── staff ────────────────────────────────────────────────────────────────────
  async getStaff(email: string) {
    return strip<Staff>(await this.getItem(keys.staff(email)));
  }

  async createStaff(staff: Staff) {
    return this.putIfAbsent({ ...keys.staff(staff.email), entity: 'staff', ...staff, gsi2pk: 'STAFF', gsi2sk: staff.email });
  }

  // ── sessions ─────────────────────────────────────────────────────────────────
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

  // ── login throttle ───────────────────────────────────────────────────────────
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
}
