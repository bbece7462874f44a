import * as z from '../../shared/zod';
import { adminFields as f } from '../../shared/messages-admin.cs';
import { isValidIco, normaliseIco } from './ico';
import { passwordTooShort } from './password-rules';
import { email, checkbox, longText, optionalText, singleLine } from '../form-parts';

/** Admin forms of accounts: staff login, password, TOTP, new client and staff, roles, access-request decisions. Lazy, see form-parts.ts. */

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
