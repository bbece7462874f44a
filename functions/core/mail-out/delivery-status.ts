import { createHash } from 'node:crypto';
import { base32 } from '../accounts/base32';
import type { HistoryEvent } from '../model';
import type { Clock, Logger } from '../ports';

/**
 * Delivery reports for our outgoing mail (SES configuration set events: delivery, bounce,
 * complaint), so staff see "doručeno / nedoručeno" on every mail. Our Message-ID
 * `t<n>.<outbox id>@<mail domain>` names the ticket and the outbox item, so no lookup is needed.
 */
export type DeliveryKind = 'delivered' | 'bounced' | 'complained' | 'delayed' | 'rejected';

export interface DeliveryReport {
  messageId: string; // the Message-ID header of the mail we sent
  sesMessageId: string;
  kind: DeliveryKind;
  at: string;
  recipients: string[];
  detail?: string; // bounce type/diagnostic, complaint type
}

export interface DeliveryStore {
  recordDelivery(
    ticket: number,
    outboxId: string,
    state: { kind: DeliveryKind; at: string; detail?: string },
    event: HistoryEvent,
  ): Promise<boolean>;
}

export function parseOurMessageId(messageId: string, domain: string): { ticket: number; outboxId: string } | undefined {
  const match = /^<?t(\d{1,12})\.([a-z2-7]{8,32})@([^>]+)>?$/i.exec(messageId.trim());
  if (!match || match[3]!.toLowerCase() !== domain.toLowerCase()) return undefined;
  return { ticket: Number(match[1]), outboxId: match[2]!.toLowerCase() };
}

export async function recordDeliveryReport(
  deps: { delivery: DeliveryStore; clock: Clock; logger: Logger; domain: string },
  report: DeliveryReport,
): Promise<'recorded' | 'not-ours' | 'unknown-mail'> {
  const ours = parseOurMessageId(report.messageId, deps.domain);
  if (!ours) return 'not-ours';
  const event: HistoryEvent = {
    id: base32(createHash('sha256').update(`${report.sesMessageId}#${report.kind}#${report.at}`).digest()).slice(0, 16),
    ticket: ours.ticket,
    type: 'delivery',
    at: report.at,
    actor: { kind: 'system' },
    outboxId: ours.outboxId,
    data: { kind: report.kind, recipients: report.recipients, ...(report.detail && { detail: report.detail }) },
  };
  const recorded = await deps.delivery.recordDelivery(
    ours.ticket,
    ours.outboxId,
    { kind: report.kind, at: report.at, ...(report.detail && { detail: report.detail }) },
    event,
  );
  if (!recorded) deps.logger.warn('delivery report for unknown mail', { messageId: report.messageId });
  return recorded ? 'recorded' : 'unknown-mail';
}
