import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { icoCheckDigit } from '../../functions/core/accounts/ico';
import type { Staff } from '../../functions/core/model';
import { hashPassword } from '../../functions/core/accounts/passwords';
import { openSession } from '../../functions/core/accounts/sessions';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack';
import { ApiClient } from './api-client';

/** A full local stack (gateway, handlers, stream poller) on a fresh table of its own. */
export async function testStack(opts: Partial<LocalStackOptions> = {}): Promise<LocalStack> {
  return startLocalStack({
    port: 0,
    smtpPort: 0,
    quiet: true,
    seed: true,
    services: inject('services'),
    tableName: `t-${randomBytes(6).toString('hex')}`,
    sweepIntervalMs: 3_600_000,
    ...opts,
  });
}

/** A valid IČO built from seven digits (the check digit is computed). */
export function validIco(firstSeven: number): string {
  const digits = String(firstSeven).padStart(7, '0');
  return digits + icoCheckDigit(digits);
}

/** Creates a client directly in the store (cheap: no ops CLI round trip). */
export async function createTestClient(
  ico: string,
  password: string,
  opts: { mustChangePassword?: boolean; name?: string; emails?: string[] } = {},
) {
  const { getApp } = await import('../../functions/wiring/app');
  const app = await getApp();
  await app.stores.accounts.createClient({
    ico,
    name: opts.name ?? `Firma ${ico} s.r.o.`,
    passwordHash: await hashPassword(password),
    mustChangePassword: opts.mustChangePassword ?? false,
    knownEmails: opts.emails ?? [],
    disabled: false,
    createdAt: new Date().toISOString(),
  });
  return app;
}

/** Creates a staff member directly in the store (no admin UI round trip): an active worker unless told. */
export async function createTestStaff(
  email: string,
  password: string,
  opts: { role?: Staff['role']; name?: string; active?: boolean } = {},
) {
  const { getApp } = await import('../../functions/wiring/app');
  const app = await getApp();
  await app.stores.accounts.createStaff({
    email,
    name: opts.name ?? `Pracovník ${email}`,
    role: opts.role ?? 'worker',
    passwordHash: await hashPassword(password),
    active: opts.active ?? true,
    createdAt: new Date().toISOString(),
  });
  return app;
}

/** Clients with live sessions, made directly in the store so a load test measures intake, not scrypt. */
export async function loggedInClients(stack: LocalStack, count: number, firstSeven: number): Promise<ApiClient[]> {
  const { getApp } = await import('../../functions/wiring/app');
  const app = await getApp();
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const ico = validIco(firstSeven + i);
      await app.stores.accounts.createClient({
        ico,
        name: `Klient ${i}`,
        mustChangePassword: false,
        knownEmails: [],
        disabled: false,
        createdAt: new Date().toISOString(),
      });
      const { token } = await openSession(app.accounts, { kind: 'client', ico, name: `Klient ${i}` }, false);
      return new ApiClient(stack.portalUrl).useSession(`sp_session=${token}`);
    }),
  );
}
