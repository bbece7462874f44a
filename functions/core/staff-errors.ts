import { adminErrors, type AdminErrorCode } from '../shared/messages-admin.cs';

/** A refusal of a staff action: status, a stable code and the Czech message the admin UI shows. */
export class StaffError extends Error {
  constructor(
    readonly status: number,
    readonly code: AdminErrorCode,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(adminErrors[code]);
    this.name = 'StaffError';
  }
}
