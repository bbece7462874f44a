import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketFromReplyAddress } from '../../functions/core/mail-out/reply-token';
import type { LocalStack } from '../../local/stack';
import { ApiClient, sampleTicket } from '../support/api-client';
import { signInClient } from '../support/sign-in';
import { testStack } from '../support/stack';

let stack: LocalStack;
let client: ApiClient;

async function sentMails(stackRef: LocalStack) {
  const res = await fetch(new URL('/store', stackRef.env.AWS_ENDPOINT_SES));
  return (
    (await res.json()) as { emails: Array<{ subject: string; replyTo: string[]; destination: { to: string[] }; body: { text: string } }> }
  ).emails;
}

beforeAll(async () => {
  stack = await testStack();
  client = await signInClient(stack);
});
afterAll(() => stack?.stop());

describe('request intake over HTTP through the local gateway', () => {
  it('numbers requests 1, 2, 3 in order and answers 201 with the ticket', async () => {
    const numbers: number[] = [];
    for (const subject of ['První', 'Druhý', 'Třetí']) {
      const res = await client.post('/api/tickets', sampleTicket({ subject }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ subject, status: 'new', category: 'service' });
      numbers.push(res.body.number);
    }
    expect(numbers).toEqual([1, 2, 3]);
  });

  it('sends a Czech confirmation with the subject tag and a valid reply token to the contact address', async () => {
    const created = await client.post('/api/tickets', sampleTicket({ subject: 'Potvrzení prosím', contactEmail: 'Petr@Firma.cz' }));
    await stack.poller.drain();
    const mail = (await sentMails(stack)).find((m) => m.subject === `[Softech #${created.body.number}] Potvrzení prosím`);
    expect(mail).toBeDefined();
    expect(mail!.destination.to).toEqual(['petr@firma.cz']);
    expect(mail!.body.text).toContain(`pořadové číslo ${created.body.number}`);
    expect(mail!.body.text).toContain('odpovíte');
    const replyTo = mail!.replyTo[0]!;
    expect(ticketFromReplyAddress(stack.env.REPLY_TOKEN_SECRET!, replyTo, stack.env.MAIL_DOMAIN!)).toBe(created.body.number);
  });

  it('shows the ticket with its history to its client and marks the confirmation as sent', async () => {
    const created = await client.post('/api/tickets', sampleTicket({ subject: 'Detail' }));
    await stack.poller.drain();
    const res = await client.get(`/api/tickets/${created.body.number}`);
    expect(res.status).toBe(200);
    expect(res.body.ticket).toMatchObject({ number: created.body.number, subject: 'Detail', contactEmail: 'jana.novakova@firma.cz' });
    expect(res.body.history).toHaveLength(1);
    expect(res.body.history[0]).toMatchObject({ type: 'created', mail: 'sent' });
    expect(res.body.attachments).toEqual([]);
  });

  it("lists the client's own tickets newest first", async () => {
    const res = await client.get('/api/tickets');
    expect(res.status).toBe(200);
    const numbers = res.body.tickets.map((t: { number: number }) => t.number);
    expect(numbers.length).toBeGreaterThanOrEqual(5);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
  });

  it('remembers the last contact email for the next request form', async () => {
    await client.post('/api/tickets', sampleTicket({ contactEmail: 'posledni@firma.cz' }));
    const me = await client.get('/api/me');
    expect(me.body.client.lastContactEmail).toBe('posledni@firma.cz');
  });

  it('serves the health check without a session', async () => {
    const res = await new ApiClient(stack.portalUrl).get('/api/health');
    expect(res).toMatchObject({ status: 200, body: { ok: true } });
  });
});
