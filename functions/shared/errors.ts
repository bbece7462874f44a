import { cs, type ErrorCode } from './messages.cs';

/**
 * The one error type that crosses from the domain to the edge. Status, a stable machine code and
 * the Czech message shown to people; internal detail goes to the log only.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
    readonly extra?: Record<string, unknown>,
  ) {
    super(cs.errors[code]);
    this.name = 'HttpError';
  }
}

export const notFound = () => new HttpError(404, 'not_found');
