import { clientOfSession } from '../core/accounts/client-accounts';
import { findSession } from '../core/accounts/sessions';
import type { Session } from '../core/model';
import type { ClientRef } from '../core/tickets/client-tickets';
import type { App } from '../wiring/app';
import { HttpError } from './errors';
import { cookies, type HttpEvent } from './http-api';

/** The client's session cookie: HttpOnly, Secure, SameSite=Strict, only sent to /api. */
export const CLIENT_COOKIE = 'sp_session';

export const sessionCookie = (token: string, maxAgeSeconds: number) =>
  `${CLIENT_COOKIE}=${token}; Path=/api; HttpOnly; Secure; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
export const clearedSessionCookie = () => `${CLIENT_COOKIE}=; Path=/api; HttpOnly; Secure; SameSite=Strict; Max-Age=0`;

export async function optionalClientSession(app: App, event: HttpEvent): Promise<Session | undefined> {
  const session = await findSession(app.accounts, cookies(event)[CLIENT_COOKIE]);
  return session && (await clientOfSession(app.accounts, session)) ? session : undefined;
}

/**
 * The logged-in client, or 401. Until a temporary password is changed only `allowPending` routes
 * (me, password, logout) answer; the rest say 403 password_change_required.
 */
export async function requireClient(app: App, event: HttpEvent, allowPending = false): Promise<{ session: Session; client: ClientRef }> {
  const session = await optionalClientSession(app, event);
  if (session?.subject.kind !== 'client') throw new HttpError(401, 'unauthenticated');
  if (session.mustChangePassword && !allowPending) throw new HttpError(403, 'password_change_required');
  return { session, client: { ico: session.subject.ico, name: session.subject.name } };
}
