/**
 * The core's way of saying no: a stable code, optionally the fields at fault (worded for people)
 * and facts the edge may pass on. No HTTP status: each edge maps codes to statuses and messages in
 * one table (client API: functions/http/refusals.ts; admin UI: the same statuses, its own wording).
 */
export const REFUSAL_CODES = [
  // client side
  'account_disabled',
  'idempotency_conflict',
  'invalid_credentials',
  'invalid_ico',
  'quote_changed',
  'quote_not_open',
  'unauthenticated',
  'weak_password',
  // staff side
  'already_decided',
  'already_handled',
  'client_exists',
  'conflict',
  'file_missing',
  'file_too_large',
  'forbidden',
  'invalid_login',
  'not_failed',
  'not_yourself',
  'staff_exists',
  'ticket_closed',
  // both
  'bad_cursor',
  'locked',
  'not_found',
  'validation_failed',
] as const;

export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface RefusalFacts {
  /** `locked`: seconds until another attempt is allowed. */
  retryAfterSeconds?: number;
  /** `weak_password`: which rule the password broke. */
  reason?: string;
}

export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    readonly code: RefusalCode,
    readonly fields?: Record<string, string>,
    readonly facts?: RefusalFacts,
  ) {
    super(code);
  }
}
