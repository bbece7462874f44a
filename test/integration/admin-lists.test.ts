import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../functions/adapters/dynamo/table';
import { clientItem, keys, OUTBOX_FAILED, outboxItem } from '../../functions/adapters/dynamo/table';
import type { AccessRequest, Client, OutboxMail, UnmatchedMail } from '../../functions/core/model';
import type { LocalStack } from '../../local/stack';
import { pageText, type AdminClient } from '../support/admin-client';
import { writeItems } from '../support/due-seed';
import { signInStaff } from '../support/sign-in';
import { testStack, validIco } from '../support/stack';

/**
 * The admin's other lists a page at a time (issue #15): clients (with a search), access requests,
 * unmatched mail and failed mail, 50 a page with signed cursors, against DynamoDB Local. Each list
 * holds more than two pages, written straight into the table in the layout its writers use.
 */
let stack: LocalStack;
let admin: AdminClient;

const doc = async () => (await (await import('../../functions/wiring/app')).getApp()).clients.doc;
const at = (i: number) => new Date(Date.UTC(2026, 10, 1, 8) + i * 60_000).toISOString();

beforeAll(async () => {
  stack = await testStack();
  admin = await signInStaff(stack);
  const items: Item[] = [];
  for (let i = 0; i < 120; i++) {
    // Every third name has the word with its diacritics; the search is for it folded.
    const client: Client = {
      ico: validIco(3_100_000 + i),
      name: `${i % 3 === 0 ? 'Účetní' : 'Servisní'} firma ${String(i).padStart(3, '0')}`,
      passwordHash: 'x',
      knownEmails: [`info${i}@firma.cz`],
      mustChangePassword: false,
      createdAt: at(i),
    } as Client;
    items.push(clientItem(client));
  }
  for (let i = 0; i < 110; i++) {
    const r: AccessRequest = {
      id: `req-${String(i).padStart(3, '0')}`,
      ico: validIco(3_200_000 + i),
      companyName: `Žadatel ${i}`,
      contactName: 'Jana',
      email: `zadost${i}@firma.cz`,
      state: 'open',
      createdAt: at(i),
    };
    items.push({ ...keys.access(r.id), entity: 'access', ...r, gsi2pk: `STATUS#access-${r.state}`, gsi2sk: r.createdAt });
    const mail: UnmatchedMail = {
      id: `mail-${String(i).padStart(3, '0')}`,
      sesMessageId: `ses-${i}`,
      rawKey: `raw/${i}`,
      reason: 'no_ticket',
      from: `cizi${i}@example.com`,
      subject: `Nepřiřazená ${i}`,
      receivedAt: at(i),
      textPreview: '',
      attachments: [],
      virus: false,
      state: 'open',
    };
    items.push({ ...keys.unmatched(mail.id), entity: 'unmatched', ...mail, gsi2pk: 'STATUS#unmatched', gsi2sk: mail.receivedAt });
    const out: OutboxMail = {
      id: `out-${String(i).padStart(3, '0')}`,
      ticket: 900_000 + i,
      kind: 'staff-reply',
      messageId: `out-${i}@softech.local`,
      to: [`klient${i}@firma.cz`],
      subject: `Nedoručená ${i}`,
      message: { text: 'x' } as OutboxMail['message'],
      state: 'failed',
      attempts: 8,
      dueAt: at(i),
      lastError: 'MessageRejected',
      createdAt: at(i),
    };
    items.push({ ...outboxItem(out), gsi2pk: OUTBOX_FAILED, gsi2sk: at(i) });
  }
  await writeItems(await doc(), stack.tableName, items);
});
afterAll(() => stack?.stop());

const link = (page: string, rel: 'next' | 'prev') => {
  const href = new RegExp(`href="([^"]+)" rel="${rel}"`).exec(page)?.[1];
  return href?.replace(/&amp;/g, '&');
};

/** Every page from `first` by its *Další* links, then back by *Předchozí*: the rows of each page (by `row`). */
async function walk(first: string, row: RegExp) {
  const rows = (text: string) => [...text.matchAll(row)].map((m) => m[1]!);
  const forward: string[][] = [];
  let path: string | undefined = first;
  let last = '';
  while (path) {
    const res = await admin.get(path);
    expect(res.status, path).toBe(200);
    forward.push(rows(res.text));
    last = res.text;
    path = link(res.text, 'next');
    expect(forward.length, 'pages').toBeLessThan(20);
  }
  const backward: string[][] = [];
  for (let prev = link(last, 'prev'); prev; ) {
    const res = await admin.get(prev);
    expect(res.status, prev).toBe(200);
    backward.unshift(rows(res.text));
    prev = link(res.text, 'prev');
  }
  return { forward, backward };
}

