import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweep } from '../../functions/core/mail-out/outbox';
import { freePort, startSes, type Service } from '../../local/services';
import type { LocalStack } from '../../local/stack';
import { sampleTicket } from '../support/api-client';
import { signInClient } from '../support/sign-in';
import { testStack } from '../support/stack';

let stack: LocalStack;
let sesPort: number;
let ses: Service | undefined;

beforeAll(async () => {
  sesPort = await freePort(0, 'SES (down at first)');
  stack = await testStack({ extraEnv: { AWS_ENDPOINT_SES: `http://127.0.0.1:${sesPort}` } });
});
afterAll(async () => {
  await stack?.stop();
  await ses?.stop();
});

const mailsWithSubject = async (subject: string) => {
  const res = await fetch(`http://127.0.0.1:${sesPort}/store`);
  return ((await res.json()) as { emails: Array<{ subject: string }> }).emails.filter((m) => m.subject === subject);
};

describe('when SES is down', () => {
  it('still stores the ticket, keeps the confirmation for retry, and sends it exactly once when SES is back', async () => {
    const client = await signInClient(stack);
    const created = await client.post('/api/tickets', sampleTicket({ subject: 'SES nedostupný' }));
    expect(created.status).toBe(201);
    const n = created.body.number as number;
    await stack.poller.drain();

    const { getApp } = await import('../../functions/wiring/app');
    const app = await getApp();
    const view = await app.stores.tickets.getTicketView(n);
    expect(view!.outbox).toHaveLength(1);
    const [mail] = view!.outbox;
    expect(mail).toMatchObject({ state: 'retry', attempts: 1 });
    expect(mail!.lastError).toMatch(/ECONNREFUSED/);
    expect((await client.get(`/api/tickets/${n}`)).body.history[0].mail).toBe('pending');

    // not yet due: a sweep now does nothing
    const { getOutboxDeps } = await import('../../functions/wiring/mailer');
    const outbox = await getOutboxDeps();
    expect((await sweep(outbox)).sent).toBe(0);

    ses = await startSes({ port: sesPort });
    const later = { ...outbox, clock: { now: () => new Date(Date.now() + 60 * 60 * 1000) } };
    // the confirmation, and the alert of the new request to the demo administrator, which waited for SES as well
    expect(await sweep(later)).toMatchObject({ sent: 2, retry: 0, failed: 0 });
    expect(await mailsWithSubject(`[Softech #${n}] SES nedostupný`)).toHaveLength(1);

    // neither another sweep nor a redelivered stream record sends it again
    expect((await sweep(later)).sent).toBe(0);
    const mailer = await import('../../functions/handlers/mailer');
    const { marshall } = await import('@aws-sdk/util-dynamodb');
    await mailer.handler({
      Records: [{ dynamodb: { SequenceNumber: '1', NewImage: marshall({ ...mail!, entity: 'outbox', state: 'pending' }) as never } }],
    });
    expect(await mailsWithSubject(`[Softech #${n}] SES nedostupný`)).toHaveLength(1);
    expect((await app.stores.outbox.getOutbox(n, mail!.id))!.state).toBe('sent');
    expect((await client.get(`/api/tickets/${n}`)).body.history[0].mail).toBe('sent');
  });
});
