import { dueOf, firstReminder } from '../deadlines/due';
import { firstResponseDue } from '../deadlines/response-targets';
import { createHash } from 'node:crypto';
import { Refusal } from '../refusal';
import { renderConfirmation, type MailSettings } from '../mail-out/outbound-mail';
import { OPEN_STATUSES, quoteVersion, type HistoryEvent, type OutboxMail, type Ticket } from '../model';
import { cursorPage, type CursorPage, type Cursors } from '../paging';
import { searchTickets, type SearchDeps } from '../search/search';
import { IdempotencyKeyTaken, type Clock, type DownloadLinks, type Ids, type Logger, type TicketStore, type TicketView } from '../ports';
import type { AcceptanceInput, NewTicket, TicketListQuery } from './bodies';

export interface TicketDeps {
  tickets: TicketStore;
  clock: Clock;
  ids: Ids;
  mail: MailSettings;
  logger: Logger;
}

export interface ClientRef {
  ico: string;
  name: string;
}

const IDEMPOTENCY_HOURS = 24;

const fingerprint = (input: NewTicket) =>
  createHash('sha256')
    .update(JSON.stringify([input.contactEmail, input.category, input.subject, input.description]))
    .digest('hex');

async function replay(deps: TicketDeps, client: ClientRef, key: string, input: NewTicket): Promise<Ticket | undefined> {
  const record = await deps.tickets.findIdempotency(client.ico, key);
  if (!record) return undefined;
  if (record.fingerprint !== fingerprint(input)) throw new Refusal('idempotency_conflict');
  const ticket = await deps.tickets.getTicket(record.ticket);
  if (!ticket) throw new Error(`idempotency record points at missing ticket ${record.ticket}`);
  return ticket;
}

/**
 * Files a request: the next number from the atomic counter, then one transaction that writes the
 * ticket, its first history event, the confirmation mail (outbox) and the idempotency record.
 * A number whose transaction fails is a logged gap; a duplicate number cannot happen because the
 * ticket is written with attribute_not_exists.
 */
export async function createTicket(
  deps: TicketDeps,
  client: ClientRef,
  input: NewTicket,
  idempotencyKey?: string,
): Promise<{ ticket: Ticket; replayed: boolean }> {
  if (idempotencyKey) {
    const earlier = await replay(deps, client, idempotencyKey, input);
    if (earlier) return { ticket: earlier, replayed: true };
  }

  const number = await deps.tickets.nextTicketNumber();
  const now = deps.clock.now();
  const at = now.toISOString();
  const ticket: Ticket = {
    number,
    ico: client.ico,
    clientName: client.name,
    contactEmail: input.contactEmail,
    category: input.category,
    subject: input.subject,
    description: input.description,
    status: 'new',
    firstResponseDue: firstResponseDue(input.category, new Date(at)).toISOString(),
    createdAt: at,
    updatedAt: at,
  };
  // What it has due goes into the due index with the ticket (the stream keeps it after each change).
  const due = dueOf(ticket);
  if (due) ticket.due = due;
  const outboxId = deps.ids.id();
  const mail = await renderConfirmation(deps.mail, ticket, outboxId);
  const outbox: OutboxMail = {
    id: outboxId,
    ticket: number,
    kind: 'confirmation',
    messageId: mail.messageId,
    to: mail.to,
    subject: mail.subject,
    message: mail.message,
    state: 'pending',
    attempts: 0,
    dueAt: at,
    createdAt: at,
  };
  const event: HistoryEvent = {
    id: deps.ids.id(),
    ticket: number,
    type: 'created',
    at,
    actor: { kind: 'client', ico: client.ico },
    text: input.description,
    subject: input.subject,
    outboxId,
  };

  try {
    await deps.tickets.createTicket({
      ticket,
      event,
      outbox,
      ...(due && { reminder: firstReminder(due, now) }),
      contactEmail: input.contactEmail,
      ...(idempotencyKey && {
        idempotency: {
          ico: client.ico,
          key: idempotencyKey,
          record: { ticket: number, fingerprint: fingerprint(input) },
          expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_HOURS * 3600,
        },
      }),
    });
  } catch (err) {
    deps.logger.warn('ticket number left unused (gap)', { number, reason: (err as Error).name });
    if (err instanceof IdempotencyKeyTaken && idempotencyKey) {
      const earlier = await replay(deps, client, idempotencyKey, input);
      if (earlier) return { ticket: earlier, replayed: true };
    }
    throw err;
  }
  return { ticket, replayed: false };
}

/** Rows on a page of the client's list. */
export const CLIENT_PAGE_SIZE = 20;

export interface ClientListDeps {
  tickets: Pick<TicketStore, 'pageClientTickets' | 'getTicket'>;
  search: SearchDeps['search'];
  cursors: Cursors;
  clock: Clock;
}

