import * as z from '../../shared/zod';
import { adminFields as f } from '../../shared/messages-admin.cs';
import { email, isCalendarDay, longText, optionalText } from '../form-parts';

/** Admin forms of tickets: reply, note, assignment, quote, status, closing, the queue filter. Lazy, see form-parts.ts. */

export const replyAfterStatuses = ['waiting-for-client', 'in-progress', 'resolved'] as const;

export const replySchema = z.lazy(() =>
  z.object({
    text: longText(f.text),
    // biome-ignore lint/suspicious/noThenProperty: `then` is the reply form's field (the status after the reply); this object is a schema, never awaited
    then: z.pipe(
      z.optional(z.union([z.literal(''), z.enum(replyAfterStatuses)], { error: f.status })),
      z.transform((s) => s || undefined),
    ),
  }),
);

export const noteSchema = z.lazy(() => z.object({ text: longText(f.text) }));

export const assignSchema = z.lazy(() => z.object({ assignee: z.union([z.literal(''), email()], { error: f.assignee }) }));

/** `1 500,50` or `1500.5` → 1500.5; crowns with at most two decimal places. */
const price = () =>
  z
    .pipe(
      z
        .pipe(
          z.string({ error: f.price }),
          z.transform((s) =>
            s
              .replace(/[\s\u00a0]/g, '')
              .replace(/kč$/i, '')
              .replace(',', '.'),
          ),
        )
        .check(z.refine((s) => /^\d{1,9}(\.\d{1,2})?$/.test(s), { message: f.price })),
      z.transform(Number),
    )
    .check(z.refine((n) => n > 0, { message: f.price }));

const calendarDay = () => z.string({ error: f.deadline }).check(z.trim(), z.refine(isCalendarDay, { message: f.deadline }));

const quoteShape = () => ({
  price: price(),
  vat: z.enum(['with', 'without'], { error: f.vat }),
  deadline: calendarDay(),
  note: optionalText(f.note),
});

export const quoteSchema = z.lazy(() => z.object(quoteShape()));

export type QuoteInput = z.infer<typeof quoteSchema>;

/** The quote form filled in on `today` (YYYY-MM-DD): a deadline in the past is one more field error, shown with the others. */
export const quoteFormSchema = (today: string) =>
  z.object({
    ...quoteShape(),
    deadline: calendarDay().check(z.refine((s) => s >= today, { message: f.deadlinePast })),
  });

export const manualStatuses = ['assigned', 'waiting-for-client', 'agreed', 'in-progress', 'resolved'] as const;

export const statusSchema = z.lazy(() => z.object({ status: z.enum(manualStatuses, { error: f.status }), reason: optionalText(f.reason) }));

export const closeSchema = z.lazy(() =>
  z.object({ outcome: z.enum(['closed', 'cancelled'], { error: f.status }), reason: longText(f.reason, 2000) }),
);

export const queueFilterSchema = z.lazy(() =>
  z.object({
    tab: z.catch(
      z.enum([
        'new',
        'mine',
        'overdue',
        'due-soon',
        'assigned',
        'waiting-for-client',
        'quoted',
        'agreed',
        'in-progress',
        'resolved',
        'closed',
      ]),
      'new',
    ),
    category: z.catch(z.optional(z.string().check(z.maxLength(40))), undefined),
    ico: z.catch(z.optional(z.string().check(z.maxLength(20))), undefined),
    worker: z.catch(z.optional(z.string().check(z.maxLength(254))), undefined),
    q: z.catch(z.optional(z.string().check(z.maxLength(200))), undefined),
    /** A page's cursor (core/paging.ts); anything but one string is a bad cursor (400), never the first page. */
    strana: z.catch(z.optional(z.string()), '!'),
  }),
);

export type QueueFilter = z.infer<typeof queueFilterSchema>;
