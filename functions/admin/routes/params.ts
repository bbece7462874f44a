import { ticketNumberSchema } from '../../core/tickets/bodies';
import { StaffError } from '../../http/errors';
import { staffRefusal } from '../../http/refusals';
import type { HttpEvent } from '../../http/http-api';

/** A path parameter, percent-decoded; a malformed one is a 404, never a crash. */
export function param(event: HttpEvent, name: string): string {
  const raw = event.pathParameters?.[name];
  if (raw === undefined) throw new StaffError(404, 'not_found');
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new StaffError(404, 'not_found');
  }
}

export function ticketParam(event: HttpEvent, name = 'number'): number {
  const parsed = ticketNumberSchema.safeParse(param(event, name));
  if (!parsed.success) throw new StaffError(404, 'not_found');
  return parsed.data;
}

/**
 * Runs a form action; a refusal with field messages is handed to `invalid` to re-render the form.
 * A conflict without fields (409: the ticket was closed or changed meanwhile; 413) goes to `refused`,
 * when given, so the page is shown again with the message instead of a bare error page.
 */
export async function withFieldErrors<T>(
  action: () => Promise<T>,
  invalid: (fields: Record<string, string>, status: number) => Promise<T>,
  refused?: (message: string, status: number) => Promise<T>,
): Promise<T> {
  try {
    return await action();
  } catch (caught) {
    const err = staffRefusal(caught);
    if (err instanceof StaffError && err.fields) return invalid(err.fields, err.status);
    if (refused && err instanceof StaffError && (err.status === 409 || err.status === 413)) return refused(err.message, err.status);
    throw err;
  }
}
