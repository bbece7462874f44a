import { randomBytes } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessMinutes } from '../../functions/core/deadlines/business-time';
import { soonAt } from '../../functions/core/deadlines/due';
import type { Ticket } from '../../functions/core/model';
import { DEMO } from '../../local/seed';
import { startDynamo, type Service } from '../../local/services';
import type { LocalStack } from '../../local/stack';
import { pageText, type AdminClient } from '../support/admin-client';
import { alertItems } from '../support/alert-items';
import { sampleTicket, type ApiClient } from '../support/api-client';
import { seedDueTable } from '../support/due-seed';
import { signInClient, signInStaff } from '../support/sign-in';
import { createTestStaff, testStack } from '../support/stack';

/**
 * Deadlines through the local stack on DynamoDB Local: the due index kept from the table stream
 * after every change of a ticket, the queue's *Po termínu* and *Blíží se termín* tabs read from it,
 * the reminder sweep (its clock moved, the rest real) alerting each threshold once, and the sweep
 * reading only the reminders due among 10,000 open tickets.
 */
let stack: LocalStack;
let admin: AdminClient;
let client: ApiClient;
const JANA = 'jana.termin@softech.local';
const run = randomBytes(3).toString('hex');

async function app() {
  const { getApp } = await import('../../functions/wiring/app');
  return getApp();
}

async function item(pk: string, sk: string) {
  const res = await (await app()).clients.doc.send(new GetCommand({ TableName: stack.tableName, Key: { pk, sk }, ConsistentRead: true }));
  return res.Item;
}
const meta = async (n: number) =>
  (await item(`TICKET#${n}`, 'META')) as (Ticket & { gsi3pk?: string; gsi3sk?: string; gsi4pk?: string; gsi4sk?: string }) | undefined;
const reminder = (n: number) => item(`TICKET#${n}`, 'REMINDER');

async function newTicket(subject = `Termín ${run} ${randomBytes(2).toString('hex')}`) {
  const res = await client.post('/api/tickets', sampleTicket({ subject }));
  expect(res.status).toBe(201);
  return res.body.number as number;
}

async function onTicket(n: number, action: string, fields: Record<string, string>) {
  await admin.get(`/admin/tickets/${n}`);
  const res = await admin.post(`/admin/tickets/${n}/${action}`, fields);
  expect(res.status, `${action} on #${n}`).toBe(303);
}

/** Moves a ticket's first-response due time, as a change of the ticket (the stream then records its due). */
async function setFirstResponseDue(n: number, at: Date) {
  await (await app()).clients.doc.send(
    new UpdateCommand({
      TableName: stack.tableName,
      Key: { pk: `TICKET#${n}`, sk: 'META' },
      UpdateExpression: 'SET firstResponseDue = :d, updatedAt = :u',
      ExpressionAttributeValues: { ':d': at.toISOString(), ':u': new Date().toISOString() },
    }),
  );
  await stack.poller.drain();
}

/** Deadline alert entries filed for a ticket: `<threshold> → <recipient>`. */
async function deadlineAlerts(n: number): Promise<string[]> {
  return (await alertItems(stack, n))
    .flatMap((m) => m.alertEntries.filter((e) => e.key.startsWith('deadline#')).map((e) => `${e.key.split('#').at(-1)} → ${m.to[0]}`))
    .sort();
}

async function sweepAt(now: Date) {
  const { getReminderDeps } = await import('../../functions/wiring/alerts');
  const { sendReminders } = await import('../../functions/core/deadlines/reminders');
  return sendReminders({ ...(await getReminderDeps()), clock: { now: () => now } });
}

/**
 * A DynamoDB Local of this file's own for the two tests that load it (20,000 items seeded; an index
 * built on a table), so that they neither hold up nor wait for the other files' tables.
 */
let own: Promise<Service> | undefined;
const ownDynamo = () => {
  own ??= startDynamo({ port: 0, dataDir: null });
  return own;
};

beforeAll(async () => {
  stack = await testStack();
  await createTestStaff(JANA, 'heslo-pro-janu-2026', { name: 'Jana Termínová' });
  admin = await signInStaff(stack);
  client = await signInClient(stack);
});
afterAll(async () => {
  await stack?.stop();
  await (await own)?.stop();
});

