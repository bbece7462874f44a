import { Refusal, type RefusalCode } from '../core/refusal';
import { adminErrors, type AdminErrorCode } from '../shared/messages-admin.cs';
import { cs, type ErrorCode } from '../shared/messages.cs';
import { HttpError, StaffError } from './errors';

/**
 * The one table from the core's refusal codes to HTTP statuses, for both edges (a code means the
 * same to the client API and the admin UI); each edge words the code from its own catalogue.
 */
export const REFUSAL_STATUS: Record<RefusalCode, number> = {
  account_disabled: 403,
  idempotency_conflict: 409,
  invalid_credentials: 401,
  invalid_ico: 400,
  quote_changed: 409,
  quote_not_open: 409,
  unauthenticated: 401,
  weak_password: 400,
  already_decided: 409,
  already_handled: 409,
  client_exists: 409,
  conflict: 409,
  file_missing: 400,
  file_too_large: 413,
  forbidden: 403,
  invalid_login: 401,
  not_failed: 409,
  not_yourself: 409,
  staff_exists: 409,
  ticket_closed: 409,
  bad_cursor: 400,
  locked: 429,
  not_found: 404,
  validation_failed: 400,
};

const retryAfter = (r: Refusal) =>
  r.facts?.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(r.facts.retryAfterSeconds) };

const worded = <C extends string>(catalogue: Record<C, string>, code: string): code is C => Object.hasOwn(catalogue, code);

/**
 * The client API's answer to a refusal. A code the client catalogue does not word is a staff-side
 * refusal that reached the client API: a bug, so it stays an error (500, logged).
 */
export function clientRefusal(err: unknown): unknown {
  if (!(err instanceof Refusal) || !worded<ErrorCode>(cs.errors, err.code)) return err;
  return new HttpError(REFUSAL_STATUS[err.code], err.code, err.fields, retryAfter(err), err.facts && { ...err.facts });
}

/** The admin UI's answer to a refusal, worded for staff (a code it does not word stays an error). */
export function staffRefusal(err: unknown): unknown {
  if (!(err instanceof Refusal) || !worded<AdminErrorCode>(adminErrors, err.code)) return err;
  return new StaffError(REFUSAL_STATUS[err.code], err.code, err.fields, retryAfter(err));
}
