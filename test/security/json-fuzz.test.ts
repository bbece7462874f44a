import fc from 'fast-check';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { type ApiClient, sampleTicket } from '../support/api-client';
import { signInClient } from '../support/sign-in';
import { testStack } from '../support/stack';

/**
 * Every JSON endpoint × random, oversized, wrongly typed, deeply nested and non-UTF-8 bodies:
 * always a 4xx with a JSON error body, never a 5xx, and nothing stored (login failures may only
 * count towards lockout).
 */
let stack: LocalStack;
let client: ApiClient;
let ticket: number;

const endpoints = () => [
  { path: '/api/login', auth: false },
  { path: '/api/password', auth: true },
  { path: '/api/tickets', auth: true },
  { path: `/api/tickets/${ticket}/acceptance`, auth: true },
  { path: '/api/access-requests', auth: false },
];

async function storedItems(): Promise<string[]> {
  const { getApp } = await import('../../functions/wiring/app');
  const app = await getApp();
  const keys: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await app.clients.doc.send(
      new ScanCommand({ TableName: stack.tableName, ExclusiveStartKey: start, ProjectionExpression: 'pk, sk' }),
    );
    keys.push(...(res.Items ?? []).map((i) => `${i.pk}|${i.sk}`));
    start = res.LastEvaluatedKey;
  } while (start);
  // Failed logins are counted (THROTTLE) by design; everything else must stay as it was.
  return keys.filter((k) => !k.startsWith('THROTTLE#')).sort();
}

async function send(path: string, body: Uint8Array<ArrayBuffer> | string, cookie?: string) {
  const res = await fetch(new URL(path, stack.portalUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie && { cookie }) },
    body,
  });
  const text = await res.text();
  return { status: res.status, text };
}

function expectCleanError(res: { status: number; text: string }) {
  expect(res.status, res.text).toBeGreaterThanOrEqual(400);
  expect(res.status, res.text).toBeLessThan(500);
  const body = JSON.parse(res.text) as { error: { code: string; message: string } };
  expect(typeof body.error.code).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
}

beforeAll(async () => {
  stack = await testStack();
  client = await signInClient(stack);
  ticket = (await client.post('/api/tickets', sampleTicket())).body.number;
  await stack.poller.drain(); // the ticket's confirmation and alerts are written before the snapshot
});
afterAll(() => stack?.stop());

// Values that are never a valid request body for any endpoint: wrong shapes of every kind.
const invalidBody = fc.oneof(
  fc.anything({ maxDepth: 3 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
  fc
    .dictionary(fc.string({ maxLength: 12 }), fc.anything({ maxDepth: 2 }), { maxKeys: 6 })
    .filter((o) => !('contactEmail' in o) && !('accept' in o)),
  fc.record({ ico: fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.constant(null)), password: fc.anything({ maxDepth: 1 }) }),
  fc.record({ accept: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.object()) }),
  fc.record({ contactEmail: fc.string(), category: fc.string(), subject: fc.anything({ maxDepth: 1 }), description: fc.integer() }),
);

describe('hostile JSON bodies on every endpoint', () => {
  it('answers random wrong-shaped bodies with a 4xx JSON error and stores nothing', async () => {
    const before = await storedItems();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints()), invalidBody, async (endpoint, body) => {
        const text = JSON.stringify(body) ?? 'null';
        expectCleanError(await send(endpoint.path, text, endpoint.auth ? client.sessionCookie : undefined));
      }),
      { numRuns: 150 },
    );
    expect(await storedItems()).toEqual(before);
  });

  it('answers non-UTF-8 bytes, 1 MB bodies, deep nesting and truncated JSON with a 4xx', async () => {
    const before = await storedItems();
    const hostile: Array<Uint8Array<ArrayBuffer> | string> = [
      new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), // {"a":"\xff\xfe"}
      new Uint8Array([0xc3, 0x28]),
      JSON.stringify({ description: 'x'.repeat(1024 * 1024) }),
      '['.repeat(20_000) + ']'.repeat(20_000),
      `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
      '{"contactEmail":"a@b.cz","category":"service"',
      '',
      'null',
      '\u0000',
    ];
    for (const endpoint of endpoints()) {
      for (const body of hostile) {
        expectCleanError(await send(endpoint.path, body, endpoint.auth ? client.sessionCookie : undefined));
      }
    }
    expect(await storedItems()).toEqual(before);
  });
});
