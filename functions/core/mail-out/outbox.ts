import type { Clock, Logger, MailSender, OutboxStore } from '../ports';

/**
 * Delivery of the outbox: the stream handler offers every new pending mail at once; a periodic
 * sweep picks up mails whose retry is due (or whose sender died holding the lease). A mail is
 * claimed before sending, so two deliveries of the same stream record send it once.
 */
export interface OutboxDeps {
  outbox: OutboxStore;
  sender: MailSender;
  clock: Clock;
  logger: Logger;
}

export const OUTBOX_POLICY = {
  maxAttempts: 10,
  leaseMs: 5 * 60 * 1000,
  firstRetryMs: 30 * 1000,
  maxRetryMs: 60 * 60 * 1000,
} as const;

export const retryDelayMs = (attempts: number) =>
  Math.min(OUTBOX_POLICY.firstRetryMs * 2 ** Math.max(0, attempts - 1), OUTBOX_POLICY.maxRetryMs);

export type DeliveryOutcome = 'sent' | 'retry' | 'failed' | 'skipped';

export async function deliver(deps: OutboxDeps, ref: { ticket: number; id: string }): Promise<DeliveryOutcome> {
  const now = deps.clock.now();
  const mail = await deps.outbox.claim(ref.ticket, ref.id, now, new Date(now.getTime() + OUTBOX_POLICY.leaseMs));
  if (!mail) return 'skipped';
  try {
    const sesMessageId = await deps.sender.send(mail.message);
    await deps.outbox.markSent(ref.ticket, ref.id, sesMessageId, deps.clock.now());
    deps.logger.info('mail sent', { ticket: ref.ticket, outboxId: ref.id, attempts: mail.attempts });
    return 'sent';
  } catch (err) {
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    if (mail.attempts >= OUTBOX_POLICY.maxAttempts) {
      await deps.outbox.markFailed(ref.ticket, ref.id, error, deps.clock.now());
      deps.logger.error('mail failed for good', { ticket: ref.ticket, outboxId: ref.id, attempts: mail.attempts, error });
      return 'failed';
    }
    const dueAt = new Date(deps.clock.now().getTime() + retryDelayMs(mail.attempts));
    await deps.outbox.markRetry(ref.ticket, ref.id, error, dueAt);
    deps.logger.warn('mail send failed, will retry', { ticket: ref.ticket, outboxId: ref.id, attempts: mail.attempts, dueAt, error });
    return 'retry';
  }
}

export async function sweep(deps: OutboxDeps, limit = 100): Promise<Record<DeliveryOutcome, number>> {
  const due = await deps.outbox.listDue(deps.clock.now(), limit);
  const counts: Record<DeliveryOutcome, number> = { sent: 0, retry: 0, failed: 0, skipped: 0 };
  for (const ref of due) counts[await deliver(deps, ref)]++;
  return counts;
}
