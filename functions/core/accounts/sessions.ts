import { createHash } from 'node:crypto';
import type { Clock, Ids, SessionStore } from '../ports';
import type { Session, SessionSubject } from '../model';

/**
 * Sessions: a 256-bit random token in an HttpOnly cookie; only its SHA-256 is stored, so a leaked
 * table does not hand out live sessions. Absolute lifetime, enforced both by our check and by TTL.
 */
export const SESSION_HOURS = 12;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const subjectKey = (s: SessionSubject) => (s.kind === 'client' ? `CLIENT#${s.ico}` : `STAFF#${s.email}`);

export async function openSession(
  deps: { sessions: SessionStore; clock: Clock; ids: Ids },
  subject: SessionSubject,
  mustChangePassword: boolean,
): Promise<{ token: string; session: Session }> {
  const token = deps.ids.secret(32);
  const now = deps.clock.now();
  const session: Session = {
    tokenHash: hashToken(token),
    subject,
    mustChangePassword,
    createdAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + SESSION_HOURS * 3600,
  };
  await deps.sessions.putSession(session);
  return { token, session };
}

export async function findSession(deps: { sessions: SessionStore; clock: Clock }, token: string | undefined): Promise<Session | undefined> {
  if (!token || token.length > 200) return undefined;
  const session = await deps.sessions.getSession(hashToken(token));
  if (!session || session.expiresAt * 1000 <= deps.clock.now().getTime()) return undefined;
  return session;
}
