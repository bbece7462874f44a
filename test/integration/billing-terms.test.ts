import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../local/seed';
import type { LocalStack } from '../../local/stack';
import { pageText, type AdminClient } from '../support/admin-client';
import { signInStaff } from '../support/sign-in';
import { createTestStaff, testStack } from '../support/stack';

/** Billing terms through the admin UI (issue #16): the defaults in Nastavení, a client's own rate, VAT and DIČ, for admins only. */
let stack: LocalStack;
let admin: AdminClient;
let worker: AdminClient;

beforeAll(async () => {
  stack = await testStack();
  admin = await signInStaff(stack);
  await createTestStaff('fakturace.pracovnik@softech.local', 'heslo-pracovnika-fakt-1');
  worker = await signInStaff(stack, 'fakturace.pracovnik@softech.local', 'heslo-pracovnika-fakt-1');
});
afterAll(() => stack?.stop());

const clientPage = async () => pageText((await admin.get(`/admin/clients/${DEMO.client.ico}`)).text);

describe('billing terms', () => {
  it('bills a client at the defaults until the client has terms of its own, and keeps the settings admins save', async () => {
    expect(await clientPage()).toContain('Hodinová sazba 800,00 Kč bez DPH (výchozí) DPH 21 % (základní sazba) (výchozí)');

    await admin.get('/admin/settings');
    expect(await admin.post('/admin/settings', { hourlyRate: '950,50', vatRate: '21' })).toMatchObject({
      status: 303,
      location: '/admin/settings?done=billing',
    });
    expect(pageText((await admin.get('/admin/settings')).text)).toContain('Naposledy změnil admin@softech.local');
    expect(await clientPage()).toContain('Hodinová sazba 950,50 Kč bez DPH (výchozí)');

    await admin.get(`/admin/clients/${DEMO.client.ico}`);
    const saved = await admin.post(`/admin/clients/${DEMO.client.ico}/billing`, { hourlyRate: '1 200', vatRate: '0', dic: 'cz27082440' });
    expect(saved).toMatchObject({ status: 303, location: `/admin/clients/${DEMO.client.ico}?done=billing` });
    const page = await clientPage();
    expect(page).toContain('Hodinová sazba 1 200,00 Kč bez DPH DPH 0 % – přenesená daňová povinnost DIČ CZ27082440');
  });

  it('sends a wrong form back with Czech errors at its fields, and refuses a worker', async () => {
    await admin.get(`/admin/clients/${DEMO.client.ico}`);
    const bad = await admin.post(`/admin/clients/${DEMO.client.ico}/billing`, { hourlyRate: 'hodně', vatRate: '15', dic: '123' });
    expect(bad.status).toBe(400);
    const text = pageText(bad.text);
    expect(text).toContain('Zadejte hodinovou sazbu v Kč');
    expect(text).toContain('Vyberte sazbu DPH.');
    expect(text).toContain('Zadejte DIČ ve tvaru CZ');
    expect(bad.text).toContain('value="hodně"');
    await worker.get('/admin');
    expect((await worker.get('/admin/settings')).status).toBe(403);
    expect((await worker.post('/admin/settings', { hourlyRate: '1', vatRate: '0' })).status).toBe(403);
    expect((await admin.post('/admin/clients/12345678/billing', { hourlyRate: '' })).status).toBe(404);
  });
});
