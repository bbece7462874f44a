import type { SNSEvent } from 'aws-lambda';
import * as z from '../shared/zod';
import { recordDeliveryReport, type DeliveryKind } from '../core/mail-out/delivery-status';
import { lambdaHandler, logger } from '../shared/logger';
import { getApp } from '../wiring/delivery-status';

/**
 * SES configuration-set events, published to SNS (the SES event JSON in each record's Message)
 * or through EventBridge (the same JSON as `detail`). Unknown event types are logged and skipped.
 */
const str = z.string();
const sesEvent = z.object({
  eventType: str,
  mail: z.object({
    messageId: str,
    timestamp: str,
    destination: z._default(z.array(str), []),
    commonHeaders: z._default(z.partial(z.object({ messageId: z.optional(str) })), {}),
    headers: z._default(z.array(z.object({ name: str, value: str })), []),
  }),
  delivery: z.optional(z.partial(z.object({ timestamp: str, recipients: z.array(str) }))),
  bounce: z.optional(
    z.partial(
      z.object({
        bounceType: str,
        bounceSubType: z.optional(str),
        timestamp: str,
        bouncedRecipients: z.array(z.object({ emailAddress: str, diagnosticCode: z.optional(str) })),
      }),
    ),
  ),
  complaint: z.optional(
    z.partial(z.object({ timestamp: str, complaintFeedbackType: str, complainedRecipients: z.array(z.object({ emailAddress: str })) })),
  ),
  deliveryDelay: z.optional(z.partial(z.object({ timestamp: str, delayType: str }))),
  reject: z.optional(z.partial(z.object({ reason: str }))),
});

const KINDS: Record<string, DeliveryKind> = {
  Delivery: 'delivered',
  Bounce: 'bounced',
  Complaint: 'complained',
  DeliveryDelay: 'delayed',
  Reject: 'rejected',
};

function toReport(e: z.infer<typeof sesEvent>) {
  const kind = KINDS[e.eventType];
  const messageId = e.mail.commonHeaders.messageId ?? e.mail.headers.find((h) => h.name.toLowerCase() === 'message-id')?.value;
  if (!kind || !messageId) return undefined;
  const bounce = e.bounce;
  return {
    messageId,
    sesMessageId: e.mail.messageId,
    kind,
    at: e.delivery?.timestamp ?? bounce?.timestamp ?? e.complaint?.timestamp ?? e.deliveryDelay?.timestamp ?? e.mail.timestamp,
    recipients:
      e.delivery?.recipients ??
      bounce?.bouncedRecipients?.map((r) => r.emailAddress) ??
      e.complaint?.complainedRecipients?.map((r) => r.emailAddress) ??
      e.mail.destination,
    ...(bounce && {
      detail: [bounce.bounceType, bounce.bounceSubType, bounce.bouncedRecipients?.[0]?.diagnosticCode].filter(Boolean).join(' / '),
    }),
    ...(e.complaint?.complaintFeedbackType && { detail: e.complaint.complaintFeedbackType }),
    ...(e.reject?.reason && { detail: e.reject.reason }),
  };
}

export const handler = lambdaHandler(async (event: SNSEvent | { detail: unknown }) => {
  const app = await getApp();
  const payloads = 'Records' in event ? event.Records.map((r) => JSON.parse(r.Sns.Message) as unknown) : [event.detail];
  const results = [];
  for (const payload of payloads) {
    const parsed = sesEvent.safeParse(payload);
    const report = parsed.success ? toReport(parsed.data) : undefined;
    if (!report) {
      logger.warn('delivery event skipped', { eventType: (payload as { eventType?: string })?.eventType });
      results.push('skipped');
      continue;
    }
    results.push(
      await recordDeliveryReport({ delivery: app.stores.outbox, clock: app.accounts.clock, logger, domain: app.mail.domain }, report),
    );
  }
  return results;
});