describe('the due index', () => {
  it('follows the ticket: first response when filed, nothing once answered, the agreed deadline once accepted, nothing when resolved, back when reopened', async () => {
    const n = await newTicket();
    await stack.poller.drain();
    const filed = (await meta(n))!;
    expect(filed.due).toEqual({ kind: 'first-response', at: filed.firstResponseDue });
    expect(filed).toMatchObject({ gsi3pk: 'DUE#first-response', gsi3sk: filed.firstResponseDue });
    expect(await reminder(n)).toMatchObject({
      threshold: 'soon',
      kind: 'first-response',
      remindAt: soonAt(filed.due!).toISOString(),
      gsi3pk: 'REMINDERS',
    });

    await onTicket(n, 'reply', { text: 'Dobrý den, podíváme se na to.' });
    await stack.poller.drain();
    const answered = (await meta(n))!;
    expect(answered.due).toBeUndefined();
    expect(answered.gsi3pk).toBeUndefined();
    expect(await reminder(n)).toBeUndefined();

    const deadline = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    await onTicket(n, 'quote', { price: '900', vat: 'without', deadline });
    expect((await client.post(`/api/tickets/${n}/acceptance`, { accept: true, quoteVersion: 1 })).status).toBe(200);
    await stack.poller.drain();
    const agreed = (await meta(n))!;
    expect(agreed.due?.kind).toBe('agreed');
    expect(agreed.gsi3pk).toBe('DUE#agreed');
    expect(await reminder(n)).toMatchObject({ kind: 'agreed', threshold: 'soon', at: agreed.due!.at });
    // A change that leaves the due as it is moves nothing (the reminder keeps its place).
    expect(agreed.updatedAt).toBe((await meta(n))!.updatedAt);

    await onTicket(n, 'status', { status: 'resolved' });
    await stack.poller.drain();
    expect((await meta(n))!.due).toBeUndefined();
    expect(await reminder(n)).toBeUndefined();

    await onTicket(n, 'status', { status: 'in-progress' });
    await stack.poller.drain();
    expect((await meta(n))!.due).toEqual(agreed.due);
    expect(await reminder(n)).toMatchObject({ kind: 'agreed', at: agreed.due!.at });
  });
});

describe('the deadline tabs of the queue', () => {
  it('list what is overdue and what is due soon, with what is due and how late or how long left, and count them', async () => {
    const late = await newTicket(`Zpožděný ${run}`);
    const soon = await newTicket(`Brzy ${run}`);
    const later = await newTicket(`Později ${run}`);
    await setFirstResponseDue(late, new Date(Date.now() - 3 * 86_400_000));
    await setFirstResponseDue(soon, addBusinessMinutes(new Date(), 90));
    await setFirstResponseDue(later, addBusinessMinutes(new Date(), 6 * 60));

    const overdue = await admin.get('/admin?tab=overdue');
    expect(overdue.status).toBe(200);
    const overdueText = pageText(overdue.text);
    expect(overdueText).toContain(`Zpožděný ${run}`);
    expect(overdueText).not.toContain(`Brzy ${run}`);
    expect(overdueText).toMatch(/první odpověď · po termínu \d/);
    expect(overdueText).toMatch(/Po termínu 1\b/); // the tab's count: this ticket is the only one overdue

    const dueSoon = pageText((await admin.get('/admin?tab=due-soon')).text);
    expect(dueSoon).toContain(`Brzy ${run}`);
    expect(dueSoon).not.toContain(`Zpožděný ${run}`);
    expect(dueSoon).not.toContain(`Později ${run}`); // 6 business hours away: not within 4
    expect(dueSoon).toMatch(/první odpověď · zbývá 1 h/);

    // Answered: gone from the tab as soon as the stream has recorded it.
    await onTicket(late, 'reply', { text: 'Omlouváme se za zdržení.' });
    await stack.poller.drain();
    expect(pageText((await admin.get('/admin?tab=overdue')).text)).not.toContain(`Zpožděný ${run}`);
  });
});

