import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { pageText, type AdminClient } from '../support/admin-client';
import { sampleTicket, type ApiClient } from '../support/api-client';
import { signInClient, signInStaff } from '../support/sign-in';
import { testStack } from '../support/stack';

/**
 * First-response and resolution times on DynamoDB Local, through the client API and the admin UI:
 * the due time is stamped when the ticket is filed (Czech business time, core/deadlines), the first
 * staff e-mail to the client is stamped once (`if_not_exists`), a resolution stamps its time, and the
 * ticket page shows them.
 */
let stack: LocalStack;
let admin: AdminClient;
let client: ApiClient;
beforeAll(async () => {
  stack = await testStack();
  admin = await signInStaff(stack);
  client = await signInClient(stack);
});
afterAll(() => stack?.stop());

const stored = async (n: number) => {
  const { getApp } = await import('../../functions/wiring/app');
  return (await (await getApp()).stores.tickets.getTicket(n))!;
};

describe('response times', () => {
  it('stamps the due time at filing, the first reply once and the resolution, and shows them on the ticket page', async () => {
    const res = await client.post('/api/tickets', sampleTicket({ category: 'service-express' }));
    expect(res.status).toBe(201);
    const n = res.body.number as number;
    const filed = await stored(n);
    expect(filed.firstResponseDue! > filed.createdAt).toBe(true);
    expect(filed.firstResponseAt).toBeUndefined();
    expect(pageText((await admin.get(`/admin/tickets/${n}`)).text)).toMatch(/První odpověď\s*do /);

    expect((await admin.post(`/admin/tickets/${n}/note`, { text: 'Interní poznámka.' })).status).toBe(303);
    expect((await stored(n)).firstResponseAt).toBeUndefined();
    expect((await admin.post(`/admin/tickets/${n}/reply`, { text: 'Dobrý den, podíváme se na to.' })).status).toBe(303);
    const first = (await stored(n)).firstResponseAt!;
    expect(first >= filed.createdAt).toBe(true);

    expect((await admin.post(`/admin/tickets/${n}/reply`, { text: 'Hotovo.', then: 'resolved' })).status).toBe(303);
    const after = await stored(n);
    expect(after.firstResponseAt).toBe(first);
    expect(after).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String) });
    expect(after.resolvedAt! >= first).toBe(true);
    const page = pageText((await admin.get(`/admin/tickets/${n}`)).text);
    expect(page).toMatch(/První odpověď\s*\S+/);
    expect(page).toMatch(/v termínu|po termínu/);
    expect(page).toContain('Vyřešeno');
  });

  it('shows the agreed deadline once the client accepts the quote: how long is left, then met when resolved in time', async () => {
    const n = (await client.post('/api/tickets', sampleTicket())).body.number as number;
    await admin.get(`/admin/tickets/${n}`);
    const deadline = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    await admin.post(`/admin/tickets/${n}/quote`, { price: '900', vat: 'without', deadline });
    expect(pageText((await admin.get(`/admin/tickets/${n}`)).text)).not.toContain('Dohodnutý termín');
    expect((await client.post(`/api/tickets/${n}/acceptance`, { accept: true, quoteVersion: 1 })).status).toBe(200);
    const [y, m, d] = deadline.split('-').map(Number);
    const open = pageText((await admin.get(`/admin/tickets/${n}`)).text);
    expect(open).toMatch(new RegExp(`Dohodnutý termín ${d}\\. ${m}\\. ${y} \\(do [^)]+\\) · zbývá \\d+ pracovních dnů`));
    await admin.post(`/admin/tickets/${n}/status`, { status: 'resolved' });
    const done = pageText((await admin.get(`/admin/tickets/${n}`)).text);
    expect(done).toMatch(/Dohodnutý termín [^·]+· v termínu\s*, vyřešeno/);
  });
});
