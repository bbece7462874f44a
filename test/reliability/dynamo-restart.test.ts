import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sweep } from '../../functions/core/mail-out/outbox';
import type { OutboxMail, Ticket } from '../../functions/core/model';
import { startDynamo, type DynamoService } from '../../local/services';
import type { LocalStack } from '../../local/stack';
import { ApiClient, sampleTicket, type ApiResponse } from '../support/api-client';
import { pollUntil, pool, within } from '../support/load';
import { createTestClient, testStack, validIco } from '../support/stack';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

/**
 * DynamoDB Local (our own instance, data on disk, reached through a TCP pass-through) is SIGKILLed
 * in the middle of a load of ticket submissions and restarted on the same port and data directory.
 * The contract under test: a client either gets its ticket or a clear 503 that it may retry with the
 * same Idempotency-Key, and the retry neither loses nor duplicates anything (ticket, number,
 * confirmation mail).
 *
 * The load: 30 logged-in clients, each submission with its own key, 20 in flight; a virtual user
 * that gets a 503 waits a second before its next submission (shorter than Retry-After, so new
 * requests keep arriving while the database is down, as impatient people's do). It runs until it has
 * made at least 300 submissions and at least 40 were answered after DynamoDB came back, so the
 * restart always lands in the middle of it.
 */
const MIN_SUBMISSIONS = 300;
const MAX_SUBMISSIONS = 1_500;
const ANSWERED_AFTER_RESTART = 40;
const CLIENTS = 30;
const IN_FLIGHT = 20;
const CRASH_AFTER_RESPONSES = 60;
/** How long the database stays dead before it is started again (the fault, not a wait for state). */
const OUTAGE_MS = 1_500;
const RETRY_ATTEMPTS = 10;
const PASSWORD = 'heslo-pro-vypadek-2026';

let dataDir: string;
let dynamo: DynamoService;
let proxy: TcpProxy;
let stack: LocalStack;
let clients: ApiClient[];

const run = randomBytes(3).toString('hex');
const keyOf = (i: number) => `outage-${run}-${String(i).padStart(4, '0')}`;
const subjectOf = (i: number) => `Výpadek ${run} č. ${i}`;
const clientOf = (i: number) => clients[i % CLIENTS]!;
const submit = (i: number) =>
  clientOf(i).post('/api/tickets', sampleTicket({ subject: subjectOf(i), contactEmail: `kontakt${i % CLIENTS}@firma-${run}.cz` }), {
    'idempotency-key': keyOf(i),
  });

const succeeded = (r: ApiResponse) => r.status === 201 || r.status === 200;
const describeResponse = (i: number, r: ApiResponse) => ({
  i,
  status: r.status,
  code: r.body?.error?.code,
  retryAfter: r.headers.get('retry-after'),
});

/** Index → the answer to the first attempt (one attempt per key during the load). */
const firstRound: ApiResponse[] = [];
/** Index → every answer to its retries, in order (only for those that failed during the load). */
const retries = new Map<number, ApiResponse[]>();
/** Index → the ticket number the client was finally given. */
const finalNumber = new Map<number, number>();
const timeline = { crashAfter: 0, restartedAfter: 0, answeredAfterRestart: 0, submissions: 0 };

async function app() {
  const { getApp } = await import('../../functions/wiring/app');
  return getApp();
}

