import { expect } from 'vitest';
import { DEMO } from '../../local/seed';
import type { LocalStack } from '../../local/stack';
import { AdminClient } from './admin-client';
import { ApiClient } from './api-client';

/**
 * People signed in through the real login forms, for tests about what they do next. The login is
 * asserted here, so a setup that failed to sign in stops at the login rather than at a puzzling
 * 401 or redirect later on. Tests about logging in itself drive the clients by hand.
 */

/** A staff browser past the login page (its CSRF token fetched first, the staff cookie kept); the demo administrator unless told. */
export async function signInStaff(stack: LocalStack, email = DEMO.staff.email, password = DEMO.staff.password): Promise<AdminClient> {
  const staff = new AdminClient(stack.portalUrl);
  const res = await staff.login(email, password);
  expect({ status: res.status, location: res.location }, `staff login of ${email}`).toEqual({ status: 303, location: '/admin' });
  return staff;
}

/** A portal client with a session cookie; the demo client unless told. */
export async function signInClient(stack: LocalStack, ico = DEMO.client.ico, password = DEMO.client.password): Promise<ApiClient> {
  const client = new ApiClient(stack.portalUrl);
  expect((await client.login(ico, password)).status, `client login of ${ico}`).toBe(200);
  return client;
}
