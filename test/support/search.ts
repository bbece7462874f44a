import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import type { LocalStack } from '../../local/stack';
import type { AdminClient } from './admin-client';
import { sampleTicket, type ApiClient } from './api-client';
import { signInClient, signInStaff } from './sign-in';
import { testStack } from './stack';

/** A word nobody else uses (no digits: a number is looked up as a ticket number), so that each test finds only its own ticket. */
export const uniqueWord = (stem: string) => `${stem}${randomBytes(3).toString('hex').replace(/\d/g, 'q')}`;

/**
 * The search tests' stack (issue #15): a local stack for the file with a signed-in staff member and
 * client, a ticket filed by the client (`defaults` and `over` into the sample), and the numbers a
 * staff search lists once the stream has been indexed.
 */
export function searchStack(defaults: Record<string, unknown> = {}) {
  const s = {} as { stack: LocalStack; admin: AdminClient; client: ApiClient };
  beforeAll(async () => {
    s.stack = await testStack();
    s.admin = await signInStaff(s.stack);
    s.client = await signInClient(s.stack);
  });
  afterAll(() => s.stack?.stop());

  async function newTicket(over: Record<string, unknown> = {}) {
    const res = await s.client.post('/api/tickets', sampleTicket({ ...defaults, ...over }));
    expect(res.status).toBe(201);
    return res.body.number as number;
  }

  /** The ticket numbers a staff search lists, and its page. */
  async function found(q: string) {
    await s.stack.poller.drain(); // the index follows the table stream
    const res = await s.admin.get(`/admin?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    return {
      numbers: [...res.text.matchAll(/<td class="num"><a href="\/admin\/tickets\/(\d+)">/g)].map((m) => Number(m[1])),
      html: res.text,
    };
  }
  return { s, newTicket, found };
}
