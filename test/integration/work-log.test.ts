import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pragueDay } from '../../functions/core/tickets/staff-tickets';
import type { LocalStack } from '../../local/stack';
import { pageText, type AdminClient } from '../support/admin-client';
import { sampleTicket, type ApiClient } from '../support/api-client';
import { signInClient, signInStaff } from '../support/sign-in';
import { createTestStaff, testStack } from '../support/stack';

/**
 * The work log on the ticket page (issue #16) through the admin UI on DynamoDB Local: logged, totalled,
 * edited and deleted by its author only, every change in the history, never shown to the client.
 */
let stack: LocalStack;
let admin: AdminClient;
let other: AdminClient;
let client: ApiClient;
const OTHER = 'pracovnik.cas@softech.local';

beforeAll(async () => {
  stack = await testStack();
  admin = await signInStaff(stack);
  await createTestStaff(OTHER, 'heslo-pracovnika-cas-1');
  other = await signInStaff(stack, OTHER, 'heslo-pracovnika-cas-1');
  client = await signInClient(stack);
});
afterAll(() => stack?.stop());

async function newTicket() {
  const res = await client.post('/api/tickets', sampleTicket({ subject: `Čas ${randomBytes(3).toString('hex')}` }));
  expect(res.status).toBe(201);
  return res.body.number as number;
}

const entryIds = (html: string, n: number) =>
  [...html.matchAll(new RegExp(`action="/admin/tickets/${n}/work/([^/"]+)/edit"`, 'g'))].map((m) => m[1]!);

describe('the work log of a ticket', () => {
  it('logs time, shows the total, and keeps what was typed with Czech errors when it is wrong', async () => {
    const n = await newTicket();
    await admin.get(`/admin/tickets/${n}`);
    const today = pragueDay(new Date());
    const ok = await admin.post(`/admin/tickets/${n}/work`, { date: today, minutes: '1:30', description: 'Výměna toneru', billable: 'on' });
    expect(ok).toMatchObject({ status: 303, location: `/admin/tickets/${n}?done=worked` });
    await admin.post(`/admin/tickets/${n}/work`, { date: today, minutes: '20', description: 'Telefonát' });
    const page = await admin.get(`/admin/tickets/${n}`);
    const text = pageText(page.text);
    expect(text).toContain('Celkem 1 h 50 min, z toho k fakturaci 1 h 30 min.');
    expect(text).toContain('Zapsán odpracovaný čas');

    const bad = await admin.post(`/admin/tickets/${n}/work`, { date: '2999-01-01', minutes: 'hodně', description: 'Něco' });
    expect(bad.status).toBe(400);
    expect(pageText(bad.text)).toContain('Zadejte den práce ve tvaru RRRR-MM-DD (dnes nebo dříve).');
    expect(pageText(bad.text)).toContain('Zadejte odpracovaný čas v minutách');
    expect(bad.text).toContain('value="hodně"');
  });

  it('lets only the author edit or delete an entry, each change in the history, and never shows the client any of it', async () => {
    const n = await newTicket();
    await admin.get(`/admin/tickets/${n}`);
    const today = pragueDay(new Date());
    await admin.post(`/admin/tickets/${n}/work`, { date: today, minutes: '45', description: 'Tajná diagnostika', billable: 'on' });
    const [id] = entryIds((await admin.get(`/admin/tickets/${n}`)).text, n);
    expect(id).toBeDefined();

    // Someone else sees the entry but gets no edit form, and the routes refuse them.
    const theirs = await other.get(`/admin/tickets/${n}`);
    expect(pageText(theirs.text)).toContain('Tajná diagnostika');
    expect(entryIds(theirs.text, n)).toEqual([]);
    for (const action of ['edit', 'delete']) {
      const res = await other.post(`/admin/tickets/${n}/work/${id}/${action}`, { date: today, minutes: '1', description: 'Cizí' });
      expect(res.status, action).toBe(403);
    }

    const edited = await admin.post(`/admin/tickets/${n}/work/${id}/edit`, {
      date: today,
      minutes: '1:00',
      description: 'Tajná diagnostika',
    });
    expect(edited).toMatchObject({ status: 303, location: `/admin/tickets/${n}?done=workEdited` });
    const afterEdit = pageText((await admin.get(`/admin/tickets/${n}`)).text);
    expect(afterEdit).toContain('Celkem 1 h, z toho k fakturaci 0 min.');
    expect(afterEdit).toMatch(/Záznam práce upraven: .*1 h \(nefakturovat\): Tajná diagnostika Předtím: .*45 min \(k fakturaci\)/);

    const deleted = await admin.post(`/admin/tickets/${n}/work/${id}/delete`, {});
    expect(deleted).toMatchObject({ status: 303, location: `/admin/tickets/${n}?done=workDeleted` });
    const afterDelete = await admin.get(`/admin/tickets/${n}`);
    expect(entryIds(afterDelete.text, n)).toEqual([]);
    expect(pageText(afterDelete.text)).toContain('Záznam práce smazán');
    expect((await admin.post(`/admin/tickets/${n}/work/${id}/delete`, {})).status).toBe(404);

    const portal = await client.get(`/api/tickets/${n}`);
    expect(portal.status).toBe(200);
    expect(JSON.stringify(portal.body)).not.toContain('Tajná diagnostika');
    expect(JSON.stringify(portal.body)).not.toMatch(/"type":"work"/);
  });
});
