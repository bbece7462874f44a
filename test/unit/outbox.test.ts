import { describe, expect, it } from 'vitest';
import { deliver, OUTBOX_POLICY, retryDelayMs, sweep } from '../../functions/core/mail-out/outbox';
import type { OutboxMail } from '../../functions/core/model';
import type { OutgoingMessage } from '../../functions/core/mail-out/outbound-mail';
import { FlakySender, ManualClock, MemoryOutbox, silentLogger } from '../support/memory-ports';

const MESSAGE: OutgoingMessage = {
  from: { name: 'Softech Podpora', address: 'podpora@x' },
  to: ['a@b.cz'],
  replyTo: 'podpora+7.token@x',
  subject: 's',
  messageId: 't7.m1@x',
  text: 't',
  html: '<p>t</p>',
};

function setup(failures: number) {
  const clock = new ManualClock();
  const outbox = new MemoryOutbox();
  const sender = new FlakySender(failures);
  const mail: OutboxMail = {
    id: 'm1',
    ticket: 7,
    kind: 'confirmation',
    messageId: 't7.m1@x',
    to: ['a@b.cz'],
    subject: 's',
    message: MESSAGE,
    state: 'pending',
    attempts: 0,
    dueAt: clock.now().toISOString(),
    createdAt: clock.now().toISOString(),
  };
  outbox.put(mail);
  return { deps: { outbox, sender, clock, logger: silentLogger }, outbox, sender, clock };
}

describe('outbox delivery', () => {
  it('sends a pending mail once even when the stream offers it twice', async () => {
    const { deps, sender, outbox } = setup(0);
    expect(await deliver(deps, { ticket: 7, id: 'm1' })).toBe('sent');
    expect(await deliver(deps, { ticket: 7, id: 'm1' })).toBe('skipped');
    expect(sender.sent).toEqual([MESSAGE]);
    expect(outbox.mails.get('7/m1')).toMatchObject({ state: 'sent', sesMessageId: 'ses-1', attempts: 1 });
  });

  it('backs off exponentially from 30 s up to one hour', () => {
    expect([1, 2, 3, 4, 8, 20].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000]);
  });

  it('keeps a failed mail for a later retry and sends it when it is due', async () => {
    const { deps, sender, outbox, clock } = setup(2);
    expect(await deliver(deps, { ticket: 7, id: 'm1' })).toBe('retry');
    expect(outbox.mails.get('7/m1')).toMatchObject({ state: 'retry', attempts: 1, lastError: 'Error: connect ECONNREFUSED' });
    expect((await sweep(deps)).sent).toBe(0); // not due yet
    clock.advance(retryDelayMs(1));
    expect(await sweep(deps)).toMatchObject({ retry: 1 });
    clock.advance(retryDelayMs(2));
    expect(await sweep(deps)).toMatchObject({ sent: 1 });
    expect(sender.sent).toHaveLength(1);
  });

  it('marks a mail failed for staff after the last attempt, and stops trying', async () => {
    const { deps, outbox, clock } = setup(1000);
    await deliver(deps, { ticket: 7, id: 'm1' });
    for (let i = 0; i < OUTBOX_POLICY.maxAttempts + 3; i++) {
      clock.advance(OUTBOX_POLICY.maxRetryMs);
      await sweep(deps);
    }
    expect(outbox.mails.get('7/m1')).toMatchObject({ state: 'failed', attempts: OUTBOX_POLICY.maxAttempts });
  });

  it('takes over a mail whose sender died holding the lease, once the lease ends', async () => {
    const { deps, outbox, clock, sender } = setup(0);
    await outbox.claim(7, 'm1', clock.now(), new Date(clock.now().getTime() + OUTBOX_POLICY.leaseMs)); // a crashed sender
    expect(await deliver(deps, { ticket: 7, id: 'm1' })).toBe('skipped');
    clock.advance(OUTBOX_POLICY.leaseMs);
    expect((await sweep(deps)).sent).toBe(1);
    expect(sender.sent).toHaveLength(1);
  });
});
