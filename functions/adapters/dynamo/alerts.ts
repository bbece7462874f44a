import { createHash } from 'node:crypto';
import type { AlertEntry } from '../../core/alerts/alert-mail';
import type { DigestEntry, DigestStore } from '../../core/alerts/digest';
import type { OutboxMail, OutgoingMessage } from '../../core/model';
import type { AlertFiling, AlertStore } from '../../core/ports';
import { DynamoTable, keys, outboxItem, type TransactItem } from './table';

const DAY_S = 24 * 60 * 60;
/** Alert mails, their per-person state and the marks of what was alerted live this long (TTL). */
const ALERT_TTL_S = 180 * DAY_S;
/** A digest entry waits at most this long for the person's next digest. */
const DIGEST_TTL_S = 40 * DAY_S;

const alertKeys = {
  state: (n: number, email: string) => ({ pk: `ALERTS#${n}`, sk: `STATE#${email}` }),
  seen: (n: number, entryKey: string, email: string) => ({ pk: `ALERTS#${n}`, sk: `SEEN#${entryKey}#${email}` }),
  digestEntry: (email: string, entry: AlertEntry) => ({ pk: `DIGEST#${email}`, sk: `ENTRY#${entry.at}#${entry.key}` }),
  digestState: (email: string) => ({ pk: `DIGEST#${email}`, sk: 'STATE' }),
};

/** Ids that a retry computes again: the first alert an entry raises for a person. */
const alertId = (entryKey: string, email: string) =>
  `alert-${createHash('sha256')
    .update(`${entryKey}\n${email}`)
    .digest('base64url')
    .slice(0, 22)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')}`;

const MAX_ROUNDS = 6;

/** An alert or digest mail, new in the outbox. */
const pendingMail = (m: Pick<OutboxMail, 'ticket' | 'id' | 'kind' | 'subject' | 'message' | 'dueAt' | 'createdAt'>): OutboxMail => ({
  ...m,
  messageId: m.message.messageId,
  to: m.message.to,
  state: 'pending',
  attempts: 0,
});

/**
 * Alerts to staff (docs/alerts.md, docs/data-model.md): an alert is an outbox item (kind `alert`)
 * under `ALERTS#<ticket>`, so the mailer sends it like any mail while the ticket's own partition
 * stays the ticket's; `STATE#<email>` holds when that person's last alert for the ticket was due and
 * which one is still unsent; `SEEN#<entry>#<email>` marks an entry as filed, written in the same
 * transaction as the alert, so filing it again changes nothing.
 */
