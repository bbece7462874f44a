import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys, ticketIndexes } from '../../functions/adapters/dynamo/table';
import type { Ticket } from '../../functions/core/model';
import { DEMO } from '../../local/seed';
import { searchStack, uniqueWord } from '../support/search';

/**
 * Search at scale (issue #15): a ticket older than 1,000 others of its status is found, the hits
 * paged newest first. Here, alone, because the stream indexes 1,001 tickets first (about a minute
 * on DynamoDB Local).
 */
const { s, newTicket, found } = searchStack();
const word = uniqueWord;

describe('search at scale', () => {
  it('finds a ticket older than 1,000 others of its status, and pages the hits newest first', { timeout: 280_000 }, async () => {
    const old = word('dávný');
    const first = await newTicket({ subject: `Stará věc ${old}` });
    // 1,001 newer tickets of the same status, straight into the table (the stream indexes them).
    const { getApp } = await import('../../functions/wiring/app');
    const { doc } = (await getApp()).clients;
    const filler = (n: number): Ticket => {
      const at = new Date(Date.now() + n * 1000).toISOString();
      return {
        number: 100_000 + n,
        ico: DEMO.client.ico,
        clientName: 'Plnivo',
        contactEmail: 'p@p.cz',
        category: 'other',
        subject: n % 40 === 0 ? `Hromada ${old}` : 'Hromada',
        description: 'x',
        status: 'new',
        counted: 'new',
        createdAt: at,
        updatedAt: at,
      };
    };
    for (let i = 0; i < 1001; i += 25) {
      const items = Array.from({ length: Math.min(25, 1001 - i) }, (_, j) => filler(i + j));
      await doc.send(
        new BatchWriteCommand({
          RequestItems: {
            [s.stack.tableName]: items.map((t) => ({
              PutRequest: { Item: { ...keys.ticket(t.number), entity: 'ticket', ...t, ...ticketIndexes(t) } },
            })),
          },
        }),
      );
    }
    const page1 = await found(old);
    // 26 fillers carry the word (every 40th) and the old ticket: 27 hits, 20 on the first page.
    expect(page1.numbers.length).toBe(20);
    expect(page1.numbers).toEqual([...page1.numbers].sort((a, b) => b - a));
    const next = /href="([^"]+)" rel="next"/.exec(page1.html)?.[1];
    expect(next).toBeDefined();
    const page2 = await s.admin.get(next!.replace(/&amp;/g, '&'));
    const numbers2 = [...page2.text.matchAll(/<td class="num"><a href="\/admin\/tickets\/(\d+)">/g)].map((m) => Number(m[1]));
    expect(numbers2.at(-1)).toBe(first);
    expect(new Set([...page1.numbers, ...numbers2]).size).toBe(27);
    expect(page2.text).not.toContain('rel="next"');
  });
});
