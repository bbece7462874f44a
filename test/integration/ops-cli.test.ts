import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { AdminClient, pageText } from '../support/admin-client';
import { ApiClient } from '../support/api-client';
import { opsCli, opsCliRefusal, runOpsCli } from '../support/ops-cli';
import { signInStaff } from '../support/sign-in';
import { testStack } from '../support/stack';

/**
 * Every credential the administrators' CLI hands out is temporary: whoever signs in with it must choose
 * their own password first, exactly as with accounts made in the admin UI.
 */
let stack: LocalStack;

beforeAll(async () => {
  stack = await testStack();
});
afterAll(() => stack?.stop());

describe('the ops CLI', () => {
  it('creates staff who must change the temporary password at first login, marked so on /admin/staff', async () => {
    const made = await runOpsCli<{ email: string; role: string; temporaryPassword: string }>(stack, [
      'create-staff',
      '--email',
      'Prvni.Spravce@softech.cz',
      '--name',
      'První Správce',
      '--role',
      'admin',
    ]);
    expect(made).toMatchObject({ email: 'prvni.spravce@softech.cz', role: 'admin' });
    expect(made.temporaryPassword).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/);

    const admin = await signInStaff(stack);
    const row = /<tr[^>]*>(?:(?!<\/tr>).)*prvni\.spravce@softech\.cz(?:(?!<\/tr>).)*<\/tr>/s.exec(
      (await admin.get('/admin/staff')).text,
    )?.[0];
    expect(pageText(row ?? '')).toContain('dočasné heslo');

    const person = new AdminClient(stack.portalUrl);
    expect((await person.login(made.email, made.temporaryPassword)).location).toBe('/admin');
    expect((await person.get('/admin')).location).toBe('/admin/account');
  });

  it('creates clients, and resets their password, so that the next login must choose a new one', async () => {
    const made = await runOpsCli<{ ico: string; temporaryPassword: string }>(stack, [
      'create-client',
      '--ico',
      '25596641',
      '--name',
      'Pekařství U Mlýna s.r.o.',
      '--email',
      'jana@pekarstvi.cz',
    ]);
    const first = await new ApiClient(stack.portalUrl).login(made.ico, made.temporaryPassword);
    expect(first.status).toBe(200);
    expect(first.body.mustChangePassword).toBe(true);

    const reset = await runOpsCli<{ ico: string; temporaryPassword: string }>(stack, ['reset-password', '--ico', made.ico]);
    expect(reset.temporaryPassword).not.toBe(made.temporaryPassword);
    const again = await new ApiClient(stack.portalUrl).login(made.ico, reset.temporaryPassword);
    expect(again.status).toBe(200);
    expect(again.body.mustChangePassword).toBe(true);
  });
});

describe('an IČO written without its leading zeros or as a DIČ', () => {
  it('is padded and stripped alike in the CLI, the client API and the admin UI', async () => {
    // IČO 00006947 (Ministerstvo financí), given to the CLI as it is often written.
    const made = await opsCli<{ ico: string; temporaryPassword: string }>(stack, [
      'create-client',
      '--ico',
      '6947',
      '--name',
      'Ministerstvo financí',
      '--email',
      'podatelna@mfcr.cz',
    ]);
    expect(made.output.ico).toBe('00006947');
    expect(made.stderr).toBe('');
    expect((await opsCli(stack, ['reset-password', '--ico', 'CZ00006947'])).stderr).toContain(
      'Zadali jste DIČ; jako IČ použijeme číslo bez předpony CZ: 00006947.',
    );
    const { temporaryPassword } = await runOpsCli<{ temporaryPassword: string }>(stack, ['reset-password', '--ico', '006947']);

    for (const typed of ['6947', '006947', '0000 6947', 'CZ00006947', 'cz 6947']) {
      const login = await new ApiClient(stack.portalUrl).login(typed, temporaryPassword);
      expect({ typed, status: login.status, ico: login.body.client?.ico }).toEqual({ typed, status: 200, ico: '00006947' });
    }
    const access = await new ApiClient(stack.portalUrl).post('/api/access-requests', {
      ico: 'CZ6947',
      companyName: 'Ministerstvo financí',
      contactName: 'Jana Nováková',
      email: 'jana@mfcr.cz',
      phone: '+420 257 041 111',
    });
    expect(access.status).toBeLessThan(300);

    const admin = await signInStaff(stack);
    await admin.get('/admin/clients/new');
    const created = await admin.post('/admin/clients', { ico: 'CZ 452 74 649', companyName: 'ČEZ, a. s.', emails: 'info@cez.cz' });
    expect(created.status).toBe(200);
    expect(pageText(created.text)).toContain('ČEZ, a. s. (IČ 45274649)');
    expect(pageText(created.text)).toContain('Zadali jste DIČ; jako IČ použijeme číslo bez předpony CZ: 45274649.');
    expect(pageText((await admin.get('/admin/clients?q=6947')).text)).toContain('Ministerstvo financí');
    expect(pageText((await admin.get('/admin/clients?q=CZ45274649')).text)).toContain('ČEZ, a. s.');
    expect((await admin.get('/admin/clients/6947')).status).toBe(200);
  });
});

