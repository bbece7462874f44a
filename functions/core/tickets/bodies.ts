import * as z from '../../shared/zod';
import { cs } from '../../shared/messages.cs';
import { codePointLength, DESCRIPTION_MAX, SUBJECT_MAX } from './text-length';
import { categories, statuses } from '../model';
import { CONTROL, email } from '../body-parts';

/** Client API bodies of tickets: a new request, the answer to a quote, a ticket number in a path (docs/http-contract.md). */

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

/** `GET /api/tickets?status=…&q=…&cursor=…`: the client's list, filtered, searched, a page. */
export const ticketListQuerySchema = z.object({
  status: z.optional(z.enum(['open', ...statuses], { error: cs.fields.listStatus })),
  q: z.optional(z.string().check(z.maxLength(200, { message: cs.fields.listQuery }))),
  cursor: z.optional(z.string()),
});

export type TicketListQuery = z.infer<typeof ticketListQuerySchema>;
