import { adminErrors, type AdminErrorCode } from '../shared/messages-admin.cs';
import { cs, type ErrorCode } from '../shared/messages.cs';

/**
 * A refusal as an edge answers it: status, a stable machine code and the Czech message shown to
 * people (internal detail goes to the log only). The edges throw these themselves (CSRF, origin,
 * body size) and turn the core's refusals into them (functions/http/refusals.ts). One shape for both
 * edges; each has its own catalogue of codes and messages, since clients and staff are told different things.
 */
export abstract class EdgeRefusal<Code extends string> extends Error {
  constructor(
    readonly status: number,
    readonly code: Code,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** A refusal of the client API (`{error:{code,message}}`), worded from `messages.cs.ts`. */
export class HttpError extends EdgeRefusal<ErrorCode> {
  override name = 'HttpError';
  constructor(
    status: number,
    code: ErrorCode,
    fields?: Record<string, string>,
    headers?: Record<string, string>,
    readonly extra?: Record<string, unknown>,
  ) {
    super(status, code, cs.errors[code], fields, headers);
  }
}

/** A refusal of a staff action in the admin UI, worded from `messages-admin.cs.ts`. */
export class StaffError extends EdgeRefusal<AdminErrorCode> {
  override name = 'StaffError';
  constructor(status: number, code: AdminErrorCode, fields?: Record<string, string>, headers?: Record<string, string>) {
    super(status, code, adminErrors[code], fields, headers);
  }
}