describe('due-at', () => {
  it('prints the first-response due time of a category, from the same code as the tickets, in Prague time with its offset', async () => {
    // Friday 16:30: half an hour that day, the rest on Monday (express: 2 business hours, else 8).
    expect(await runOpsCli(stack, ['due-at', '--category', 'service-express', '--received', '2026-12-04T16:30:00+01:00'])).toEqual({
      category: 'service-express',
      received: '2026-12-04T16:30:00.000+01:00',
      firstResponseDue: '2026-12-07T09:30:00.000+01:00',
    });
    expect((await runOpsCli(stack, ['due-at', '--category', 'domain', '--received', '2026-12-23T15:30:00Z'])).firstResponseDue).toBe(
      '2026-12-28T15:30:00.000+01:00',
    );
  });

  it('refuses an unknown category or a time without an offset, naming what it takes', async () => {
    const refused = await opsCliRefusal(stack, ['due-at', '--category', 'servis', '--received', '2026-12-04T16:30']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--category musí být jeden z druhů: service, service-express');
    expect(refused.stderr).toContain('--received musí být čas ISO 8601');
  });
});

describe('reindex and recount', () => {
  it('index tickets filed before the indexes, once; recount repairs a planted drift of the counts', async () => {
    const { GetCommand, UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { DEMO } = await import('../../local/seed');
    const { sampleTicket } = await import('../support/api-client');
    const client = new ApiClient(stack.portalUrl);
    await client.login(DEMO.client.ico, DEMO.client.password);
    const n = (await client.post('/api/tickets', sampleTicket())).body.number as number;
    const { getApp } = await import('../../functions/wiring/app');
    const { doc } = (await getApp()).clients;
    const meta = async () =>
      (await doc.send(new GetCommand({ TableName: stack.tableName, Key: { pk: `TICKET#${n}`, sk: 'META' }, ConsistentRead: true }))).Item!;
    const counts = async () =>
      (await doc.send(new GetCommand({ TableName: stack.tableName, Key: { pk: 'COUNTS', sk: 'TICKETS' }, ConsistentRead: true }))).Item!;
    // As the ticket was before the indexes existed: no due, no index keys. The stream would record
    // them again at once, so it is stopped first (this is the file's last test).
    await stack.poller.drain();
    await stack.poller.stop();
    expect((await meta()).counted).toBe('new');
    await doc.send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: { pk: `TICKET#${n}`, sk: 'META' },
        UpdateExpression: 'REMOVE #d, gsi3pk, gsi3sk',
        ExpressionAttributeNames: { '#d': 'due' },
      }),
    );
    expect((await meta()).due).toBeUndefined();
    const done = await runOpsCli<{ tickets: number; recorded: number }>(stack, ['reindex']);
    expect(done.recorded).toBe(1);
    expect(done.tickets).toBeGreaterThanOrEqual(1);
    expect((await meta()).due).toMatchObject({ kind: 'first-response' });
    expect((await runOpsCli<{ recorded: number }>(stack, ['reindex'])).recorded).toBe(0);

    const before = await counts();
    const clean = await runOpsCli<{ drift: object; counts: Record<string, number> }>(stack, ['recount']);
    expect(clean.drift).toEqual({});
    expect(clean.counts.new).toBe(before.new);
    // Drift planted in the counts, and a ticket the counts never saw (as one filed before them).
    await doc.send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: { pk: 'COUNTS', sk: 'TICKETS' },
        UpdateExpression: 'ADD assigned :five, closed :minus',
        ExpressionAttributeValues: { ':five': 5, ':minus': -2 },
      }),
    );
    // …and a ticket whose mark of being counted was lost: counting it again is drift too.
    await doc.send(
      new UpdateCommand({ TableName: stack.tableName, Key: { pk: `TICKET#${n}`, sk: 'META' }, UpdateExpression: 'REMOVE counted' }),
    );
    const repaired = await runOpsCli<{ recorded: number; drift: object; counts: Record<string, number> }>(stack, ['recount']);
    expect(repaired.recorded).toBe(1);
    expect(repaired.drift).toEqual({ new: 1, assigned: 5, closed: -2 });
    expect(repaired.counts).toEqual(clean.counts);
    const after = await counts();
    for (const [status, n] of Object.entries(clean.counts)) expect(after[status] ?? 0, status).toBe(n);
    expect((await runOpsCli<{ drift: object }>(stack, ['recount'])).drift).toEqual({});
  });
});
