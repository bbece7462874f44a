import * as z from '../../shared/zod';
import { adminFields as f } from '../../shared/messages-admin.cs';
import { checkbox, CONTROL, isCalendarDay } from '../form-parts';
import { codePointLength } from '../tickets/text-length';
import { parseCzk, type VatRate } from './money';

/** The admin's forms of billing: an entry of a ticket's work log. Lazy, see form-parts.ts. */

/** A day's minutes at most (one entry is one person's work on one day). */
export const MAX_WORK_MINUTES = 24 * 60;
export const WORK_DESCRIPTION_MAX = 500;

/** `90`, `1:30` or `1 h 30 min` → 90 minutes; anything else (or 0, or more than a day) is refused. */
export function parseMinutes(input: string): number | undefined {
  const s = input.trim().toLowerCase().replace(/\s+/g, ' ');
  const colon = /^(\d{1,2}):([0-5]\d)$/.exec(s);
  const words = /^(?:(\d{1,2}) ?h)? ?(?:(\d{1,4}) ?min)?$/.exec(s);
  const minutes = /^\d{1,4}$/.test(s)
    ? Number(s)
    : colon
      ? Number(colon[1]) * 60 + Number(colon[2])
      : words && (words[1] || words[2])
        ? Number(words[1] ?? 0) * 60 + Number(words[2] ?? 0)
        : undefined;
  return minutes !== undefined && minutes > 0 && minutes <= MAX_WORK_MINUTES ? minutes : undefined;
}

/** The work form filled in on `today` (YYYY-MM-DD, Europe/Prague): work is logged for today or a day before. */
export const workFormSchema = (today: string) =>
  z.object({
    date: z.string({ error: f.workDate }).check(
      z.trim(),
      z.refine((s) => isCalendarDay(s) && s >= '2000-01-01' && s <= today, { message: f.workDate }),
    ),
    minutes: z.pipe(
      z.string({ error: f.workMinutes }).check(z.refine((s) => parseMinutes(s) !== undefined, { message: f.workMinutes })),
      z.transform((s) => parseMinutes(s)!),
    ),
    description: z
      .pipe(
        z.string({ error: f.workDescription }),
        z.transform((s) => s.replace(/\s+/g, ' ').trim()),
      )
      .check(
        z.refine((s) => s.length > 0 && codePointLength(s) <= WORK_DESCRIPTION_MAX && !CONTROL.test(s), {
          message: f.workDescription,
        }),
      ),
    billable: checkbox(),
  });

export type WorkInput = z.infer<ReturnType<typeof workFormSchema>>;

const haler = (message: string) =>
  z.pipe(
    z.string({ error: message }).check(z.refine((s) => parseCzk(s) !== undefined && parseCzk(s)! > 0, { message })),
    z.transform((s) => parseCzk(s)!),
  );
const vatRate = () =>
  z.pipe(
    z.enum(['21', '12', '0'], { error: f.vatRate }),
    z.transform((s) => Number(s) as VatRate),
  );

/** The billing defaults: an hourly rate and a VAT rate. */
export const billingSettingsSchema = z.lazy(() => z.object({ hourlyRate: haler(f.hourlyRate), vatRate: vatRate() }));

/** A client's terms: each empty field means "the default". */
export const clientBillingSchema = z.lazy(() =>
  z.object({
    hourlyRate: z.pipe(
      z
        .pipe(
          z.optional(z.string({ error: f.hourlyRate })),
          z.transform((s) => s?.trim() || undefined),
        )
        .check(z.refine((s) => s === undefined || (parseCzk(s) ?? 0) > 0, { message: f.hourlyRate })),
      z.transform((s) => (s === undefined ? undefined : parseCzk(s)!)),
    ),
    vatRate: z.pipe(
      z.optional(z.union([z.literal(''), z.enum(['21', '12', '0'])], { error: f.vatRate })),
      z.transform((s) => (s ? (Number(s) as VatRate) : undefined)),
    ),
    dic: z
      .pipe(
        z.optional(z.string({ error: f.dic })),
        z.transform((s) => s?.replace(/\s+/g, '').toUpperCase() || undefined),
      )
      .check(z.refine((s) => s === undefined || /^CZ\d{8,10}$/.test(s), { message: f.dic })),
  }),
);
