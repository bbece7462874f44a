import * as z from '../../shared/zod';
import { adminFields as f } from '../../shared/messages-admin.cs';
import { isValidIco, normaliseIco } from '../accounts/ico';
import { passwordTooShort } from '../accounts/password-rules';
import { codePointLength, DESCRIPTION_MAX } from './text-length';

/**
 * Form bodies of the staff admin UI (all values arrive as strings). Types come from these schemas.
 * Each is wrapped in `z.lazy`, which builds it on its first parse, and the shared parts are
 * functions: a cold start builds the one schema its request needs, not all 18 (building them at
 * import was about 3 % of the admin Lambda's import time; bench/bundles.ts).
 */

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const email = () =>
  z.pipe(
    z.pipe(z.string({ error: f.email }).check(z.trim(), z.maxLength(254, { message: f.email })), z.email({ message: f.email })),
    z.transform((e) => e.toLowerCase()),
  );
const checkbox = () =>
  z.pipe(
    z.optional(z.string()),
    z.transform((v) => v === 'on' || v === '1' || v === 'true'),
  );
const longText = (message: string, max = DESCRIPTION_MAX) =>
  z
    .pipe(
      z.string({ error: message }),
      z.transform((s) => s.replace(/\r\n?/g, '\n').trim()),
    )
    .check(
      z.refine((s) => s.length > 0 && codePointLength(s) <= max, { message }),
      z.refine((s) => !CONTROL.test(s), { message }),
    );
const optionalText = (message: string, max = 2000) =>
  z
    .pipe(
      z.optional(z.string({ error: message })),
      z.transform((s) => s?.replace(/\r\n?/g, '\n').trim() || undefined),
    )
    .check(z.refine((s) => s === undefined || (codePointLength(s) <= max && !CONTROL.test(s)), { message }));
const singleLine = (message: string, max = 200) =>
  z.string({ error: message }).check(
    z.trim(),
    z.minLength(1, { message }),
    z.maxLength(max, { message }),
    z.refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message }),
  );

export const staffLoginSchema = z.lazy(() =>
  z.object({
    email: z
      .string({ error: f.email })
      .check(z.trim(), z.toLowerCase(), z.minLength(3, { message: f.email }), z.maxLength(254, { message: f.email })),
    password: z.string({ error: f.password }).check(z.minLength(1, { message: f.password }), z.maxLength(1024, { message: f.password })),
    code: z.pipe(
      z.optional(z.string().check(z.maxLength(20))),
      z.transform((c) => c?.replace(/\s/g, '') || undefined),
    ),
  }),
);

export const staffPasswordSchema = z.lazy(() =>
  z
    .object({
      currentPassword: z.string({ error: f.password }).check(z.minLength(1, { message: f.password }), z.maxLength(1024)),
      newPassword: z.string({ error: f.newPassword }).check(
        z.maxLength(1024, { message: f.newPassword }),
        z.refine((p) => !passwordTooShort(p), { message: f.newPassword }),
      ),
    })
    .check(z.refine((b) => b.currentPassword !== b.newPassword, { message: f.samePassword, path: ['newPassword'] })),
);

export const totpCodeSchema = z.lazy(() =>
  z.object({
    code: z.pipe(
      z.pipe(
        z.string({ error: f.code }),
        z.transform((c) => c.replace(/\s/g, '')),
      ),
      z.string().check(z.regex(/^\d{6}$/, { message: f.code })),
    ),
  }),
);

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

const calendarDay = () =>
  z.string({ error: f.deadline }).check(
    z.trim(),
    z.refine(
      (s) => {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
        const d = new Date(`${s}T00:00:00Z`);
        return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
      },
      { message: f.deadline },
    ),
  );

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

const emailList = () => {
  const address = z.email();
  return z
    .pipe(
      z.optional(z.string({ error: f.emails })),
      z.transform((s) => [
        ...new Set(
          (s ?? '')
            .split(/[\s,;]+/)
            .map((e) => e.trim().toLowerCase())
            .filter(Boolean),
        ),
      ]),
    )
    .check(
      z.refine((list) => list.length <= 20 && list.every((e) => e.length <= 254 && address.safeParse(e).success), { message: f.emails }),
    );
};

const icoField = () =>
  z
    .pipe(z.string({ error: f.invalid }), z.transform(normaliseIco))
    .check(z.refine(isValidIco, { message: 'Zadejte platné IČ (8 číslic s platnou kontrolní číslicí).' }));

export const clientCreateSchema = z.lazy(() => z.object({ ico: icoField(), companyName: singleLine(f.companyName), emails: emailList() }));

export const staffCreateSchema = z.lazy(() =>
  z.object({
    email: email(),
    name: singleLine(f.name),
    role: z.enum(['admin', 'worker'], { error: f.role }),
    totpRequired: checkbox(),
  }),
);

export const roleSchema = z.lazy(() => z.object({ role: z.enum(['admin', 'worker'], { error: f.role }) }));
export const flagSchema = z.lazy(() =>
  z.object({
    value: z.pipe(
      z.enum(['on', 'off'], { error: f.invalid }),
      z.transform((v) => v === 'on'),
    ),
  }),
);

export const approveSchema = z.lazy(() =>
  z.object({
    channel: z.enum(['phone', 'fax', 'letter', 'in-person'], { error: f.channel }),
    note: optionalText(f.note),
  }),
);
export const rejectSchema = z.lazy(() => z.object({ reason: longText(f.reason, 2000) }));

export const attachUnmatchedSchema = z.lazy(() =>
  z.object({
    ticket: z.pipe(
      z.string({ error: f.ticket }).check(z.trim(), z.regex(/^#?\d{1,12}$/, { message: f.ticket })),
      z.transform((s) => Number(s.replace('#', ''))),
    ),
    addSender: checkbox(),
  }),
);
export const discardSchema = z.lazy(() => z.object({ reason: optionalText(f.reason) }));

export const queueFilterSchema = z.lazy(() =>
  z.object({
    tab: z.catch(z.enum(['new', 'mine', 'assigned', 'waiting-for-client', 'quoted', 'agreed', 'in-progress', 'resolved', 'closed']), 'new'),
    category: z.catch(z.optional(z.string().check(z.maxLength(40))), undefined),
    ico: z.catch(z.optional(z.string().check(z.maxLength(20))), undefined),
    worker: z.catch(z.optional(z.string().check(z.maxLength(254))), undefined),
    q: z.catch(z.optional(z.string().check(z.maxLength(200))), undefined),
  }),
);
export type QueueFilter = z.infer<typeof queueFilterSchema>;
