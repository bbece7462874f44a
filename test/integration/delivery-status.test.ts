import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { type ApiClient, sampleTicket } from '../support/api-client';
import { signInClient } from '../support/sign-in';
import { testStack } from '../support/stack';

/** SES configuration-set events as recorded JSON (local SES cannot produce them), delivered by SNS. */
let stack: LocalStack;
let client: ApiClient;

const snsEvent = (fixture: string, messageId: string) => ({
  Records: [
    {
      Sns: {
        Message: readFileSync(new URL(`../fixtures/ses-events/${fixture}.json`, import.meta.url), 'utf8').replaceAll(
          '__MESSAGE_ID__',
          `<${messageId}>`,
        ),
      },
    },
  ],
});

beforeAll(async () => {
  stack = await testStack();
  client = await signInClient(stack);
});
afterAll(() => stack?.stop());

async function sentTicket() {
  const n = (await client.post('/api/tickets', sampleTicket())).body.number as number;
  await stack.poller.drain();
  const { getApp } = await import('../../functions/wiring/app');
  const app = await getApp();
  const mail = (await app.stores.tickets.getTicketView(n))!.outbox[0]!;
  return { n, mail, app };
}

describe('delivery reports from SES', () => {
  it('marks the confirmation as delivered and records it for staff only', async () => {
    const { n, mail, app } = await sentTicket();
    const { handler } = await import('../../functions/handlers/delivery-status');
    expect(await handler(snsEvent('delivery', mail.messageId) as never)).toEqual(['recorded']);
    const view = (await app.stores.tickets.getTicketView(n))!;
    expect(view.outbox[0]!.delivery).toMatchObject({ kind: 'delivered', at: '2026-11-27T09:00:02.118Z' });
    expect(view.events.find((e) => e.type === 'delivery')?.data).toMatchObject({
      kind: 'delivered',
      recipients: ['jana.novakova@firma.cz'],
    });
    const seen = await client.get(`/api/tickets/${n}`);
    expect(seen.body.history.map((h: { type: string }) => h.type)).toEqual(['created']);
    expect(seen.body.history[0].mail).toBe('delivered');
  });

  it('records a bounce with its diagnostic, once even when SNS delivers it twice', async () => {
    const { n, mail, app } = await sentTicket();
    const { handler } = await import('../../functions/handlers/delivery-status');
    await handler(snsEvent('bounce', mail.messageId) as never);
    await handler(snsEvent('bounce', mail.messageId) as never);
    const view = (await app.stores.tickets.getTicketView(n))!;
    expect(view.outbox[0]!.delivery).toMatchObject({ kind: 'bounced', detail: 'Permanent / General / smtp; 550 5.1.1 user unknown' });
    expect(view.events.filter((e) => e.type === 'delivery')).toHaveLength(1);
    expect((await client.get(`/api/tickets/${n}`)).body.history[0].mail).toBe('bounced');
  });

  it('ignores reports about mail that is not ours or no longer exists', async () => {
    const { handler } = await import('../../functions/handlers/delivery-status');
    expect(await handler(snsEvent('delivery', 'CAF123@mail.gmail.com') as never)).toEqual(['not-ours']);
    expect(await handler(snsEvent('delivery', `t999999.abcdefghijklmnop@${stack.env.MAIL_DOMAIN}`) as never)).toEqual(['unknown-mail']);
    expect(await handler({ Records: [{ Sns: { Message: '{"eventType":"Open","mail":{}}' } }] } as never)).toEqual(['skipped']);
  });
});
