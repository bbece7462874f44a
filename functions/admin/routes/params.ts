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

/** Runs a form action; a refusal with field messages is handed to `invalid` to re-render the form. */
export async function withFieldErrors<T>(
  action: () => Promise<T>,
  invalid: (fields: Record<string, string>, status: number) => Promise<T>,
): Promise<T> {
  try {
    return await action();
  } catch (caught) {
    const err = staffRefusal(caught);
    if (err instanceof StaffError && err.fields) return invalid(err.fields, err.status);
    throw err;
  }
}
