import { hashPassword } from '../functions/core/accounts/passwords';

/** Demo accounts of docs/http-contract.md, created only in local mode and only when missing. */
export const DEMO = {
  client: { ico: '27082440', name: 'Demo Klient s.r.o.', password: 'demo-heslo-2026', email: 'info@demo-klient.cz' },
  staff: { email: 'admin@softech.local', name: 'Správce Softech', password: 'demo-admin-2026', role: 'admin' as const },
};

export async function seedDemoData(say: (m: string) => void): Promise<void> {
  const { getApp } = await import('../functions/wiring/app');
  const app = await getApp();
  const now = new Date().toISOString();
  const clientCreated = await app.stores.accounts.createClient({
    ico: DEMO.client.ico,
    name: DEMO.client.name,
    passwordHash: await hashPassword(DEMO.client.password),
    mustChangePassword: false,
    knownEmails: [DEMO.client.email],
    disabled: false,
    createdAt: now,
  });
  const staffCreated = await app.stores.accounts.createStaff({
    email: DEMO.staff.email,
    name: DEMO.staff.name,
    role: DEMO.staff.role,
    passwordHash: await hashPassword(DEMO.staff.password),
    active: true,
    createdAt: now,
  });
  if (clientCreated || staffCreated) say('Založen demo klient a demo správce.');
}
