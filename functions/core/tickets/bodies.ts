import * as z from '../../shared/zod';
import { cs } from '../../shared/messages.cs';
import { isValidIco, normaliseIco } from '../accounts/ico';
import { codePointLength, DESCRIPTION_MAX, SUBJECT_MAX } from './text-length';
import { passwordTooShort } from '../accounts/password-rules';

/** Request bodies of the client API (docs/http-contract.md). Types come from these schemas, never twice. */

export const categories = [
  'service',
  'service-express',
  'website',
  'mailbox-create',
  'mailbox-cancel',
  'mailbox-forwarding',
  'domain',
  'webspace-access',
  'information-system',
  'other',
] as const;
export type Category = (typeof categories)[number];

export const statuses = [
  'new',
  'assigned',
  'waiting-for-client',
  'quoted',
  'agreed',
  'in-progress',
  'resolved',
  'closed',
  'cancelled',
] as const;
export type Status = (typeof statuses)[number];

// Control characters (CR/LF included) would let a subject or address smuggle mail headers.
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;

export const icoSchema = z
  .pipe(z.string({ error: cs.fields.ico }), z.transform(normaliseIco))
  .check(z.refine(isValidIco, { message: cs.fields.ico }));

const email = (message: string) =>
  z.pipe(
    z.pipe(z.string({ error: message }).check(z.trim(), z.maxLength(254, { message })), z.email({ message })),
    z.transform((e) => e.toLowerCase()),
  );

/** A trimmed string of at most 200 characters: a name or the like. */
const shortText = (message: string, max = 200) =>
  z.string({ error: message }).check(z.trim(), z.minLength(1, { message }), z.maxLength(max, { message }));

export const loginSchema = z.strictObject(
  {
    ico: z.string({ error: cs.fields.ico }).check(z.maxLength(32, { message: cs.fields.ico })),
    password: z
      .string({ error: cs.fields.password })
      .check(z.minLength(1, { message: cs.fields.password }), z.maxLength(1024, { message: cs.fields.password })),
  },
  { error: cs.fields.unknownField },
);

export const passwordChangeSchema = z
  .strictObject(
    {
      currentPassword: z.string({ error: cs.fields.password }).check(z.minLength(1, { message: cs.fields.password }), z.maxLength(1024)),
      newPassword: z.string({ error: cs.fields.newPassword }).check(
        z.maxLength(1024, { message: cs.fields.newPassword }),
        z.refine((p) => !passwordTooShort(p), { message: cs.fields.newPassword }),
      ),
    },
    { error: cs.fields.unknownField },
  )
  .check(z.refine((b) => b.currentPassword !== b.newPassword, { message: cs.fields.samePassword, path: ['newPassword'] }));

export const newTicketSchema = z.strictObject(
  {
    contactEmail: email(cs.fields.contactEmail),
    category: z.enum(categories, { error: cs.fields.category }),
    subject: z.string({ error: cs.fields.subjectRequired }).check(
      z.trim(),
      z.minLength(1, { message: cs.fields.subjectRequired }),
      z.refine((s) => codePointLength(s) <= SUBJECT_MAX, { message: cs.fields.subjectTooLong }),
      z.refine((s) => !CONTROL.test(s), { message: cs.fields.subjectControl }),
    ),
    description: z.string({ error: cs.fields.descriptionRequired }).check(
      z.trim(),
      z.minLength(1, { message: cs.fields.descriptionRequired }),
      z.refine((s) => codePointLength(s) <= DESCRIPTION_MAX, { message: cs.fields.descriptionTooLong }),
    ),
  },
  { error: cs.fields.unknownField },
);
export type NewTicket = z.infer<typeof newTicketSchema>;

export const accessRequestSchema = z.strictObject(
  {
    ico: icoSchema,
    companyName: shortText(cs.fields.companyName),
    contactName: shortText(cs.fields.contactName),
    email: email(cs.fields.email),
    phone: z.optional(
      z
        .string({ error: cs.fields.phone })
        .check(z.trim(), z.maxLength(40, { message: cs.fields.phone }), z.regex(/^[0-9 +()\-/]*$/, { message: cs.fields.phone })),
    ),
    note: z.optional(z.string({ error: cs.fields.note }).check(z.trim(), z.maxLength(2000, { message: cs.fields.note }))),
  },
  { error: cs.fields.unknownField },
);
export type AccessRequestInput = z.infer<typeof accessRequestSchema>;

/** The client's answer to a quote, naming the quote it answers (`quote.version` of the ticket the client was shown). */
export const acceptanceSchema = z.strictObject(
  {
    accept: z.boolean({ error: cs.fields.accept }),
    quoteVersion: z.int({ error: cs.fields.quoteVersion }).check(z.positive({ error: cs.fields.quoteVersion })),
  },
  { error: cs.fields.unknownField },
);
export type AcceptanceInput = z.infer<typeof acceptanceSchema>;

export const ticketNumberSchema = z.coerce.number().check(z.int(), z.positive(), z.maximum(Number.MAX_SAFE_INTEGER));
