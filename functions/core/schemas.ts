// A namespace import: `import { z }` makes esbuild keep every zod locale (+370 KB per bundle).
import * as z from 'zod';
import { cs } from '../shared/messages.cs';
import { isValidIco, normaliseIco } from './ico';
import { codePointLength, DESCRIPTION_MAX, SUBJECT_MAX } from './text-length';
import { PASSWORD_MIN_LENGTH } from './passwords';

/** Request bodies of the client API (DESIGN §4). Types come from these schemas, never twice. */

export const categories = [
  'service', 'service-express', 'website', 'mailbox-create', 'mailbox-cancel', 'mailbox-forwarding',
  'domain', 'webspace-access', 'information-system', 'other',
] as const;
export type Category = (typeof categories)[number];

export const statuses = [
  'new', 'assigned', 'waiting-for-client', 'quoted', 'agreed', 'in-progress', 'resolved', 'closed', 'cancelled',
] as const;
export type Status = (typeof statuses)[number];

// Control characters (CR/LF included) would let a subject or address smuggle mail headers.
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;

export const icoSchema = z
  .string({ error: cs.fields.ico })
  .transform(normaliseIco)
  .refine(isValidIco, { message: cs.fields.ico });

const email = (message: string) =>
  z.string({ error: message }).trim().max(254, { message }).pipe(z.email({ message })).transform((e) => e.toLowerCase());

export const loginSchema = z.strictObject({
  ico: z.string({ error: cs.fields.ico }).max(32, { message: cs.fields.ico }),
  password: z.string({ error: cs.fields.password }).min(1, { message: cs.fields.password }).max(1024, { message: cs.fields.password }),
}, { error: cs.fields.unknownField });

export const passwordChangeSchema = z
  .strictObject({
    currentPassword: z.string({ error: cs.fields.password }).min(1, { message: cs.fields.password }).max(1024),
    newPassword: z
      .string({ error: cs.fields.newPassword })
      .max(1024, { message: cs.fields.newPassword })
      .refine((p) => codePointLength(p) >= PASSWORD_MIN_LENGTH, { message: cs.fields.newPassword }),
  }, { error: cs.fields.unknownField })
  .refine((b) => b.currentPassword !== b.newPassword, { message: cs.fields.samePassword, path: ['newPassword'] });

export const newTicketSchema = z.strictObject({
  contactEmail: email(cs.fields.contactEmail),
  category: z.enum(categories, { error: cs.fields.category }),
  subject: z
    .string({ error: cs.fields.subjectRequired })
    .trim()
    .min(1, { message: cs.fields.subjectRequired })
    .refine((s) => codePointLength(s) <= SUBJECT_MAX, { message: cs.fields.subjectTooLong })
    .refine((s) => !CONTROL.test(s), { message: cs.fields.subjectControl }),
  description: z
    .string({ error: cs.fields.descriptionRequired })
    .trim()
    .min(1, { message: cs.fields.descriptionRequired })
    .refine((s) => codePointLength(s) <= DESCRIPTION_MAX, { message: cs.fields.descriptionTooLong }),
}, { error: cs.fields.unknownField });
export type NewTicket = z.infer<typeof newTicketSchema>;

export const accessRequestSchema = z.strictObject({
  ico: icoSchema,
  companyName: z.string({ error: cs.fields.companyName }).trim().min(1, { message: cs.fields.companyName }).max(200, { message: cs.fields.companyName }),
  contactName: z.string({ error: cs.fields.contactName }).trim().min(1, { message: cs.fields.contactName }).max(200, { message: cs.fields.contactName }),
  email: email(cs.fields.email),
  phone: z.string({ error: cs.fields.phone }).trim().max(40, { message: cs.fields.phone }).regex(/^[0-9 +()\-/]*$/, { message: cs.fields.phone }).optional(),
  note: z.string({ error: cs.fields.note }).trim().max(2000, { message: cs.fields.note }).optional(),
}, { error: cs.fields.unknownField });
export type AccessRequestInput = z.infer<typeof accessRequestSchema>;

export const acceptanceSchema = z.strictObject({ accept: z.boolean({ error: cs.fields.accept }) }, { error: cs.fields.unknownField });

export const ticketNumberSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