async function scanTable(): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await (await app()).clients.doc.send(
      new ScanCommand({ TableName: stack.tableName, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return items;
}

const tally = (values: Array<number | string>) =>
  values.reduce<Record<string, number>>((t, v) => {
    t[v] = (t[v] ?? 0) + 1;
    return t;
  }, {});
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The outage, as a timeline: the endpoint goes dark (every connection in flight is reset, so some
 * transactions are committed without their caller hearing of it), DynamoDB Local is SIGKILLed, stays
 * dead for OUTAGE_MS, and is started again on the same port and data directory.
 *
 * Why the cut comes QUIESCE_MS before the kill: DynamoDB Local (2026-01-16) acknowledges a
 * TransactWriteItems a few milliseconds before the write is durable; a SIGKILL in that window loses
 * an acknowledged transaction (measured with the bare SDK: one lost in 4 of 9 kills made right after
 * an answer, none in 8 kills made 20–1000 ms later, no PutItem ever; and one acknowledged ticket lost
 * in each of the first two runs of this test without the cut). AWS DynamoDB does not lose
 * acknowledged writes, so killing the stand-in the instant it answers would test the stand-in, not
 * us. No answer reaches the stack after the cut, so everything the stack was told before the kill
 * had QUIESCE_MS to reach the disk.
 */
const QUIESCE_MS = 250;

async function crashAndRestart(answeredSoFar: () => number) {
  timeline.crashAfter = answeredSoFar();
  proxy.cut();
  await pause(QUIESCE_MS);
  await dynamo.crash();
  await pause(OUTAGE_MS);
  dynamo = await startDynamo({ port: dynamo.port, dataDir });
  timeline.restartedAfter = answeredSoFar();
  proxy.restore();
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'softech-dynamo-crash-'));
  dynamo = await startDynamo({ port: 0, dataDir });
  proxy = await startTcpProxy({ host: '127.0.0.1', port: dynamo.port });
  stack = await testStack({ services: { ...inject('services'), dynamo: proxy.endpoint } });
  clients = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const ico = validIco(6100000 + c);
      await createTestClient(ico, PASSWORD);
      const client = new ApiClient(stack.portalUrl);
      const login = await client.login(ico, PASSWORD);
      if (login.status !== 200) throw new Error(`login of ${ico} answered ${login.status}`);
      return client;
    }),
  );

  // The load. The crash is triggered by the N-th answer (not by a clock), so it always lands mid-load.
  let answered = 0;
  let restored = false;
  let outage: Promise<void> | undefined;
  const done = () =>
    (firstRound.length >= MIN_SUBMISSIONS && timeline.answeredAfterRestart >= ANSWERED_AFTER_RESTART) ||
    firstRound.length >= MAX_SUBMISSIONS;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (!done()) {
        const i = firstRound.length;
        firstRound.push(undefined as never);
        const res = await submit(i);
        firstRound[i] = res;
        if (restored) timeline.answeredAfterRestart++;
        if (++answered === CRASH_AFTER_RESPONSES) {
          outage = crashAndRestart(() => answered).then(() => {
            restored = true;
          });
        }
        if (!succeeded(res) && !done()) await pause(1_000);
      }
    }),
  );
  await outage;
  timeline.submissions = firstRound.length;

  // What a client does with a 503: retry with the same key (bounded; the database is back by now).
  const failed = [...firstRound.entries()].filter(([i, res]) => {
    if (succeeded(res)) finalNumber.set(i, res.body.number);
    return !succeeded(res);
  });
  await pool(failed.length, IN_FLIGHT, async (f) => {
    const [i] = failed[f]!;
    const answers: ApiResponse[] = [];
    retries.set(i, answers);
    for (let attempt = 0; attempt < RETRY_ATTEMPTS; attempt++) {
      const again = await submit(i);
      answers.push(again);
      if (succeeded(again)) {
        finalNumber.set(i, again.body.number);
        return;
      }
      await pause(500);
    }
  });
  console.log(
    `outage: ${JSON.stringify(timeline)}; failed during the load: ${failed.length}; load statuses ${JSON.stringify(tally(firstRound.map((r) => r.status)))}; retries per failed key ${JSON.stringify(tally([...retries.values()].map((a) => a.length)))}; last retry statuses ${JSON.stringify(tally([...retries.values()].map((a) => a.at(-1)!.status)))} (200 = committed before the cut, unheard)`,
  );
});

