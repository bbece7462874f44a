import { randomBytes } from 'node:crypto';
import type { SessionSubject } from '../../functions/core/model';
import type { SessionStore } from '../../functions/core/ports';
import { hashToken } from '../../functions/core/accounts/sessions';

/**
 * Writes a session item as a login would (token hashed, absolute expiry) without the login, for
 * states a browser cannot reach on its own: an expired session, or one a racing login left behind.
 * A negative `expiresInSeconds` makes a session that has already expired; `mustChangePassword` one
 * that still has to change a temporary password.
 */
export async function writeSession(
  sessions: SessionStore,
  subject: SessionSubject,
  expiresInSeconds = 3600,
  opts: { mustChangePassword?: boolean } = {},
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  await sessions.putSession({
    tokenHash: hashToken(token),
    subject,
    mustChangePassword: opts.mustChangePassword ?? false,
    createdAt: new Date(Math.min(now, now + expiresInSeconds * 1000 - 3_600_000)).toISOString(),
    expiresAt: Math.floor(now / 1000) + expiresInSeconds,
  });
  return token;
}