describe('admin lists, a page at a time', () => {
  it('walks the clients by name, 50 a page, each once, forwards and back', async () => {
    const { forward, backward } = await walk('/admin/clients', /<td class="num"><a href="\/admin\/clients\/(\d{8})">/g);
    const all = forward.flat();
    expect(forward.map((p) => p.length).slice(0, 2)).toEqual([50, 50]);
    expect(new Set(all).size).toBe(all.length);
    // The 120 written and the demo client.
    expect(all.length).toBe(121);
    for (let i = 0; i < 120; i++) expect(all).toContain(validIco(3_100_000 + i));
    expect(backward).toEqual(forward.slice(0, -1));
  });

  it('pages a search of the clients by a folded word, the words kept in the links', async () => {
    const { forward } = await walk('/admin/clients?q=UCETNI', /<td class="num"><a href="\/admin\/clients\/(\d{8})">/g);
    const found = forward.flat().sort();
    const expected = Array.from({ length: 40 }, (_, k) => validIco(3_100_000 + 3 * k)).sort();
    expect(found).toEqual(expected);
    // An IČO finds its one client however written.
    const one = await admin.get(`/admin/clients?q=${encodeURIComponent(`CZ${validIco(3_100_005)}`)}`);
    expect([...one.text.matchAll(/<td class="num"><a href="\/admin\/clients\/(\d{8})">/g)].map((m) => m[1])).toEqual([validIco(3_100_005)]);
  });

  it('walks access requests, unmatched mail and failed mail newest first, each once', async () => {
    for (const [path, row, prefix] of [
      ['/admin/access-requests', /href="\/admin\/access-requests\/(req-\d+)"/g, 'req'],
      ['/admin/unmatched', /href="\/admin\/unmatched\/(mail-\d+)"/g, 'mail'],
      ['/admin/outbox', /action="\/admin\/outbox\/\d+\/(out-\d+)\/retry"/g, 'out'],
    ] as const) {
      const { forward, backward } = await walk(path, row);
      expect(
        forward.map((p) => p.length),
        path,
      ).toEqual([50, 50, 10]);
      expect(forward.flat(), path).toEqual(Array.from({ length: 110 }, (_, i) => `${prefix}-${String(109 - i).padStart(3, '0')}`));
      expect(backward, path).toEqual(forward.slice(0, -1));
    }
  });

  it('files an alert for each of the 220 new requests and mails to the admin, none twice', async () => {
    // They all share "ticket 0" and so the admin's one alert state item (adapters/dynamo/alerts.ts).
    await stack.poller.drain();
    const items = await (await doc()).send(
      new QueryCommand({ TableName: stack.tableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'ALERTS#0' } }),
    );
    const rows = items.Items ?? [];
    const seen = rows.filter((i) => String(i.sk).startsWith('SEEN#')).map((i) => String(i.sk));
    expect(seen.length).toBe(220);
    const entries = rows.filter((i) => i.entity === 'outbox').flatMap((i) => (i.alertEntries as Array<{ key: string }>).map((e) => e.key));
    expect(entries.length).toBe(220);
    expect(new Set(entries).size).toBe(220);
  });

  it('refuses a tampered cursor, one of another list and one of another search with a 400 and a Czech page', async () => {
    const clients = link((await admin.get('/admin/clients?q=firma')).text, 'next')!;
    const cursor = new URLSearchParams(clients.split('?')[1]).get('strana')!;
    const [body, mac] = cursor.split('.') as [string, string];
    for (const path of [
      `/admin/clients?q=firma&strana=${encodeURIComponent(`${body}.${mac.slice(0, -2)}AA`)}`,
      `/admin/clients?q=servisni&strana=${encodeURIComponent(cursor)}`,
      `/admin/access-requests?strana=${encodeURIComponent(cursor)}`,
      `/admin/unmatched?strana=${encodeURIComponent(cursor)}`,
      `/admin/outbox?strana=nesmysl`,
    ]) {
      const res = await admin.get(path);
      expect(res.status, path).toBe(400);
      expect(pageText(res.text)).toContain('Odkaz na stránku seznamu je neplatný nebo zastaralý');
    }
  });
});