afterAll(async () => {
  await stack?.stop();
  await dynamo?.stop();
  await proxy?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('DynamoDB Local killed in the middle of a submission load and restarted on the same data', () => {
  it('answers every submission with 201/200 or a 503 "unavailable" with Retry-After, never with 500', () => {
    const unclear = firstRound
      .map((r, i) => [i, r] as const)
      .filter(([, r]) => !succeeded(r) && !(r.status === 503 && r.body?.error?.code === 'unavailable' && r.headers.get('retry-after')))
      .map(([i, r]) => describeResponse(i, r));
    expect(unclear).toEqual([]);
    // The outage must have hit the load on both sides, or this test proves nothing.
    expect(timeline.crashAfter).toBe(CRASH_AFTER_RESPONSES);
    expect(firstRound.filter((r) => r.status === 503).length).toBeGreaterThan(0);
    expect(timeline.answeredAfterRestart).toBeGreaterThanOrEqual(ANSWERED_AFTER_RESTART);
  });

  it('completes every failed submission when the client retries it with the same Idempotency-Key', () => {
    const unfinished = [...retries]
      .filter(([i]) => !finalNumber.has(i))
      .map(([i, answers]) => ({ i, answers: answers.map((a) => describeResponse(i, a)) }));
    expect(unfinished).toEqual([]);
    const unclearRetries = [...retries].flatMap(([i, answers]) =>
      answers.filter((a) => !succeeded(a) && a.status !== 503).map((a) => describeResponse(i, a)),
    );
    expect(unclearRetries).toEqual([]);
    expect(finalNumber.size).toBe(firstRound.length);
  });

  it('keeps exactly one ticket per Idempotency-Key, under distinct numbers, each readable by its client', async () => {
    const tickets = (await scanTable()).filter((item) => item.entity === 'ticket') as unknown as Ticket[];
    const ours = tickets.filter((t) => t.subject.startsWith(`Výpadek ${run} `));
    expect(ours).toHaveLength(firstRound.length);
    expect(new Set(ours.map((t) => t.number)).size).toBe(firstRound.length);
    const bySubject = new Map(ours.map((t) => [t.subject, t.number]));
    const mismatched = [...finalNumber]
      .filter(([i, n]) => bySubject.get(subjectOf(i)) !== n)
      .map(([i, n]) => ({ i, answered: n, stored: bySubject.get(subjectOf(i)) }));
    expect(mismatched).toEqual([]);

    const views = await pool(firstRound.length, IN_FLIGHT, async (i) => ({
      i,
      res: await clientOf(i).get(`/api/tickets/${finalNumber.get(i)}`),
    }));
    const unreadable = views
      .filter(({ i, res }) => res.status !== 200 || res.body.ticket.subject !== subjectOf(i))
      .map(({ i, res }) => ({ i, status: res.status }));
    expect(unreadable).toEqual([]);
  });

  it('keeps exactly one confirmation outbox item per ticket', async () => {
    const numbers = new Set(finalNumber.values());
    const outbox = (await scanTable()).filter(
      // the ticket's own mail (alerts to staff sit under ALERTS#<n>)
      (item) => item.entity === 'outbox' && String(item.pk).startsWith('TICKET#') && numbers.has(item.ticket as number),
    ) as unknown as OutboxMail[];
    const perTicket = new Map<number, OutboxMail[]>();
    for (const mail of outbox) perTicket.set(mail.ticket, [...(perTicket.get(mail.ticket) ?? []), mail]);
    const wrong = [...numbers]
      .filter((n) => perTicket.get(n)?.length !== 1 || perTicket.get(n)![0]!.kind !== 'confirmation')
      .map((n) => ({ n, items: perTicket.get(n)?.map((m) => m.kind) ?? [] }));
    expect(wrong).toEqual([]);
  });

  it('sends every confirmation once DynamoDB is back (stream drained, then at most 20 retry sweeps)', { timeout: 240_000 }, async () => {
    // The stream poller logs errors while the database is down; it must still come back and drain.
    // The drain includes the indexer filing ~900 new items (tickets, events) one after another: 60 s was not enough on CI-like runs.
    await within(stack.poller.drain(), 180_000, 'stream poller drain after the restart');
    const { getOutboxDeps } = await import('../../functions/wiring/mailer');
    const outbox = await getOutboxDeps();
    // Mails whose lease or retry time lies ahead are made due by a clock two hours ahead.
    const later = { ...outbox, clock: { now: () => new Date(Date.now() + 2 * 60 * 60 * 1000) } };
    const numbers = new Set(finalNumber.values());
    const notSent = async () =>
      (await scanTable())
        .filter(
          (item) =>
            item.entity === 'outbox' &&
            String(item.pk).startsWith('TICKET#') &&
            numbers.has(item.ticket as number) &&
            item.state !== 'sent',
        )
        .map((item) => ({ ticket: item.ticket, state: item.state, attempts: item.attempts, lastError: item.lastError }));
    for (let sweeps = 0; sweeps < 20 && (await notSent()).length > 0; sweeps++) await sweep(later);
    expect(await notSent()).toEqual([]);

    const res = await fetch(`${inject('services').ses}/store`);
    const subjects = ((await res.json()) as { emails: Array<{ subject: string }> }).emails.map((m) => m.subject);
    const copies = [...finalNumber].map(([i, n]) => ({
      i,
      copies: subjects.filter((s) => s === `[Softech #${n}] ${subjectOf(i)}`).length,
    }));
    expect(copies.filter(({ copies: c }) => c === 0)).toEqual([]);
    // At-least-once by design: a crash between SES accepting a mail and markSent makes it go again.
    console.log(`confirmations: ${copies.length}, sent more than once: ${copies.filter(({ copies: c }) => c > 1).length}`);
  });

  it('delivers the confirmation of a ticket filed after the restart through the table stream, without a sweep', async () => {
    const created = await clientOf(0).post('/api/tickets', sampleTicket({ subject: `Po restartu ${run}` }));
    expect(created.status).toBe(201);
    const n = created.body.number as number;
    const state = await pollUntil(
      async () => {
        const view = await (await app()).stores.tickets.getTicketView(n);
        return view?.outbox[0]?.state === 'sent' ? 'sent' : undefined;
      },
      { attempts: 100, intervalMs: 200, what: `confirmation of #${n} sent by the stream` },
    );
    expect(state).toBe('sent');
  });
});
