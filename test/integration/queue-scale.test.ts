import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoTicketChanges } from '../../functions/adapters/dynamo/ticket-changes';
import { DynamoTicketIndex } from '../../functions/adapters/dynamo/ticket-index';
import { keys, openWorkIndex, ticketIndexes } from '../../functions/adapters/dynamo/table';
import { ensureTable } from '../../functions/adapters/table-setup';
import type { Category, Status, Ticket } from '../../functions/core/model';
import { encodeCursor } from '../../functions/core/paging';
import type { PageRequest, Page, TabStatus } from '../../functions/core/ports';
import { zeroCounts } from '../../functions/core/tickets/ticket-index';
import { DEMO } from '../../local/seed';
import type { LocalStack } from '../../local/stack';
import { pageText, type AdminClient } from '../support/admin-client';
import { sampleTicket, type ApiClient } from '../support/api-client';
import { signInClient, signInStaff } from '../support/sign-in';
import { testStack } from '../support/stack';

/**
 * The queue at scale (issue #15): counts from the counts item, exact under concurrent changes;
 * *Moje* from the assignee index; tabs a page at a time with signed cursors.
 */
let stack: LocalStack;
let admin: AdminClient;
let client: ApiClient;

const doc = async () => (await (await import('../../functions/wiring/app')).getApp()).clients.doc;

beforeAll(async () => {
  stack = await testStack();
  admin = await signInStaff(stack);
  client = await signInClient(stack);
});
afterAll(() => stack?.stop());

async function newTickets(count: number, over: Record<string, unknown> = {}) {
  const numbers: number[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, (_, j) =>
        client.post('/api/tickets', sampleTicket({ subject: `Zátěž ${i + j}`, ...over })),
      ),
    );
    for (const res of batch) {
      expect(res.status).toBe(201);
      numbers.push(res.body.number as number);
    }
  }
  return numbers;
}

/** The statuses of every ticket, from a scan: what the counts must say. */
async function tally() {
  const index = new DynamoTicketIndex(await doc(), stack.tableName);
  const found = zeroCounts();
  for await (const t of index.everyTicket()) found[t.status]++;
  return { found, stored: await index.readCounts() };
}

/** A tab's count as the queue page shows it. */
const tabCount = (html: string, label: string) => Number(new RegExp(`${label} <span class="n">(\\d+)</span>`).exec(html)?.[1]);

