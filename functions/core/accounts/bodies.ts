import * as z from '../../shared/zod';
import { cs } from '../../shared/messages.cs';
import { isValidIco, normaliseIco } from './ico';
import { passwordTooShort } from './password-rules';
import { email, shortText } from '../body-parts';

/** Client API bodies of accounts: login, password change, access request (docs/http-contract.md). Types come from these schemas, never twice. */

export const icoSchema = z
  .pipe(z.string({ error: cs.fields.ico }), z.transform(normaliseIco))
  .check(z.refine(isValidIco, { message: cs.fields.ico }));

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
