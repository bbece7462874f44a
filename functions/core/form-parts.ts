import * as z from '../shared/zod';
import { adminFields as f } from '../shared/messages-admin.cs';
import { codePointLength, DESCRIPTION_MAX } from './tickets/text-length';

/**
 * Parts of the admin UI's form bodies (all values arrive as strings) that several features share.
 * Each form schema is wrapped in `z.lazy`, which builds it on its first parse, and these parts are
 * functions: a cold start builds the one schema its request needs, not all 18 (building them at
 * import was about 3 % of the admin Lambda's import time; bench/bundles.ts).
 */

export const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** `YYYY-MM-DD` naming a day that exists (no 2026-02-30). */
export function isCalendarDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export const email = () =>
  z.pipe(
    z.pipe(z.string({ error: f.email }).check(z.trim(), z.maxLength(254, { message: f.email })), z.email({ message: f.email })),
    z.transform((e) => e.toLowerCase()),
  );

export const checkbox = () =>
  z.pipe(
    z.optional(z.string()),
    z.transform((v) => v === 'on' || v === '1' || v === 'true'),
  );

export const longText = (message: string, max = DESCRIPTION_MAX) =>
  z
    .pipe(
      z.string({ error: message }),
      z.transform((s) => s.replace(/\r\n?/g, '\n').trim()),
    )
    .check(
      z.refine((s) => s.length > 0 && codePointLength(s) <= max, { message }),
      z.refine((s) => !CONTROL.test(s), { message }),
    );

export const optionalText = (message: string, max = 2000) =>
  z
    .pipe(
      z.optional(z.string({ error: message })),
      z.transform((s) => s?.replace(/\r\n?/g, '\n').trim() || undefined),
    )
    .check(z.refine((s) => s === undefined || (codePointLength(s) <= max && !CONTROL.test(s)), { message }));

export const singleLine = (message: string, max = 200) =>
  z.string({ error: message }).check(
    z.trim(),
    z.minLength(1, { message }),
    z.maxLength(max, { message }),
    z.refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message }),
  );