describe('reminders', () => {
  it('tell the assignee once per threshold (overdue: administrators too); a ticket answered in time gets none', async () => {
    const n = await newTicket();
    await onTicket(n, 'assign', { assignee: JANA });
    // Another ticket, answered at once: it gets no reminder, and its entry goes.
    const quiet = await newTicket();
    await onTicket(quiet, 'reply', { text: 'Vyřízeno hned.' });
    await stack.poller.drain();
    const due = (await meta(n))!.due!;
    const soonTime = soonAt(due);

    await sweepAt(new Date(soonTime.getTime() - 60_000));
    expect(await deadlineAlerts(n)).toEqual([]);
    expect((await sweepAt(soonTime)).reminded).toBeGreaterThanOrEqual(1);
    expect(await deadlineAlerts(n)).toEqual([`soon → ${JANA}`]);
    await sweepAt(new Date(soonTime.getTime() + 5 * 60_000));
    expect(await deadlineAlerts(n)).toEqual([`soon → ${JANA}`]);
    expect((await reminder(n))!.threshold).toBe('overdue');

    const dueTime = new Date(due.at);
    await sweepAt(dueTime);
    await sweepAt(new Date(dueTime.getTime() + 10 * 60_000));
    expect(await deadlineAlerts(n)).toEqual([`overdue → ${DEMO.staff.email}`, `overdue → ${JANA}`, `soon → ${JANA}`].sort());
    expect(await reminder(n)).toBeUndefined();
    expect(await deadlineAlerts(quiet)).toEqual([]);
    expect(await reminder(quiet)).toBeUndefined();
  });
});

describe('the reminder sweep', () => {
  it('reads only the 5 reminders due and their 5 tickets among 10,000 open tickets', async () => {
    const own = await ownDynamo();
    const now = new Date();
    const seed = await seedDueTable(own.endpoint, { table: `due-${run}`, total: 10_000, open: 10_000, due: 5, now });
    try {
      const { run: result, reads, alerts } = await seed.sweep(now);
      expect(result).toMatchObject({ read: 5, reminded: 5, dropped: 0 });
      expect(reads.scans).toBe(0);
      expect(reads.items['QueryCommand GSI3']).toBe(5);
      expect(reads.gets.sort()).toEqual(seed.dueTickets.map((t) => `TICKET#${t}`).sort());
      expect(reads.total).toBe(10);
      expect(alerts.map((a) => a.ticket).sort((a, b) => a - b)).toEqual(seed.dueTickets);
      // Swept, they are not read again.
      const again = await seed.sweep(new Date(now.getTime() + 5 * 60_000));
      expect(again.reads.total).toBe(0);
    } finally {
      seed.destroy();
    }
  }, 300_000);
});

describe('a table kept from before the due index', () => {
  it('gets the index added when the desk starts, and its tickets their due', { timeout: 300_000 }, async () => {
    const { CreateTableCommand, DescribeTableCommand, DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const { DynamoDBDocumentClient, PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const { ensureTable } = await import('../../functions/adapters/table-setup');
    const { DynamoDue } = await import('../../functions/adapters/dynamo/due');
    const { DynamoTicketIndex } = await import('../../functions/adapters/dynamo/ticket-index');
    const { recount } = await import('../../functions/core/tickets/ticket-index');
    const dynamo = new DynamoDBClient({
      endpoint: (await ownDynamo()).endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const doc = DynamoDBDocumentClient.from(dynamo);
    const table = `old-${run}`;
    const index = (name: string) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: `${name.toLowerCase()}pk`, KeyType: 'HASH' as const },
        { AttributeName: `${name.toLowerCase()}sk`, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    });
    try {
      await dynamo.send(
        new CreateTableCommand({
          TableName: table,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((AttributeName) => ({
            AttributeName,
            AttributeType: 'S',
          })),
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: [index('GSI1'), index('GSI2')],
        }),
      );
      const old = { ...(await meta(await newTicket()))!, pk: 'TICKET#1', sk: 'META', number: 1 };
      delete old.due;
      delete old.gsi3pk;
      delete old.gsi3sk;
      delete old.counted;
      delete old.listedFor;
      delete old.gsi4pk;
      delete old.gsi4sk;
      await doc.send(new PutCommand({ TableName: table, Item: old }));

      expect(await ensureTable(dynamo, table)).toEqual({ updated: ['GSI3', 'GSI4'] });
      const described = await dynamo.send(new DescribeTableCommand({ TableName: table }));
      expect(described.Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(['GSI1', 'GSI2', 'GSI3', 'GSI4']);
      expect(await ensureTable(dynamo, table)).toBe('exists');

      const ticketIndex = new DynamoTicketIndex(doc, table);
      expect(await recount({ index: ticketIndex, clock: { now: () => new Date() } }, ticketIndex.everyTicket())).toMatchObject({
        tickets: 1,
        recorded: 1,
        drift: {},
      });
      expect((await ticketIndex.readCounts()).new).toBe(1);
      const due = new DynamoDue(doc, table);
      expect(await due.countDue('first-response', { from: '2000-01-01T00:00:00.000Z', through: '2100-01-01T00:00:00.000Z' })).toBe(1);
    } finally {
      dynamo.destroy();
    }
  });
});
