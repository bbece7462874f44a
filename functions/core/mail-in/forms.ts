import * as z from '../../shared/zod';
import { adminFields as f } from '../../shared/messages-admin.cs';
import { checkbox, optionalText } from '../form-parts';

/** Admin forms of unmatched mail: attach to a ticket, discard. Lazy, see form-parts.ts. */

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
