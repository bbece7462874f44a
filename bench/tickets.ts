import { randomBytes } from 'node:crypto';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { keys } from '../functions/adapters/dynamo/table';
import { hashToken, openSession } from '../functions/core/accounts/sessions';
import { startDynamo, startS3, startSes } from '../local/services';
import { startLocalStack } from '../local/stack';
import { fmt, type BenchRow } from './report';

/**
 * Issue 3 bench, all at 50 concurrent clients against one DynamoDB Local, interleaved in rounds:
 * (A) tickets/s through the full HTTP path; (B) the same DynamoDB calls one creation makes, issued
 * directly; (C) raw counter ADDs. A/B shows what our gateway, middleware, validation and
 * serialisation cost on top of the database work.
 */
const CONCURRENCY = 50;
const PER_ROUND = 600;
const ROUNDS = 3;

async function closedLoop(total: number, work: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) await work(next++);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(log: (m: string) => void = console.log): Promise<BenchRow[]> {
  const dynamo = await startDynamo({ port: 0, dataDir: null });
  const s3dir = `.tmp/bench-s3-${process.pid}`;
  const s3 = await startS3({ port: 0, directory: s3dir, buckets: ['softech-mail'] });
  const ses = await startSes({ port: 0 });
  const stack = await startLocalStack({
    port: 0,
    quiet: true,
    seed: false,
    buildWeb: false,
    mailer: false,
    tableName: 'bench-tickets',
    services: { dynamo: dynamo.endpoint, s3: s3.endpoint, ses: ses.endpoint },
  });
  try {
    const { getApp } = await import('../functions/wiring/app');
    const app = await getApp();
    const tokens = await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, i) => {
        const ico = `9${String(i).padStart(6, '0')}`;
        const { icoCheckDigit } = await import('../functions/core/accounts/ico');
        const full = ico + icoCheckDigit(ico);
        await app.stores.accounts.createClient({
          ico: full,
          name: `Bench ${i}`,
          mustChangePassword: false,
          knownEmails: [],
          disabled: false,
          createdAt: new Date().toISOString(),
        });
        return { ico: full, token: (await openSession(app.accounts, { kind: 'client', ico: full, name: `Bench ${i}` }, false)).token };
      }),
    );
    const body = JSON.stringify({
      contactEmail: 'bench@firma.cz',
      category: 'service',
      subject: 'Měření výkonu',
      description: 'Popis požadavku '.repeat(40),
    });
    const url = new URL('/api/tickets', stack.portalUrl);

    // (A) full HTTP path
    const viaHttp = (i: number) =>
      fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', cookie: `sp_session=${tokens[i % CONCURRENCY]!.token}` },
      }).then(async (r) => {
        if (r.status !== 201) throw new Error(`HTTP ${r.status}: ${await r.text()}`);
        await r.arrayBuffer();
      });

    // (B) the same four DynamoDB calls, from a client of our own
    const raw = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
    let sample!: NonNullable<Awaited<ReturnType<typeof app.tickets.tickets.getTicketView>>>;
    const direct = async (i: number) => {
      const who = tokens[i % CONCURRENCY]!;
      await raw.send(new GetCommand({ TableName: stack.tableName, Key: keys.session(hashToken(who.token)), ConsistentRead: true }));
      await raw.send(new GetCommand({ TableName: stack.tableName, Key: keys.client(who.ico) }));
      const counter = await raw.send(
        new UpdateCommand({
          TableName: stack.tableName,
          Key: { pk: 'COUNTER', sk: 'BENCH' },
          UpdateExpression: 'ADD #v :one',
          ExpressionAttributeNames: { '#v': 'v' },
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const n = 10_000_000 + (counter.Attributes!.v as number);
      const id = randomBytes(8).toString('hex');
      await raw.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: stack.tableName,
                Item: { ...sample.ticket, ...keys.ticket(n), number: n, ico: who.ico },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: stack.tableName, Item: { ...sample.events[0], ...keys.event(n, new Date().toISOString(), id) } } },
            { Put: { TableName: stack.tableName, Item: { ...sample.outbox[0], ...keys.outbox(n, id), state: 'sent' } } },
            { Put: { TableName: stack.tableName, Item: { ...keys.messageId(`t${n}.${id}@bench`), ticket: n } } },
            {
              Update: {
                TableName: stack.tableName,
                Key: keys.client(who.ico),
                UpdateExpression: 'ADD knownEmails :e SET lastContactEmail = :c',
                ConditionExpression: 'attribute_exists(pk) AND disabled = :f',
                ExpressionAttributeValues: { ':e': new Set(['bench@firma.cz']), ':c': 'bench@firma.cz', ':f': false },
              },
            },
          ],
        }),
      );
    };

    // (C) the numbering limit: bare counter ADDs
    const counterOnly = async () => {
      await raw.send(
        new UpdateCommand({
          TableName: stack.tableName,
          Key: { pk: 'COUNTER', sk: 'RAW' },
          UpdateExpression: 'ADD #v :one',
          ExpressionAttributeNames: { '#v': 'v' },
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
    };

    await viaHttp(0); // warm-up: the handler's first load, and the ticket that (B) copies
    sample = (await app.tickets.tickets.getTicketView(1))!;
    // DynamoDB Local (Java) keeps getting faster for its first thousand or so requests: warm it up
    // with all three kinds, then alternate which of A and B goes first, and compare A with B round
    // by round, so that a warming or a noisy moment weighs on both sides.
    await closedLoop(PER_ROUND / 2, viaHttp);
    await closedLoop(PER_ROUND / 2, direct);
    await closedLoop(PER_ROUND / 2, counterOnly);
    const a: number[] = [],
      b: number[] = [],
      c: number[] = [],
      ab: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      if (round % 2 === 1) {
        a.push(await closedLoop(PER_ROUND, viaHttp));
        b.push(await closedLoop(PER_ROUND, direct));
      } else {
        b.push(await closedLoop(PER_ROUND, direct));
        a.push(await closedLoop(PER_ROUND, viaHttp));
      }
      c.push(await closedLoop(PER_ROUND * 2, counterOnly));
      ab.push(a.at(-1)! / b.at(-1)!);
      log(`  round ${round}: A ${fmt(a.at(-1)!)} /s, B ${fmt(b.at(-1)!)} /s (A/B ${fmt(ab.at(-1)!, 2)}), C ${fmt(c.at(-1)!)} /s`);
    }
    const A = median(a),
      B = median(b),
      C = median(c),
      AB = median(ab);
    return [
      { figure: '(A) tickets/s, full HTTP path, 50 clients', ours: fmt(A), baseline: '–', ratio: '–', target: '–', pass: null },
      {
        figure: '(B) same DynamoDB calls direct (4 per ticket: session get, client get, counter ADD, transaction), /s',
        ours: fmt(B),
        baseline: '–',
        ratio: '–',
        target: '–',
        pass: null,
      },
      { figure: '(C) raw counter ADD/s', ours: fmt(C), baseline: '–', ratio: '–', target: '–', pass: null },
      {
        figure: 'A/B: HTTP path vs its own DynamoDB work (median of the per-round ratios)',
        ours: fmt(A),
        baseline: fmt(B),
        ratio: fmt(AB, 2),
        target: '≥ 0.80',
        pass: AB >= 0.8,
      },
      { figure: 'A/C: HTTP path vs numbering limit', ours: fmt(A), baseline: fmt(C), ratio: fmt(A / C, 2), target: '–', pass: null },
    ];
  } finally {
    await stack.stop();
    await ses.stop();
    await s3.stop();
    await dynamo.stop();
    (await import('node:fs')).rmSync(s3dir, { recursive: true, force: true });
  }
}
