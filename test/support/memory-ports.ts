import type { OutboxMail } from '../../functions/core/model';
import type { OutgoingMessage } from '../../functions/core/mail-out/outbound-mail';
import type { Clock, Logger, LoginThrottle, MailSender, OutboxStore, ThrottleState } from '../../functions/core/ports';

/** In-memory fakes of the ports, for unit tests of core logic (integration tests use the real ones). */
export class ManualClock implements Clock {
  constructor(public current = new Date('2026-11-27T08:00:00Z')) {}
  now() {
    return new Date(this.current);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export class MemoryOutbox implements OutboxStore {
  readonly mails = new Map<string, OutboxMail>();
  put(mail: OutboxMail) {
    this.mails.set(`${mail.ticket}/${mail.id}`, { ...mail });
  }
  async getOutbox(ticket: number, id: string) {
    return this.mails.get(`${ticket}/${id}`);
  }
  async claim(ticket: number, id: string, now: Date, leaseUntil: Date) {
    const m = this.mails.get(`${ticket}/${id}`);
    if (!m || !['pending', 'retry', 'sending'].includes(m.state) || m.dueAt > now.toISOString()) return undefined;
    Object.assign(m, { state: 'sending', dueAt: leaseUntil.toISOString(), attempts: m.attempts + 1 });
    return { ...m };
  }
  async markSent(ticket: number, id: string, sesMessageId: string, now: Date) {
    Object.assign(this.mails.get(`${ticket}/${id}`)!, { state: 'sent', sesMessageId, sentAt: now.toISOString() });
  }
  async markRetry(ticket: number, id: string, error: string, dueAt: Date) {
    Object.assign(this.mails.get(`${ticket}/${id}`)!, { state: 'retry', lastError: error, dueAt: dueAt.toISOString() });
  }
  async markFailed(ticket: number, id: string, error: string) {
    Object.assign(this.mails.get(`${ticket}/${id}`)!, { state: 'failed', lastError: error });
  }
  async listDue(now: Date) {
    return [...this.mails.values()]
      .filter((m) => ['pending', 'retry', 'sending'].includes(m.state) && m.dueAt <= now.toISOString())
      .map((m) => ({ ticket: m.ticket, id: m.id }));
  }
}

export class FlakySender implements MailSender {
  sent: OutgoingMessage[] = [];
  failuresLeft: number;
  constructor(failures = 0) {
    this.failuresLeft = failures;
  }
  async send(message: OutgoingMessage) {
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'Error' });
    }
    this.sent.push(message);
    return `ses-${this.sent.length}`;
  }
}

export class MemoryThrottle implements LoginThrottle {
  readonly state = new Map<string, ThrottleState>();
  async get(key: string, now: Date) {
    const s = this.state.get(key);
    return s && s.windowEndsAt > now.getTime() ? { ...s } : undefined;
  }
  async recordFailure(key: string, now: Date, windowMs: number) {
    const current = await this.get(key, now);
    const next = current ? { ...current, failures: current.failures + 1 } : { failures: 1, windowEndsAt: now.getTime() + windowMs };
    this.state.set(key, next);
    return next;
  }
  async clear(key: string) {
    this.state.delete(key);
  }
}
