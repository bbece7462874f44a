// A namespace import: `import { z }` makes esbuild keep every zod locale (+370 KB per bundle).
import * as z from 'zod';
import { adminFields as f } from '../shared/messages-admin.cs';
import { isValidIco, normaliseIco } from './ico';
import { PASSWORD_MIN_LENGTH } from './passwords';
import { codePointLength, DESCRIPTION_MAX } from './text-length';

/** Form bodies of the staff admin UI (all values arrive as strings). Types come from these schemas. */

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const email = z.string({ error: f.email }).trim().max(254, { message: f.email }).pipe(z.email({ message: f.email })).transform((e) => e.toLowerCase());
const checkbox = z.string().optional().transform((v) => v === 'on' || v === '1' || v === 'true');
const longText = (message: string, max = DESCRIPTION_MAX) => z
  .string({ error: message })
  .transform((s) => s.replace(/\r\n?/g, '\n').trim())
  .refine((s) => s.length > 0 && codePointLength(s) <= max, { message })
  .refine((s) => !CONTROL.test(s), { message });
const optionalText = (message: string, max = 2000) => z
  .string({ error: message })
  .optional()
  .transform((s) => s?.replace(/\r\n?/g, '\n').trim() || undefined)
  .refine((s) => s === undefined || (codePointLength(s) <= max && !CONTROL.test(s)), { message });
const singleLine = (message: string, max = 200) => z.string({ error: message }).trim().min(1, { message }).max(max, { message }).refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message });

export const staffLoginSchema = z.object({
  email: z.string({ error: f.email }).trim().toLowerCase().min(3, { message: f.email }).max(254, { message: f.email }),
  password: z.string({ error: f.password }).min(1, { message: f.password }).max(1024, { message: f.password }),
  code: z.string().max(20).optional().transform((c) => c?.replace(/\s/g, '') || undefined),
});

export const staffPasswordSchema = z.object({
  currentPassword: z.string({ error: f.password }).min(1, { message: f.password }).max(1024),
  newPassword: z.string({ error: f.newPassword }).max(1024, { message: f.newPassword }).refine((p) => codePointLength(p) >= PASSWORD_MIN_LENGTH, { message: f.newPassword }),
}).refine((b) => b.currentPassword !== b.newPassword, { message: f.samePassword, path: ['newPassword'] });

export const totpCodeSchema = z.object({ code: z.string({ error: f.code }).transform((c) => c.replace(/\s/g, '')).pipe(z.string().regex(/^\d{6}$/, { message: f.code })) });

export const replyAfterStatuses = ['waiting-for-client', 'in-progress', 'resolved'] as const;
export const replySchema = z.object({
  text: longText(f.text),
  then: z.union([z.literal(''), z.enum(replyAfterStatuses)], { error: f.status }).optional().transform((s) => s || undefined),
});

export const noteSchema = z.object({ text: longText(f.text) });

export const assignSchema = z.object({ assignee: z.union([z.literal(''), email], { error: f.assignee }) });

/** `1 500,50` or `1500.5` → 1500.5; crowns with at most two decimal places. */
const price = z
  .string({ error: f.price })
  .transform((s) => s.replace(/[\s\u00a0]/g, '').replace(/kč$/i, '').replace(',', '.'))
  .refine((s) => /^\d{1,9}(\.\d{1,2})?$/.test(s), { message: f.price })
  .transform(Number)
  .refine((n) => n > 0, { message: f.price });

const calendarDay = z.string({ error: f.deadline }).trim().refine((s) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}, { message: f.deadline });

export const quoteSchema = z.object({
  price,
  vat: z.enum(['with', 'without'], { error: f.vat }),
  deadline: calendarDay,
  note: optionalText(f.note),
});
export type QuoteInput = z.infer<typeof quoteSchema>;

export const manualStatuses = ['assigned', 'waiting-for-client', 'agreed', 'in-progress', 'resolved'] as const;
export const statusSchema = z.object({ status: z.enum(manualStatuses, { error: f.status }), reason: optionalText(f.reason) });

export const closeSchema = z.object({ outcome: z.enum(['closed', 'cancelled'], { error: f.status }), reason: longText(f.reason, 2000) });

const emailList = z
  .string({ error: f.emails })
  .optional()
  .transform((s) => [...new Set((s ?? '').split(/[\s,;]+/).map((e) => e.trim().toLowerCase()).filter(Boolean))])
  .refine((list) => list.length <= 20 && list.every((e) => e.length <= 254 && z.email().safeParse(e).success), { message: f.emails });

export const icoField = z.string({ error: f.invalid }).transform(normaliseIco).refine(isValidIco, { message: 'Zadejte platné IČ (8 číslic s platnou kontrolní číslicí).' });

export const clientCreateSchema = z.object({ ico: icoField, companyName: singleLine(f.companyName), emails: emailList });

export const staffCreateSchema = z.object({
  email,
  name: singleLine(f.name),
  role: z.enum(['admin', 'worker'], { error: f.role }),
  totpRequired: checkbox,
});

export const roleSchema = z.object({ role: z.enum(['admin', 'worker'], { error: f.role }) });
export const flagSchema = z.object({ value: z.enum(['on', 'off'], { error: f.invalid }).transform((v) => v === 'on') });

export const approveSchema = z.object({
  channel: z.enum(['phone', 'fax', 'letter', 'in-person'], { error: f.channel }),
  note: optionalText(f.note),
});
export const rejectSchema = z.object({ reason: longText(f.reason, 2000) });

export const attachUnmatchedSchema = z.object({
  ticket: z.string({ error: f.ticket }).trim().regex(/^#?\d{1,12}$/, { message: f.ticket }).transform((s) => Number(s.replace('#', ''))),
  addSender: checkbox,
});
export const discardSchema = z.object({ reason: optionalText(f.reason) });

export const queueFilterSchema = z.object({
  tab: z.enum(['new', 'mine', 'assigned', 'waiting-for-client', 'quoted', 'agreed', 'in-progress', 'resolved', 'closed']).catch('new'),
  category: z.string().max(40).optional().catch(undefined),
  ico: z.string().max(20).optional().catch(undefined),
  worker: z.string().max(254).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
});
export type QueueFilter = z.infer<typeof queueFilterSchema>;
