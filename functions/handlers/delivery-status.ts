import type { SNSEvent } from 'aws-lambda';
// A namespace import: `import { z }` makes esbuild keep every zod locale (+370 KB per bundle).
import * as z from 'zod';
import { recordDeliveryReport, type DeliveryKind } from '../core/delivery-status';
import { logger } from '../shared/logger';
import { getApp } from '../wiring';

/**
 * SES configuration-set events, published to SNS (the SES event JSON in each record's Message)
 * or through EventBridge (the same JSON as `detail`). Unknown event types are logged and skipped.
 */
const sesEvent = z.object({
  eventType: z.string(),
  mail: z.object({
    messageId: z.string(),
    timestamp: z.string(),
    destination: z.array(z.string()).default([]),
    commonHeaders: z.object({ messageId: z.string().optional() }).partial().default({}),
    headers: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
  }),
  delivery: z.object({ timestamp: z.string(), recipients: z.array(z.string()) }).partial().optional(),
  bounce: z.object({
    bounceType: z.string(), bounceSubType: z.string().optional(), timestamp: z.string(),
    bouncedRecipients: z.array(z.object({ emailAddress: z.string(), diagnosticCode: z.string().optional() })),
  }).partial().optional(),
  complaint: z.object({ timestamp: z.string(), complaintFeedbackType: z.string(), complainedRecipients: z.array(z.object({ emailAddress: z.string() })) }).partial().optional(),
  deliveryDelay: z.object({ timestamp: z.string(), delayType: z.string() }).partial().optional(),
  reject: z.object({ reason: z.string() }).partial().optional(),
});

const KINDS: Record<string, DeliveryKind> = { Delivery: 'delivered', Bounce: 'bounced', Complaint: 'complained', DeliveryDelay: 'delayed', Reject: 'rejected' };

function toReport(e: z.infer<typeof sesEvent>) {
  const kind = KINDS[e.eventType];
  const messageId = e.mail.commonHeaders.messageId ?? e.mail.headers.find((h) => h.name.toLowerCase() === 'message-id')?.value;
  if (!kind || !messageId) return undefined;
  const bounce = e.bounce;
  return {
    messageId, sesMessageId: e.mail.messageId, kind,
    at: e.delivery?.timestamp ?? bounce?.timestamp ?? e.complaint?.timestamp ?? e.deliveryDelay?.timestamp ?? e.mail.timestamp,
    recipients: e.delivery?.recipients ?? bounce?.bouncedRecipients?.map((r) => r.emailAddress) ?? e.complaint?.complainedRecipients?.map((r) => r.emailAddress) ?? e.mail.destination,
    ...(bounce && { detail: [bounce.bounceType, bounce.bounceSubType, bounce.bouncedRecipients?.[0]?.diagnosticCode].filter(Boolean).join(' / ') }),
    ...(e.complaint?.complaintFeedbackType && { detail: e.complaint.complaintFeedbackType }),
    ...(e.reject?.reason && { detail: e.reject.reason }),
  };
}

export const handler = async (event: SNSEvent | { detail: unknown }) => {
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
    results.push(await recordDeliveryReport({ delivery: app.store, clock: app.accounts.clock, logger, domain: app.mail.domain }, report));
  }
  return results;
};
