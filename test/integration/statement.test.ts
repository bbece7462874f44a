import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pragueMonth } from '../../functions/core/billing/month';
import { pragueDay } from '../../functions/core/tickets/staff-tickets';
import type { LocalStack } from '../../local/stack';
import { pageText, type AdminClient } from '../support/admin-client';
import { sampleTicket, type ApiClient } from '../support/api-client';
import { signInClient, signInStaff } from '../support/sign-in';
import { testStack } from '../support/stack';

/**
 * The month's statement through the admin UI on DynamoDB Local (issue #16): a quote accepted, time
 * logged, tickets resolved, cancelled and reopened; the month index kept from the stream; the page
 * lists what is billed in the month, with VAT per line and the sums.
 */
let stack: LocalStack;
let admin: AdminClient;
let client: ApiClient;

beforeAll(async () => {
  stack = await testStack();
  admin = await signInStaff(stack);
  client = await signInClient(stack);
});
afterAll(() => stack?.stop());

async function newTicket(subject: string) {
  const res = await client.post('/api/tickets', sampleTicket({ subject }));
  expect(res.status).toBe(201);
  return res.body.number as number;
}

async function act(n: number, action: string, fields: Record<string, string>) {
  await admin.get(`/admin/tickets/${n}`);
  expect((await admin.post(`/admin/tickets/${n}/${action}`, fields)).status, `${action} #${n}`).toBe(303);
}

const nextYear = `${new Date().getUTCFullYear() + 1}-06-30`;

describe('the monthly statement', () => {
  it('bills a ticket at its accepted quote, another at its billable time, leaves out cancelled and reopened ones', async () => {
    const quoted = await newTicket('Nová tiskárna');
    await act(quoted, 'quote', { price: '1500', vat: 'with', deadline: nextYear });
    expect((await client.post(`/api/tickets/${quoted}/acceptance`, { accept: true, quoteVersion: 1 })).status).toBe(200);
    await act(quoted, 'work', { date: pragueDay(new Date()), minutes: '300', description: 'Instalace', billable: 'on' });
    await act(quoted, 'status', { status: 'resolved' });

    const hourly = await newTicket('Zaseknutý papír');
    await act(hourly, 'work', { date: pragueDay(new Date()), minutes: '1:30', description: 'Oprava', billable: 'on' });
    await act(hourly, 'work', { date: pragueDay(new Date()), minutes: '20', description: 'Konzultace zdarma' });
    await act(hourly, 'close', { outcome: 'closed', reason: 'Opraveno na místě.' });

    const cancelled = await newTicket('Omylem podáno');
    await act(cancelled, 'close', { outcome: 'cancelled', reason: 'Duplicitní.' });
    const reopened = await newTicket('Vrácený požadavek');
    await act(reopened, 'status', { status: 'resolved' });
    await stack.poller.drain();
    await act(reopened, 'status', { status: 'in-progress' });
    await stack.poller.drain();

    const month = pragueMonth(new Date().toISOString());
    const res = await admin.get(`/admin/billing?month=${month}`);
    expect(res.status).toBe(200);
    const text = pageText(res.text);
    // 1 500 Kč with 21 % VAT: 1 239,67 + 260,33. 90 billable minutes × 800 Kč: 1 200 + 252.
    expect(text).toContain(`#${quoted} Nová tiskárna přijatá nabídka (cena s DPH) 1 239,67 Kč 260,33 Kč (21 %) 1 500,00 Kč`);
    expect(text).toContain(`#${hourly} Zaseknutý papír 1 h 30 min × 800,00 Kč/h 1 200,00 Kč 252,00 Kč (21 %) 1 452,00 Kč`);
    expect(text).not.toContain('Omylem podáno');
    expect(text).not.toContain('Vrácený požadavek');
    expect(text).toContain('Celkem za klienta 2 439,67 Kč 512,33 Kč 2 952,00 Kč');
    expect(text).toContain('Celkem za měsíc Bez DPH 2 439,67 Kč DPH 512,33 Kč Celkem 2 952,00 Kč');

    // The same as CSV for Excel, parsed back.
    const csv = await admin.get(`/admin/billing/csv?month=${month}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="vyuctovani-${month}.csv"`);
    const rows = parse(csv.text.replace(/^\uFEFF/, ''), { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r['Požadavek'], r.Základ, r['Bez DPH'], r.DPH, r.Celkem])).toEqual([
      [String(quoted), 'nabídka', '1239,67', '260,33', '1500,00'],
      [String(hourly), 'hodiny', '1200,00', '252,00', '1452,00'],
    ]);

    // Another month is empty; a malformed one is refused.
    expect(pageText((await admin.get('/admin/billing?month=2001-01')).text)).toContain('V tomto měsíci nebyl vyřešen žádný požadavek.');
    const bad = await admin.get('/admin/billing?month=2026-13');
    expect(bad.status).toBe(400);
    expect(pageText(bad.text)).toContain('Měsíc zadejte ve tvaru RRRR-MM');
  });
});