/**
 * The client's own list (*Moje požadavky*), newest first, a page: every ticket, those of a status
 * (`open`: all still being worked on), or a search by number or by words of the subject. Everything
 * is read from the client's own index partition or search scope, never anyone else's.
 */
export async function listTickets(deps: ClientListDeps, client: ClientRef, query: TicketListQuery = {}): Promise<CursorPage<Ticket>> {
  const now = deps.clock.now();
  const q = query.q?.trim() ?? '';
  const wanted = (t: Ticket) => !query.status || (query.status === 'open' ? OPEN_STATUSES.includes(t.status) : t.status === query.status);
  const number = /^#?(\d{1,9})$/.exec(q);
  if (number) {
    const t = await deps.tickets.getTicket(Number(number[1]));
    return { items: t && t.ico === client.ico && wanted(t) ? [t] : [] };
  }
  if (q) {
    const found = await searchTickets(deps, { kind: 'client', ico: client.ico }, q, query.cursor);
    return { items: found.hits.map((h) => h.ticket).filter(wanted), ...(found.next && { next: found.next }) };
  }
  const list = `client:${client.ico}:${query.status ?? 'all'}`;
  const statuses = query.status === 'open' ? OPEN_STATUSES : query.status ? [query.status] : undefined;
  return cursorPage(
    deps.cursors,
    list,
    query.cursor,
    now,
    (req) => deps.tickets.pageClientTickets(client.ico, req, statuses),
    CLIENT_PAGE_SIZE,
  );
}

/**
 * A ticket of this client: another client's ticket does not exist (404, not 403). What of it the
 * client may see (no notes, no delivery reports) is decided in one place, core/tickets/client-view.ts.
 */
export async function getClientTicket(deps: Pick<TicketDeps, 'tickets'>, client: ClientRef, number: number): Promise<TicketView> {
  const view = await deps.tickets.getTicketView(number);
  if (!view || view.ticket.ico !== client.ico) throw new Refusal('not_found');
  return view;
}

/**
 * Why a quote cannot take this answer, if it cannot: the answer names a quote that is no longer the
 * ticket's (staff proposed a new one meanwhile: `quote_changed`), or the quote is not open
 * (none, or answered already: `quote_not_open`).
 */
function refusal(ticket: Ticket, version: number): Refusal | undefined {
  if (!ticket.quote) return new Refusal('quote_not_open');
  if (quoteVersion(ticket.quote) !== version) return new Refusal('quote_changed');
  if (ticket.quote.state !== 'proposed') return new Refusal('quote_not_open');
  return undefined;
}

/**
 * The client's answer to a quoted price and deadline. The answer names the quote it answers (the
 * version the client was shown), so nobody agrees to a price or deadline they never saw; the store
 * repeats the check inside its transaction, and the history event records which quote was answered.
 */
export async function answerQuote(deps: TicketDeps, client: ClientRef, number: number, answer: AcceptanceInput): Promise<Ticket> {
  const ticket = await deps.tickets.getTicket(number);
  if (!ticket || ticket.ico !== client.ico) throw new Refusal('not_found');
  const refused = refusal(ticket, answer.quoteVersion);
  if (refused) throw refused;
  const quote = ticket.quote!;
  const event: HistoryEvent = {
    id: deps.ids.id(),
    ticket: number,
    type: 'acceptance',
    at: deps.clock.now().toISOString(),
    actor: { kind: 'client', ico: client.ico },
    data: { accepted: answer.accept, version: answer.quoteVersion, price: quote.price, vat: quote.vat, deadline: quote.deadline },
  };
  const status = answer.accept ? 'agreed' : 'waiting-for-client';
  if (!(await deps.tickets.answerQuote(number, client.ico, { accepted: answer.accept, version: answer.quoteVersion }, event, status))) {
    // Someone was quicker between the read and the write: say what they changed.
    const now = await deps.tickets.getTicket(number);
    throw (now && refusal(now, answer.quoteVersion)) ?? new Refusal('quote_not_open');
  }
  return (await deps.tickets.getTicket(number))!;
}

/** Where a client downloads one attachment of their own ticket. */
export async function clientAttachmentUrl(
  deps: Pick<TicketDeps, 'tickets'> & { blobs: DownloadLinks },
  client: ClientRef,
  number: number,
  attachmentId: string,
): Promise<string> {
  const view = await getClientTicket(deps, client, number);
  const attachment = view.attachments.find((a) => a.id === attachmentId);
  if (!attachment) throw new Refusal('not_found');
  return deps.blobs.downloadUrl(attachment.s3Key, attachment.filename, attachment.contentType);
}
