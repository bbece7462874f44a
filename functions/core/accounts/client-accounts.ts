import { Refusal } from '../refusal';
import { cs } from '../../shared/messages.cs';
import { isValidIco, normaliseIco } from './ico';
import { Lockout } from './login-throttle';
import { passwordProblem } from './password-rules';
import { dummyPasswordHash, generateTemporaryPassword, hashPassword, verifyPassword } from './passwords';
import { openSession, subjectKey } from './sessions';
import type { Client, Session, Staff } from '../model';
import type { ClientStore, Clock, Ids, LoginThrottle, SessionStore, StaffStore } from '../ports';

export interface AccountDeps {
  clients: ClientStore;
  staff: StaffStore;
  sessions: SessionStore;
  throttle: LoginThrottle;
  clock: Clock;
  ids: Ids;
}

export interface LoginResult {
  token: string;
  client: { ico: string; name: string };
  mustChangePassword: boolean;
}

/**
 * Client login. The IČO checksum is checked before any lookup (a typo never costs a lockout
 * attempt); unknown IČO, disabled account and wrong password all answer the same 401 after the
 * same scrypt work.
 */
export async function loginClient(deps: AccountDeps, input: { ico: string; password: string }, sourceIp?: string): Promise<LoginResult> {
  const ico = normaliseIco(input.ico);
  if (!isValidIco(ico)) throw new Refusal('invalid_ico', { ico: cs.fields.ico });
  const lockout = new Lockout(deps);
  await lockout.assertOpen(ico, sourceIp);

  const client = await deps.clients.getClient(ico);
  const usable = client && !client.disabled && client.passwordHash ? client : undefined;
  const passwordOk = await verifyPassword(input.password, usable?.passwordHash ?? (await dummyPasswordHash()));
  if (!usable || !passwordOk) {
    await lockout.recordFailure(ico, sourceIp);
    throw new Refusal('invalid_credentials');
  }
  await lockout.recordSuccess(ico);
  const { token } = await openSession(deps, { kind: 'client', ico, name: usable.name }, usable.mustChangePassword);
  return { token, client: { ico, name: usable.name }, mustChangePassword: usable.mustChangePassword };
}

/**
 * The client behind a session, as stored now: a disabled account ends the session's use at once,
 * even a session written by a login that was still running when the account was disabled.
 */
export async function clientOfSession(deps: Pick<AccountDeps, 'clients'>, session: Session): Promise<Client | undefined> {
  if (session.subject.kind !== 'client') return undefined;
  const client = await deps.clients.getClient(session.subject.ico);
  return client && !client.disabled ? client : undefined;
}

export async function logout(deps: Pick<AccountDeps, 'sessions'>, session: Session): Promise<void> {
  await deps.sessions.deleteSession(session.tokenHash);
}

/** Changes the password (refused when weak: password-rules.ts), ends every other session of the client and lifts the first-login lock. */
export async function changeClientPassword(
  deps: AccountDeps,
  session: Session,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  if (session.subject.kind !== 'client') throw new Refusal('unauthenticated');
  const client = await deps.clients.getClient(session.subject.ico);
  if (!client?.passwordHash || client.disabled) throw new Refusal('unauthenticated');
  if (!(await verifyPassword(input.currentPassword, client.passwordHash))) {
    throw new Refusal('validation_failed', { currentPassword: cs.errors.wrong_current_password });
  }
  const problem = await passwordProblem(input.newPassword, {
    ico: client.ico,
    companyName: client.name,
    emails: [...client.knownEmails, ...(client.lastContactEmail ? [client.lastContactEmail] : [])],
  });
  if (problem) throw new Refusal('weak_password', { newPassword: cs.passwordProblems[problem] }, { reason: problem });
  await deps.clients.setClientPassword(client.ico, await hashPassword(input.newPassword), false);
  await deps.sessions.deleteSessionsOf(subjectKey(session.subject), session.tokenHash);
  await deps.sessions.clearMustChangePassword(session.tokenHash);
}

/** Administrator actions (ops CLI now, admin UI later). */

export async function createClient(
  deps: AccountDeps,
  input: { ico: string; name: string; emails: string[] },
): Promise<{ ico: string; temporaryPassword: string }> {
  const { client, temporaryPassword } = await newClientAccount(deps, input);
  if (!(await deps.clients.createClient(client))) {
    throw new Error(`Klient s IČ ${client.ico} už existuje.`);
  }
  return { ico: client.ico, temporaryPassword };
}

/** A new client account with a temporary password (to be changed at first login), not yet stored. */
export async function newClientAccount(
  deps: Pick<AccountDeps, 'clock'>,
  input: { ico: string; name: string; emails: string[] },
): Promise<{ client: Client; temporaryPassword: string }> {
  const ico = normaliseIco(input.ico);
  if (!isValidIco(ico)) throw new Refusal('invalid_ico', { ico: cs.fields.ico });
  const temporaryPassword = generateTemporaryPassword();
  const client: Client = {
    ico,
    name: input.name.trim(),
    passwordHash: await hashPassword(temporaryPassword),
    mustChangePassword: true,
    knownEmails: [...new Set(input.emails.map((e) => e.trim().toLowerCase()))],
    disabled: false,
    createdAt: deps.clock.now().toISOString(),
  };
  return { client, temporaryPassword };
}

export async function resetClientPassword(deps: AccountDeps, icoInput: string): Promise<{ ico: string; temporaryPassword: string }> {
  const ico = normaliseIco(icoInput);
  const client = await deps.clients.getClient(ico);
  if (!client) throw new Error(`Klient s IČ ${ico} neexistuje.`);
  const temporaryPassword = generateTemporaryPassword();
  await deps.clients.setClientPassword(ico, await hashPassword(temporaryPassword), true);
  await deps.sessions.deleteSessionsOf(subjectKey({ kind: 'client', ico, name: client.name }));
  await deps.throttle.clear(`acct#${ico}`);
  return { ico, temporaryPassword };
}

export async function setClientDisabled(
  deps: AccountDeps,
  icoInput: string,
  disabled: boolean,
): Promise<{ ico: string; disabled: boolean; sessionsEnded: number }> {
  const ico = normaliseIco(icoInput);
  const client = await deps.clients.getClient(ico);
  if (!client) throw new Error(`Klient s IČ ${ico} neexistuje.`);
  await deps.clients.setClientDisabled(ico, disabled);
  const sessionsEnded = disabled ? await deps.sessions.deleteSessionsOf(subjectKey({ kind: 'client', ico, name: client.name })) : 0;
  return { ico, disabled, sessionsEnded };
}

/** Staff made by the ops CLI get a temporary password and must choose their own at first login, as in the admin UI. */
export async function createStaff(
  deps: AccountDeps,
  input: { email: string; name: string; role: Staff['role'] },
): Promise<{ email: string; role: Staff['role']; temporaryPassword: string }> {
  const temporaryPassword = generateTemporaryPassword();
  const staff: Staff = {
    email: input.email.trim().toLowerCase(),
    name: input.name.trim(),
    role: input.role,
    passwordHash: await hashPassword(temporaryPassword),
    mustChangePassword: true,
    active: true,
    createdAt: deps.clock.now().toISOString(),
  };
  if (!(await deps.staff.createStaff(staff))) throw new Error(`Pracovník ${staff.email} už existuje.`);
  return { email: staff.email, role: staff.role, temporaryPassword };
}