describe('counts', () => {
  it('are exact after 200 concurrent status changes (some of them losing to another)', { timeout: 120_000 }, async () => {
    const numbers = await newTickets(25);
    await admin.get('/admin');
    // A fixed pseudo-random sequence of changes, many on the same ticket at once.
    let seed = 15;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const moves = ['assigned', 'waiting-for-client', 'in-progress', 'resolved', 'closed', 'cancelled'] as const;
    const results = await Promise.all(
      Array.from({ length: 200 }, () => {
        const n = numbers[next(numbers.length)]!;
        const to = moves[next(moves.length)]!;
        return to === 'closed' || to === 'cancelled'
          ? admin.post(`/admin/tickets/${n}/close`, { outcome: to, reason: 'Zátěžový test.' })
          : admin.post(`/admin/tickets/${n}/status`, { status: to });
      }),
    );
    const done = results.filter((r) => r.status === 303).length;
    expect(done).toBeGreaterThan(50);
    expect(results.every((r) => [303, 409].includes(r.status))).toBe(true);
    await stack.poller.drain();
    const { found, stored } = await tally();
    expect(stored).toEqual(found);
    expect(Object.values(found).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(25);
    const page = (await admin.get('/admin?tab=resolved')).text;
    expect(tabCount(page, 'Vyřešené')).toBe(found.resolved);
    expect(tabCount(page, 'Uzavřené a zrušené')).toBe(found.closed + found.cancelled);
  });
});

describe('Moje', () => {
  it('lists the open tickets assigned to me from the assignee index, and drops one once resolved', async () => {
    const [a, b, c] = await newTickets(3, { subject: `Moje ${randomBytes(3).toString('hex')}` });
    await admin.get('/admin');
    for (const n of [a, b, c]) expect((await admin.post(`/admin/tickets/${n}/assign`, { assignee: DEMO.staff.email })).status).toBe(303);
    expect((await admin.post(`/admin/tickets/${c}/status`, { status: 'resolved' })).status).toBe(303);
    await stack.poller.drain();
    const page = (await admin.get('/admin?tab=mine')).text;
    for (const n of [a, b]) expect(page).toContain(`href="/admin/tickets/${n}"`);
    expect(page).not.toContain(`href="/admin/tickets/${c}"`);
    const rows = [...page.matchAll(/<td class="num"><a href="\/admin\/tickets\/(\d+)">/g)].length;
    expect(tabCount(page, 'Moje')).toBe(rows);
  });
});

describe('cursors', () => {
  it('refuse a tampered cursor, one from another list and one too old with a 400 and a Czech page', async () => {
    // More than a page (50) of new tickets, so that the first page has a next one.
    await newTickets(55, { subject: 'Stránkování' });
    const first = (await admin.get('/admin?tab=new')).text;
    expect(first).toContain('Stránky seznamu');
    const next = /href="\/admin\?tab=new&amp;strana=([^"]+)" rel="next"/.exec(first)?.[1];
    expect(next, 'the new tab has a next page').toBeDefined();
    const cursor = decodeURIComponent(next!.replace(/&amp;/g, '&'));
    expect((await admin.get(`/admin?tab=new&strana=${encodeURIComponent(cursor)}`)).status).toBe(200);
    const [body, mac] = cursor.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const edited = Buffer.from(JSON.stringify({ ...payload, p: { ...payload.p, gsi2pk: 'STATUS#closed' } })).toString('base64url');
    for (const bad of [`${edited}.${mac}`, `${body}.${mac.slice(0, -2)}AA`, 'nesmysl', `${body}`]) {
      const res = await admin.get(`/admin?tab=new&strana=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(pageText(res.text)).toContain('Odkaz na stránku seznamu je neplatný nebo zastaralý');
    }
    // The same cursor in another tab's URL.
    expect((await admin.get(`/admin?tab=assigned&strana=${encodeURIComponent(cursor)}`)).status).toBe(400);
    // Expired: issued 13 hours ago, signed with the real key.
    const { getApp } = await import('../../functions/wiring/app');
    const key = (await getApp()).cursors;
    const old = encodeCursor(key, 'queue:new', 'after', payload.p, new Date(Date.now() - 13 * 3_600_000));
    expect((await admin.get(`/admin?tab=new&strana=${encodeURIComponent(old)}`)).status).toBe(400);
  });
});

describe('paging', () => {
  /** Tickets written straight into a table of their own, in the layout the writers use. */
  const ticket = (n: number, status: Status, category: Category, createdAt: string, assignee?: string): Ticket => ({
    number: n,
    ico: DEMO.client.ico,
    clientName: 'Demo',
    contactEmail: 'a@b.cz',
    category,
    subject: `S ${n}`,
    description: 'D',
    status,
    ...(assignee && { assignee }),
    createdAt,
    updatedAt: createdAt,
  });
  async function put(d: DynamoDBDocumentClient, table: string, tickets: Ticket[]) {
    for (let i = 0; i < tickets.length; i += 25) {
      await d.send(
        new BatchWriteCommand({
          RequestItems: {
            [table]: tickets.slice(i, i + 25).map((t) => ({
              PutRequest: {
                Item: {
                  ...keys.ticket(t.number),
                  entity: 'ticket',
                  ...t,
                  ...ticketIndexes(t),
                  ...(t.assignee && openWorkIndex(t.assignee, t)),
                },
              },
            })),
          },
        }),
      );
    }
  }

  /** Walks a list by `next` to its end (adding tickets between pages), then back by `prev` from the last page. */
  async function walk(list: (req: PageRequest) => Promise<Page<Ticket>>, size: number, between: (page: number) => Promise<void>) {
    const pages: Ticket[][] = [];
    let req: PageRequest = { limit: size };
    for (let i = 0; ; i++) {
      const page = await list(req);
      pages.push(page.items);
      expect(page.items.length).toBeLessThanOrEqual(size);
      if (!page.next) break;
      expect(page.items.length).toBe(size);
      await between(i);
      req = { limit: size, after: page.next };
      expect(i).toBeLessThan(1000);
    }
    return pages;
  }

  it('walking every page returns every ticket exactly once, in the tab order, while tickets are added', { timeout: 240_000 }, async () => {
    const dynamo = new DynamoDBClient({
      endpoint: stack.env.AWS_ENDPOINT_DYNAMODB,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const d = DynamoDBDocumentClient.from(dynamo);
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({ express: fc.boolean(), status: fc.constantFrom<Status>('new', 'closed', 'cancelled'), mine: fc.boolean() }),
            {
              maxLength: 70,
            },
          ),
          fc.integer({ min: 1, max: 25 }),
          fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 6 }),
          async (rows, size, added) => {
            const table = `paging-${randomBytes(4).toString('hex')}-${run++}`;
            await ensureTable(dynamo, table);
            try {
              const me = 'ja@softech.cz';
              let n = 0;
              const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
              const make = (r: (typeof rows)[number]) =>
                ticket(++n, r.status, r.express ? 'service-express' : 'service', at(n), r.mine && r.status === 'new' ? me : undefined);
              const start = rows.map(make);
              await put(d, table, start);
              const store = new DynamoTicketChanges(d, table);
              const grow = async (page: number) => {
                const more = Array.from({ length: added[page] ?? 0 }, (_, i) => make({ express: i % 2 === 0, status: 'new', mine: true }));
                await put(d, table, more);
              };
              const check = async (tab: TabStatus | 'mine', expected: Ticket[], order: (a: Ticket, b: Ticket) => number) => {
                const list = (req: PageRequest) => (tab === 'mine' ? store.listOpenWork(me, req, {}) : store.listTab(tab, req, {}));
                const before = new Set(expected.map((t) => t.number));
                const pages = await walk(list, size, grow);
                const seen = pages.flat().map((t) => t.number);
                expect(new Set(seen).size, 'no ticket twice').toBe(seen.length);
                for (const x of before) expect(seen, `ticket ${x} of ${tab}`).toContain(x);
                const listed = pages.flat();
                expect(listed.filter((t) => before.has(t.number)).map((t) => t.number)).toEqual(
                  [...expected].sort(order).map((t) => t.number),
                );
              };
              const rank = (t: Ticket) => (t.category === 'service-express' ? 0 : 1);
              const oldest = (a: Ticket, b: Ticket) => rank(a) - rank(b) || a.createdAt.localeCompare(b.createdAt);
              await check(
                'new',
                start.filter((t) => t.status === 'new'),
                oldest,
              );
              await check(
                'closed',
                start.filter((t) => t.status !== 'new'),
                (a, b) => b.createdAt.localeCompare(a.createdAt),
              );
              await check(
                'mine',
                start.filter((t) => t.assignee === me),
                oldest,
              );
            } finally {
              await dynamo.send(new DeleteTableCommand({ TableName: table }));
            }
          },
        ),
        { numRuns: 12 },
      );
    } finally {
      dynamo.destroy();
    }
  });

  it('goes back page by page with `prev` to the first page', async () => {
    const d = await doc();
    const store = new DynamoTicketChanges(d, stack.tableName);
    const pages: number[][] = [];
    let page = await store.listTab('closed', { limit: 4 }, {});
    pages.push(page.items.map((t) => t.number));
    while (page.next) {
      page = await store.listTab('closed', { limit: 4, after: page.next }, {});
      pages.push(page.items.map((t) => t.number));
    }
    expect(pages.length).toBeGreaterThan(1);
    const back: number[][] = [page.items.map((t) => t.number)];
    while (page.prev) {
      page = await store.listTab('closed', { limit: 4, before: page.prev }, {});
      back.unshift(page.items.map((t) => t.number));
    }
    // The last page may be short: the walk back re-cuts the pages from the end, so compare the rows.
    expect(back.flat()).toEqual(pages.flat());
    expect(back[0]!.length).toBe(4);
  });
});
