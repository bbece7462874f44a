import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { sampleTicket, type ApiClient } from '../support/api-client';
import type { AdminClient } from '../support/admin-client';
import { loggedInClients, testStack } from '../support/stack';
import { signInStaff } from '../support/sign-in';

/** The client's own list (issue #15): `GET /api/tickets` paged, filtered by status, searched; never another client's. */
let stack: LocalStack;
let mine: ApiClient;
let theirs: ApiClient;
let admin: AdminClient;

beforeAll(async () => {
  stack = await testStack();
  [mine, theirs] = (await loggedInClients(stack, 2, 3_150_000)) as [ApiClient, ApiClient];
  admin = await signInStaff(stack);
});
afterAll(() => stack?.stop());

type Page = { tickets: Array<{ number: number; subject: string; status: string }>; next?: string; prev?: string };
const list = async (c: ApiClient, query = '') => {
  const res = await c.get(`/api/tickets${query}`);
  return { status: res.status, body: res.body as Page & { error?: { code: string; message: string } } };
};

async function file(c: ApiClient, subject: string) {
  const res = await c.post('/api/tickets', sampleTicket({ subject }));
  expect(res.status).toBe(201);
  return res.body.number as number;
}

describe('GET /api/tickets', () => {
  it('pages the client’s tickets 20 at a time, newest first, every one exactly once, back and forth', async () => {
    const filed: number[] = [];
    for (let i = 0; i < 45; i++) filed.push(await file(mine, `Požadavek ${i}`));
    const seen: number[] = [];
    let page = (await list(mine)).body;
    const pages = [page];
    seen.push(...page.tickets.map((t) => t.number));
    while (page.next) {
      page = (await list(mine, `?cursor=${encodeURIComponent(page.next)}`)).body;
      pages.push(page);
      seen.push(...page.tickets.map((t) => t.number));
    }
    expect(pages.map((p) => p.tickets.length)).toEqual([20, 20, 5]);
    expect(seen).toEqual([...filed].reverse());
    const back = (await list(mine, `?cursor=${encodeURIComponent(pages[2]!.prev!)}`)).body;
    expect(back.tickets.map((t) => t.number)).toEqual(pages[1]!.tickets.map((t) => t.number));
    expect(pages[0]!.prev).toBeUndefined();
  });

  it('filters by status and searches by number or words of the subject, only in the client’s own tickets', async () => {
    const word = `xylofon${randomBytes(3).toString('hex').replace(/\d/g, 'k')}`;
    const a = await file(mine, `Rozbitý ${word} v zasedačce`);
    const other = await file(theirs, `Také ${word}`);
    const done = await file(mine, 'Vyřešená věc');
    await admin.get('/admin');
    expect((await admin.post(`/admin/tickets/${done}/status`, { status: 'resolved' })).status).toBe(303);
    await stack.poller.drain();

    const resolved = (await list(mine, '?status=resolved')).body.tickets.map((t) => t.number);
    expect(resolved).toEqual([done]);
    expect((await list(mine, '?status=open')).body.tickets.map((t) => t.number)).not.toContain(done);
    const byWord = (await list(mine, `?q=${encodeURIComponent(word.toUpperCase().slice(0, 7))}`)).body.tickets.map((t) => t.number);
    expect(byWord).toEqual([a]);
    expect((await list(theirs, `?q=${word}`)).body.tickets.map((t) => t.number)).toEqual([other]);
    expect((await list(mine, `?q=${a}`)).body.tickets.map((t) => t.number)).toEqual([a]);
    // Another client's number is nothing of mine; words only in a description are not searched here.
    expect((await list(mine, `?q=${other}`)).body.tickets).toEqual([]);
    expect((await list(mine, '?q=zasedacce')).body.tickets.map((t) => t.number)).toEqual([a]);
    expect((await list(mine, `?q=${encodeURIComponent('Tiskárna netiskne')}`)).body.tickets).toEqual([]);
  });

  it('refuses a tampered cursor, one of another client and one of another filter, and an unknown status', async () => {
    const page = (await list(mine)).body;
    expect(page.next).toBeDefined();
    const cursor = page.next!;
    const [body, mac] = cursor.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const forged = `${Buffer.from(JSON.stringify({ ...payload, l: payload.l.replace(/client:\d+/, 'client:00000000') })).toString('base64url')}.${mac}`;
    for (const [c, q] of [
      [mine, `?cursor=${encodeURIComponent(forged)}`],
      [mine, `?cursor=${encodeURIComponent(`${body}.x${mac.slice(1)}`)}`],
      [theirs, `?cursor=${encodeURIComponent(cursor)}`],
      [mine, `?status=resolved&cursor=${encodeURIComponent(cursor)}`],
    ] as const) {
      const res = await list(c, q);
      expect(res.status, q).toBe(400);
      expect(res.body.error?.code).toBe('bad_cursor');
      expect(res.body.error?.message).toContain('Odkaz na stránku seznamu je neplatný');
    }
    const bad = await list(mine, '?status=hotovo');
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('validation_failed');
  });
});
