import { Refusal } from '../refusal';
import { adminPasswordProblems } from '../../shared/messages-admin.cs';
import { Lockout } from './login-throttle';
import type { Session, Staff } from '../model';
import { passwordProblem } from './password-rules';
import { dummyPasswordHash, generateTemporaryPassword, hashPassword, verifyPassword } from './passwords';
import type { Clock, Ids, Logger, LoginThrottle, SessionStore, StaffDirectoryStore, StaffStore } from '../ports';
import { openSession, subjectKey } from './sessions';
import { matchTotp, newTotpSecret, otpauthUri } from './totp';

/**
 * Staff accounts of the admin UI: login with the same lockout rules as clients (the e-mail is the
 * account key), an optional TOTP second factor, and the administrators' management of staff.
 */
export interface StaffAccountDeps {
  staff: StaffStore & StaffDirectoryStore;
  sessions: SessionStore;
  throttle: LoginThrottle;
  clock: Clock;
  ids: Ids;
  logger: Logger;
}

export type StaffRef = Pick<Staff, 'email' | 'name' | 'role'>;

const staffSubject = (s: StaffRef) => ({ kind: 'staff' as const, email: s.email, name: s.name, role: s.role });

/**
 * One step: e-mail, password and (when the account has it) the authenticator code. Every failure,
 * a wrong code included, answers the same and counts towards the lockout.
 */
export async function loginStaff(
  deps: StaffAccountDeps,
  input: { email: string; password: string; code?: string | undefined },
  sourceIp?: string,
): Promise<{ token: string; staff: Staff }> {
  const email = input.email.trim().toLowerCase();
  const lockout = new Lockout(deps);
  await lockout.assertOpen(email, sourceIp);
  const found = await deps.staff.getStaff(email);
  const usable = found?.active ? found : undefined;
  const passwordOk = await verifyPassword(input.password, usable?.passwordHash ?? (await dummyPasswordHash()));
  let ok = !!usable && passwordOk;
  if (ok && usable!.totpSecret) {
    const step = matchTotp(usable!.totpSecret, input.code ?? '', deps.clock.now(), usable!.totpLastStep);
    ok = step !== undefined && (await deps.staff.useTotpStep(email, step));
  }
  if (!ok) {
    await lockout.recordFailure(email, sourceIp);
    deps.logger.warn('staff login failed', { email });
    throw new Refusal('invalid_login');
  }
  await lockout.recordSuccess(email);
  const { token } = await openSession(deps, staffSubject(usable!), !!usable!.mustChangePassword);
  deps.logger.info('staff logged in', { email });
  return { token, staff: usable! };
}

/** The staff member behind a session, as stored now: a deactivated account ends the session's use at once. */
export async function staffOfSession(deps: Pick<StaffAccountDeps, 'staff'>, session: Session): Promise<Staff | undefined> {
  if (session.subject.kind !== 'staff') return undefined;
  const staff = await deps.staff.getStaff(session.subject.email);
  return staff?.active ? staff : undefined;
}

export async function logoutStaff(deps: Pick<StaffAccountDeps, 'sessions'>, session: Session): Promise<void> {
  await deps.sessions.deleteSession(session.tokenHash);
}

/** Changes the own password (refused when weak: password-rules.ts), ends the other sessions and lifts the temporary-password lock. */
export async function changeStaffPassword(
  deps: StaffAccountDeps,
  session: Session,
  staff: Staff,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  if (!(await verifyPassword(input.currentPassword, staff.passwordHash))) {
    throw new Refusal('validation_failed', { currentPassword: 'Současné heslo není správné.' });
  }
  const problem = await passwordProblem(input.newPassword, { personName: staff.name, emails: [staff.email] });
  if (problem) throw new Refusal('validation_failed', { newPassword: adminPasswordProblems[problem] });
  await deps.staff.updateStaff(staff.email, { set: { passwordHash: await hashPassword(input.newPassword), mustChangePassword: false } });
  await deps.sessions.deleteSessionsOf(subjectKey(staffSubject(staff)), session.tokenHash);
  await deps.sessions.clearMustChangePassword(session.tokenHash);
}

/** Starts (or restarts) enrolment: a new secret waits for the first code from the app. */
export async function startTotpEnrolment(deps: StaffAccountDeps, staff: Staff): Promise<{ secret: string; uri: string }> {
  const secret = newTotpSecret(Buffer.from(deps.ids.secret(20), 'base64url'));
  await deps.staff.updateStaff(staff.email, { set: { totpPendingSecret: secret } });
  return { secret, uri: otpauthUri(secret, staff.email) };
}

export const pendingTotp = (staff: Staff) =>
  staff.totpPendingSecret ? { secret: staff.totpPendingSecret, uri: otpauthUri(staff.totpPendingSecret, staff.email) } : undefined;

export async function confirmTotpEnrolment(deps: StaffAccountDeps, staff: Staff, code: string): Promise<void> {
  const step = staff.totpPendingSecret ? matchTotp(staff.totpPendingSecret, code, deps.clock.now()) : undefined;
  if (step === undefined)
    throw new Refusal('validation_failed', {
      code: 'Ověřovací kód nesouhlasí. Zkontrolujte čas v telefonu a zadejte aktuální kód.',
    });
  await deps.staff.updateStaff(staff.email, {
    set: { totpSecret: staff.totpPendingSecret, totpLastStep: step },
    remove: ['totpPendingSecret'],
  });
  deps.logger.info('staff enabled TOTP', { email: staff.email });
}

