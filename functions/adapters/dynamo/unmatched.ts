import { DynamoTable, eventItem, keys, mapPage, strip, type TransactItem } from './table';
import { ticketChangeItems } from './ticket-changes';
import type { HistoryEvent, OutboxMail, UnmatchedMail } from '../../core/model';
import type { HandledUnmatchedMail, TicketChange, UnmatchedHandling, UnmatchedStore, FailedMailStore, PageRequest } from '../../core/ports';

/** Attachments written inside the transaction; more go in batches after it (a transaction holds at most 100 items). */
const TRANSACTION_FILES = 90;

/** Unmatched mail (attach to a ticket, discard) and failed outbox mail (requeue). */
export class DynamoUnmatched extends DynamoTable implements UnmatchedStore, FailedMailStore {
  // ── unmatched mail ───────────────────────────────────────────────────────────
  async pageOpenUnmatched(req: PageRequest) {
    return mapPage(await this.gsi2Page('STATUS#unmatched', req), (i) => strip<UnmatchedMail>(i)!);
  }

  async getUnmatched(id: string) {
    return strip<HandledUnmatchedMail>(await this.getItem(keys.unmatched(id), true));
  }

  async handleUnmatched(id: string, h: UnmatchedHandling, change?: TicketChange) {
    const fields = Object.entries(h).filter(([k, v]) => k !== 'state' && v !== undefined);
    const mark: TransactItem = {
      Update: {
        TableName: this.table,
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
    if (!change || files.length <= TRANSACTION_FILES)
      return this.transact([mark, ...(change ? ticketChangeItems(this.table, change) : [])]);
    const ok = await this.transact([mark, ...ticketChangeItems(this.table, { ...change, attachments: [] })]);
    if (!ok) {
      const current = await this.getUnmatched(id);
      if (!(h.state === 'attached' && current?.state === 'attached' && current.attachedTo === change.ticket)) return false;
    }
    await this.putAttachments(files);
    return true;
  }

  // ── outbox ───────────────────────────────────────────────────────────────────
  async pageFailedOutbox(req: PageRequest) {
    return mapPage(await this.gsi2Page('OUTBOX#failed', req), (i) => strip<OutboxMail>(i)!);
  }

  async requeueOutbox(ticket: number, id: string, now: string, event?: HistoryEvent) {
    return this.transact([
      {
        Update: {
          TableName: this.table,
          Key: keys.outbox(ticket, id),
          UpdateExpression: 'SET #state = :pending, dueAt = :now, attempts = :zero, gsi2pk = :g, gsi2sk = :now',
          ConditionExpression: '#state = :failed',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':pending': 'pending', ':now': now, ':zero': 0, ':g': 'OUTBOX#due', ':failed': 'failed' },
        },
      },
      ...(event ? [{ Put: { TableName: this.table, Item: eventItem(ticket, event) } }] : []),
    ]);
  }
}
