import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { type ApiClient, sampleTicket } from '../support/api-client';
import { signInClient } from '../support/sign-in';
import { createTestClient, testStack, validIco } from '../support/stack';

let stack: LocalStack;

beforeAll(async () => {
  stack = await testStack();
});
afterAll(() => stack?.stop());

describe('idempotent submission', () => {
  let client: ApiClient;
  beforeAll(async () => {
    client = await signInClient(stack);
  });

  it('returns the same ticket for a retried submit with the same Idempotency-Key', async () => {
    const key = 'draft-7f3a9c2e-0001';
    const first = await client.post('/api/tickets', sampleTicket({ subject: 'Opakovaně' }), { 'idempotency-key': key });
    const retry = await client.post('/api/tickets', sampleTicket({ subject: 'Opakovaně' }), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body.number).toBe(first.body.number);
  });

  it('makes one ticket from ten simultaneous submits with one key (double click)', async () => {
    const key = 'draft-7f3a9c2e-0002';
    const before = (await client.get('/api/tickets')).body.tickets.length;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => client.post('/api/tickets', sampleTicket({ subject: 'Dvojklik' }), { 'idempotency-key': key })),
    );
    expect(results.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.number)).size).toBe(1);
    expect((await client.get('/api/tickets')).body.tickets.length).toBe(before + 1);
  });

  it('refuses to reuse a key for a different request with 409', async () => {
    const key = 'draft-7f3a9c2e-0003';
    await client.post('/api/tickets', sampleTicket({ subject: 'Jedno' }), { 'idempotency-key': key });
    const other = await client.post('/api/tickets', sampleTicket({ subject: 'Druhé' }), { 'idempotency-key': key });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_conflict');
  });

  it('rejects a malformed Idempotency-Key', async () => {
    const res = await client.post('/api/tickets', sampleTicket(), { 'idempotency-key': 'krátký' });
    expect(res.status).toBe(400);
  });
});

describe('tickets belong to their client', () => {
  it("answers 404 when client B asks for client A's ticket, and lists only own tickets", async () => {
    const icoA = validIco(4444441);
    const icoB = validIco(4444442);
    await createTestClient(icoA, 'heslo-klienta-a');
    await createTestClient(icoB, 'heslo-klienta-b');
    const a = await signInClient(stack, icoA, 'heslo-klienta-a');
    const b = await signInClient(stack, icoB, 'heslo-klienta-b');
    const ticket = (await a.post('/api/tickets', sampleTicket({ subject: 'Tajné A' }))).body.number;

    const stolen = await b.get(`/api/tickets/${ticket}`);
    expect(stolen.status).toBe(404);
    expect(stolen.body.error.code).toBe('not_found');
    expect((await b.get('/api/tickets')).body.tickets).toEqual([]);
    expect((await b.post(`/api/tickets/${ticket}/acceptance`, { accept: true, quoteVersion: 1 })).status).toBe(404);
    expect((await a.get(`/api/tickets/${ticket}`)).status).toBe(200);
  });

  it('answers 404 for a ticket number that is not a number', async () => {
    const c = await signInClient(stack);
    expect((await c.get('/api/tickets/abc')).status).toBe(404);
    expect((await c.get('/api/tickets/-1')).status).toBe(404);
  });
});

describe('quote acceptance', () => {
  it('lets the client accept an open quote once and records it in the history', async () => {
    const c = await signInClient(stack);
    const n = (await c.post('/api/tickets', sampleTicket({ subject: 'S nabídkou' }))).body.number;
    expect((await c.post(`/api/tickets/${n}/acceptance`, { accept: true, quoteVersion: 1 })).status).toBe(409);

    const { getApp } = await import('../../functions/wiring/app');
    const app = await getApp();
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await app.clients.doc.send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: { pk: `TICKET#${n}`, sk: 'META' },
        UpdateExpression: 'SET quote = :q, #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':q': { price: 4500, vat: 'without', deadline: '2026-12-15', state: 'proposed' }, ':s': 'quoted' },
      }),
    );

    // Stored as quotes were before they had versions: it counts as version 1.
    const accepted = await c.post(`/api/tickets/${n}/acceptance`, { accept: true, quoteVersion: 1 });
    expect(accepted.status).toBe(200);
    expect(accepted.body.ticket).toMatchObject({ status: 'agreed', quote: { state: 'accepted', price: 4500 } });
    expect((await c.post(`/api/tickets/${n}/acceptance`, { accept: false, quoteVersion: 1 })).status).toBe(409);
    const view = await c.get(`/api/tickets/${n}`);
    expect(view.body.history.map((h: { type: string }) => h.type)).toEqual(['created', 'acceptance']);
  });
});
