import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import type { AdminClient } from '../support/admin-client';
import type { ApiClient } from '../support/api-client';
import { sampleTicket } from '../support/api-client';
import { signInClient, signInStaff } from '../support/sign-in';
import { testStack } from '../support/stack';

/**
 * Text pasted from macOS or some PDFs arrives decomposed: "é" as "e" + U+0301. It is normalised to
 * NFC on input, before the limits are counted and before it is stored, so the 8,000-character limit
 * is exact in what the person sees, and search and comparison see one form.
 */
let stack: LocalStack;
let client: ApiClient;
let staff: AdminClient;

const decomposed = (n: number) => 'e\u0301'.repeat(n);

beforeAll(async () => {
  stack = await testStack();
  [client, staff] = await Promise.all([signInClient(stack), signInStaff(stack)]);
});
afterAll(() => stack?.stop());

describe('decomposed text', () => {
  it('counts 8,000 decomposed letters as 8,000 and stores them composed, subject too', async () => {
    const created = await client.post('/api/tickets', sampleTicket({ subject: `Kav${'a\u0301'}rna`, description: decomposed(8000) }));
    expect(created.status).toBe(201);
    const ticket = (await client.get(`/api/tickets/${created.body.number}`)).body.ticket;
    expect(ticket.subject).toBe('Kavárna');
    expect(ticket.description).toBe('é'.repeat(8000));
    expect(ticket.description.length).toBe(8000);
  });

  it('still refuses 8,001 of them, by one character', async () => {
    const res = await client.post('/api/tickets', sampleTicket({ description: decomposed(8001) }));
    expect(res.status).toBe(400);
    expect(res.body.error.fields.description).toBeDefined();
  });

  it('stores a staff note typed decomposed in NFC', async () => {
    const { number } = (await client.post('/api/tickets', sampleTicket({ subject: 'Poznámka' }))).body;
    await staff.get(`/admin/tickets/${number}`);
    expect((await staff.post(`/admin/tickets/${number}/note`, { text: `Zavolat pí. Nov${'a\u0301'}kové` })).status).toBe(303);
    const page = (await staff.get(`/admin/tickets/${number}`)).text;
    expect(page).toContain('Zavolat pí. Novákové');
    expect(page).not.toContain('a\u0301');
  });
});