export class DynamoAlerts extends DynamoTable implements AlertStore, DigestStore {
  async fileAlert(f: AlertFiling): Promise<'new' | 'joined' | 'duplicate'> {
    const n = f.ticket;
    const email = f.recipient.email;
    const now = f.now.toISOString();
    const expiresAt = Math.floor(f.now.getTime() / 1000) + ALERT_TTL_S;
    const mark: TransactItem = {
      Put: {
        TableName: this.table,
        Item: { ...alertKeys.seen(n, f.entry.key, email), entity: 'alert-seen', expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const state = await this.getItem(alertKeys.state(n, email), true);
      const version = typeof state?.version === 'number' ? state.version : 0;
      const openId = typeof state?.openId === 'string' ? state.openId : undefined;

      // The person's alert for this ticket that has not gone out yet takes the entry.
      const open = openId ? await this.getItem(keys.outbox(n, openId), true) : undefined;
      if (open?.state === 'pending' && Array.isArray(open.alertEntries)) {
        const entries = [...(open.alertEntries as AlertEntry[]), f.entry];
        const { subject, message } = f.render(openId!, entries);
        const outcome = await this.attempt([
          mark,
          {
            Update: {
              TableName: this.table,
              Key: keys.outbox(n, openId!),
              UpdateExpression: 'SET alertEntries = :entries, subject = :subject, message = :message',
              ConditionExpression: '#state = :pending AND size(alertEntries) = :count',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: {
                ':entries': entries,
                ':subject': subject,
                ':message': message,
                ':pending': 'pending',
                ':count': entries.length - 1,
              },
            },
          },
        ]);
        if (outcome === 'done') return 'joined';
        if (outcome === 'seen') return 'duplicate';
        continue; // sent or changed meanwhile: look again
      }

      // A new alert: at once, or when 5 minutes have passed since the last one was due.
      const lastDue = typeof state?.lastDueAt === 'string' ? Date.parse(state.lastDueAt) : Number.NEGATIVE_INFINITY;
      const dueAt = new Date(Math.max(f.now.getTime(), lastDue + f.spacingMs)).toISOString();
      const id = alertId(f.entry.key, email);
      const { subject, message } = f.render(id, [f.entry]);
      const outcome = await this.attempt([
        mark,
        {
          Put: {
            TableName: this.table,
            Item: outboxItem(pendingMail({ ticket: n, id, kind: 'alert', subject, message, dueAt, createdAt: now }), {
              alertEntries: [f.entry],
              expiresAt,
            }),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.table,
            Item: { ...alertKeys.state(n, email), entity: 'alert-state', lastDueAt: dueAt, openId: id, version: version + 1, expiresAt },
            ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
            ...(version > 0 && { ExpressionAttributeValues: { ':v': version } }),
          },
        },
      ]);
      if (outcome === 'done') return 'new';
      if (outcome === 'seen') return 'duplicate';
    }
    throw new Error(`alert state of ticket ${n} for ${email} kept changing`);
  }

  /** One transaction whose first item is the entry's mark: done, already seen, or to be tried again. */
  private async attempt(items: TransactItem[]): Promise<'done' | 'seen' | 'again'> {
    const reasons = await this.transactOrReasons(items);
    if (!reasons) return 'done';
    if (reasons[0] === 'ConditionalCheckFailed') return 'seen';
    if (reasons.some((c) => c === 'ConditionalCheckFailed' || c === 'TransactionConflict')) return 'again';
    throw new Error(`alert transaction cancelled: ${reasons.join(', ')}`);
  }

  async addDigestEntry(email: string, ticket: number, entry: AlertEntry, about?: string) {
    return this.putIfAbsent({
      ...alertKeys.digestEntry(email, entry),
      entity: 'digest-entry',
      email,
      ticket,
      entry,
      ...(about !== undefined && { about }),
      expiresAt: Math.floor(Date.parse(entry.at) / 1000) + DIGEST_TTL_S,
    });
  }

  // ── the daily digest ─────────────────────────────────────────────────────────
  async digestState(email: string) {
    const item = await this.getItem(alertKeys.digestState(email), true);
    return {
      ...(typeof item?.lastDay === 'string' && { lastDay: item.lastDay }),
      ...(typeof item?.cursor === 'string' && { cursor: item.cursor }),
    };
  }

  async digestEntries(email: string, after: string | undefined, limit: number): Promise<DigestEntry[]> {
    const items = await this.query(
      {
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':p': `DIGEST#${email}`, ':from': after ?? 'ENTRY#', ':to': 'ENTRY#\uffff' },
        ConsistentRead: true,
      },
      limit + 1,
    );
    return items
      .filter((i) => i.sk !== after)
      .slice(0, limit)
      .map((i) => ({
        ticket: i.ticket as number,
        entry: i.entry as AlertEntry,
        cursor: i.sk as string,
        ...(typeof i.about === 'string' && { about: i.about }),
      }));
  }

  async closeDigestDay(
    email: string,
    day: string,
    cursor: string | undefined,
    mail?: { id: string; subject: string; message: OutgoingMessage },
  ) {
    const now = new Date().toISOString();
    return this.transact([
      {
        Update: {
          TableName: this.table,
          Key: alertKeys.digestState(email),
          UpdateExpression: `SET lastDay = :day, entity = :e${cursor ? ', #cursor = :c' : ''}`,
          ConditionExpression: 'attribute_not_exists(lastDay) OR lastDay <> :day',
          ...(cursor && { ExpressionAttributeNames: { '#cursor': 'cursor' } }),
          ExpressionAttributeValues: { ':day': day, ':e': 'digest-state', ...(cursor && { ':c': cursor }) },
        },
      },
      ...(mail
        ? [
            {
              Put: {
                TableName: this.table,
                Item: outboxItem(
                  pendingMail({
                    ticket: 0,
                    id: mail.id,
                    kind: 'digest',
                    subject: mail.subject,
                    message: mail.message,
                    dueAt: now,
                    createdAt: now,
                  }),
                  { expiresAt: Math.floor(Date.now() / 1000) + ALERT_TTL_S },
                ),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ]
        : []),
    ]);
  }

  async threadRoot(n: number) {
    const [first] = await this.query(
      {
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':p': `TICKET#${n}`, ':e': 'EVENT#' },
        ConsistentRead: true,
      },
      1,
    );
    const outboxId = typeof first?.outboxId === 'string' ? first.outboxId : undefined;
    if (!outboxId) return undefined;
    const mail = await this.getItem(keys.outbox(n, outboxId), true);
    return typeof mail?.messageId === 'string' ? mail.messageId : undefined;
  }
}