/** Turning the second factor off takes a current code, and is not possible where an administrator requires it. */
export async function disableOwnTotp(deps: StaffAccountDeps, staff: Staff, code: string): Promise<void> {
  if (staff.totpRequired) throw new Refusal('forbidden');
  const step = staff.totpSecret ? matchTotp(staff.totpSecret, code, deps.clock.now(), staff.totpLastStep) : undefined;
  if (step === undefined) throw new Refusal('validation_failed', { code: 'Ověřovací kód nesouhlasí.' });
  await deps.staff.updateStaff(staff.email, { remove: ['totpSecret', 'totpPendingSecret', 'totpLastStep'] });
}

// ── administrators' management of staff ───────────────────────────────────────

function requireAdmin(actor: StaffRef) {
  if (actor.role !== 'admin') throw new Refusal('forbidden');
}

async function otherStaff(deps: StaffAccountDeps, actor: StaffRef, email: string): Promise<Staff> {
  requireAdmin(actor);
  if (email === actor.email) throw new Refusal('not_yourself');
  const staff = await deps.staff.getStaff(email);
  if (!staff) throw new Refusal('not_found');
  return staff;
}

export async function listStaff(deps: StaffAccountDeps, actor: StaffRef): Promise<Staff[]> {
  requireAdmin(actor);
  return (await deps.staff.listStaff()).sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'cs'));
}

/** Active staff, for assignment lists (every staff member may see them). */
export async function activeStaff(deps: Pick<StaffAccountDeps, 'staff'>): Promise<Staff[]> {
  return (await deps.staff.listStaff()).filter((s) => s.active).sort((a, b) => a.name.localeCompare(b.name, 'cs'));
}

export async function createStaffAccount(
  deps: StaffAccountDeps,
  actor: StaffRef,
  input: { email: string; name: string; role: Staff['role']; totpRequired: boolean },
): Promise<{ email: string; temporaryPassword: string }> {
  requireAdmin(actor);
  const temporaryPassword = generateTemporaryPassword();
  const created = await deps.staff.createStaff({
    email: input.email,
    name: input.name,
    role: input.role,
    passwordHash: await hashPassword(temporaryPassword),
    active: true,
    mustChangePassword: true,
    totpRequired: input.totpRequired,
    createdAt: deps.clock.now().toISOString(),
  });
  if (!created) throw new Refusal('staff_exists', { email: 'Pracovník s tímto e-mailem už existuje.' });
  deps.logger.info('staff created', { by: actor.email, email: input.email, role: input.role });
  return { email: input.email, temporaryPassword };
}

export async function setStaffRole(deps: StaffAccountDeps, actor: StaffRef, email: string, role: Staff['role']): Promise<void> {
  await otherStaff(deps, actor, email);
  await deps.staff.updateStaff(email, { set: { role } });
  deps.logger.info('staff role changed', { by: actor.email, email, role });
}

/** Deactivation ends every session of the account at once. */
export async function setStaffActive(deps: StaffAccountDeps, actor: StaffRef, email: string, active: boolean): Promise<void> {
  const staff = await otherStaff(deps, actor, email);
  await deps.staff.updateStaff(email, { set: { active } });
  if (!active) await deps.sessions.deleteSessionsOf(subjectKey(staffSubject(staff)));
  deps.logger.info(active ? 'staff activated' : 'staff deactivated', { by: actor.email, email });
}

export async function setTotpRequired(deps: StaffAccountDeps, actor: StaffRef, email: string, required: boolean): Promise<void> {
  requireAdmin(actor);
  if (!(await deps.staff.getStaff(email))) throw new Refusal('not_found');
  await deps.staff.updateStaff(email, { set: { totpRequired: required } });
  deps.logger.info('staff TOTP requirement changed', { by: actor.email, email, required });
}

/** For a lost phone: the second factor is removed; where it is required, the next login enrols anew. */
export async function resetStaffTotp(deps: StaffAccountDeps, actor: StaffRef, email: string): Promise<void> {
  const staff = await otherStaff(deps, actor, email);
  await deps.staff.updateStaff(email, { remove: ['totpSecret', 'totpPendingSecret', 'totpLastStep'] });
  await deps.sessions.deleteSessionsOf(subjectKey(staffSubject(staff)));
  deps.logger.info('staff TOTP reset', { by: actor.email, email });
}

export async function resetStaffPassword(
  deps: StaffAccountDeps,
  actor: StaffRef,
  email: string,
): Promise<{ email: string; temporaryPassword: string }> {
  const staff = await otherStaff(deps, actor, email);
  const temporaryPassword = generateTemporaryPassword();
  await deps.staff.updateStaff(email, { set: { passwordHash: await hashPassword(temporaryPassword), mustChangePassword: true } });
  await deps.sessions.deleteSessionsOf(subjectKey(staffSubject(staff)));
  await deps.throttle.clear(`acct#${email}`);
  deps.logger.info('staff password reset', { by: actor.email, email });
  return { email, temporaryPassword };
}
