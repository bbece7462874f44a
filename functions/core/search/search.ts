import type { Attachment, HistoryEvent, Ticket } from '../model';
import { decodeCursor, encodeCursor, type Cursors } from '../paging';
import type { Clock, SearchScope, SearchStore } from '../ports';
import { indexTerms, queryTerms, snippet, type SnippetPart } from './terms';

/**
 * Full-text search (docs/search.md). An inverted index in the table: for every term (core/search/
 * terms.ts: folded words and their prefixes) one small posting item per ticket, written from the
 * table stream as the ticket, its history events and its attachments arrive. Staff search
 * everything a ticket holds; a client searches the subjects of their own tickets, under postings
 * scoped to their IČO, so a portal search never reads another client's postings.
 *
 * A query's words must all match: their posting lists (newest ticket first) are intersected by
 * leapfrogging, reading only around the tickets that can match. Nothing is ever removed: what a
 * ticket holds only grows (a note or a mail is never edited), and a posting written twice is the
 * same item, so a stream record delivered twice changes nothing.
 */
export interface SearchIndexDeps {
  search: Pick<SearchStore, 'indexedTerms' | 'addPostings'>;
}

/** What one stream record brings to the index. */
export type Searchable =
  | { kind: 'ticket'; ticket: Ticket }
  | { kind: 'event'; event: HistoryEvent }
  | { kind: 'attachment'; attachment: Attachment };

/** The texts a ticket is found by, as it is filed (its history and files come as records of their own). */
export const ticketTexts = (t: Pick<Ticket, 'subject' | 'description' | 'clientName' | 'ico' | 'contactEmail'>) => [
  t.subject,
  t.description,
  t.clientName,
  t.ico,
  t.contactEmail,
];

const textOf = (s: Searchable): { ticket: number; text: string } => {
  if (s.kind === 'ticket') return { ticket: s.ticket.number, text: ticketTexts(s.ticket).join('\n') };
  if (s.kind === 'event') return { ticket: s.event.ticket, text: [s.event.subject, s.event.text].filter(Boolean).join('\n') };
  return { ticket: s.attachment.ticket, text: s.attachment.filename };
};

/** Files what the record brings under its terms; returns how many postings were written. */
export async function indexForSearch(deps: SearchIndexDeps, s: Searchable): Promise<number> {
  const { ticket, text } = textOf(s);
  let written = 0;
  const terms = indexTerms(text);
  if (terms.size > 0) {
    // A new ticket is the first record of its ticket: nothing is filed for it yet (a second delivery just writes the same postings).
    const known = s.kind === 'ticket' ? new Set<string>() : await deps.search.indexedTerms(ticket);
    const fresh = [...terms].filter((t) => !known.has(t));
    if (fresh.length > 0) await deps.search.addPostings(ticket, { kind: 'staff' }, fresh);
    written += fresh.length;
  }
  if (s.kind === 'ticket') {
    // The client's own search: the subject, under the client's scope.
    const own = [...indexTerms(s.ticket.subject)];
    if (own.length > 0) await deps.search.addPostings(ticket, { kind: 'client', ico: s.ticket.ico }, own);
    written += own.length;
  }
  return written;
}

/**
 * Files everything the ticket holds again (`ops reindex`: a table from before the index, or a
 * repair), from the ticket as stored; only terms it is not filed under yet are written.
 */
export async function reindexTicketSearch(
  deps: { search: Pick<SearchStore, 'indexedTerms' | 'addPostings' | 'ticketTexts'> },
  n: number,
): Promise<number> {
  const found = await deps.search.ticketTexts(n);
  if (!found) return 0;
  const known = await deps.search.indexedTerms(n);
  const fresh = [...indexTerms(found.texts.join('\n'))].filter((t) => !known.has(t));
  if (fresh.length > 0) await deps.search.addPostings(n, { kind: 'staff' }, fresh);
  const own = [...indexTerms(found.ticket.subject)];
  if (own.length > 0) await deps.search.addPostings(n, { kind: 'client', ico: found.ticket.ico }, own);
  return fresh.length;
}

export interface SearchDeps {
  search: Pick<SearchStore, 'findTickets' | 'ticketTexts'>;
  cursors: Cursors;
  clock: Clock;
}

export interface SearchHit {
  ticket: Ticket;
  /** Where the query matched, to be escaped and marked by the page (undefined: matched only by a prefix the texts no longer show). */
  snippet?: SnippetPart[];
}

export interface SearchPage {
  hits: SearchHit[];
  /** The query had no word long enough to look up (2 characters or more). */
  noWords: boolean;
  next?: string;
}

export const SEARCH_PAGE_SIZE = 20;

const searchList = (scope: SearchScope, terms: string[]) =>
  `search:${scope.kind === 'client' ? `client:${scope.ico}` : 'staff'}:${terms.join(' ')}`;

/** Tickets holding every word of `q`, newest first, a page (`cursor`: the page after one). */
export async function searchTickets(deps: SearchDeps, scope: SearchScope, q: string, cursor?: string): Promise<SearchPage> {
  const terms = queryTerms(q);
  if (terms.length === 0) return { hits: [], noWords: true };
  const now = deps.clock.now();
  const list = searchList(scope, terms);
  const req = decodeCursor(deps.cursors, list, cursor, SEARCH_PAGE_SIZE, now);
  const below = typeof req.after?.n === 'number' ? req.after.n : undefined;
  const numbers = await deps.search.findTickets(scope, terms, SEARCH_PAGE_SIZE + 1, below);
  const shown = numbers.slice(0, SEARCH_PAGE_SIZE);
  const found = await Promise.all(shown.map((n) => deps.search.ticketTexts(n)));
  const hits: SearchHit[] = [];
  for (const f of found) {
    if (!f) continue;
    // The client scope holds subjects only, and is checked against the ticket itself too.
    if (scope.kind === 'client' && f.ticket.ico !== scope.ico) continue;
    const texts = scope.kind === 'client' ? [f.ticket.subject] : f.texts;
    const part = snippet(texts, q);
    hits.push({ ticket: f.ticket, ...(part && { snippet: part }) });
  }
  const last = shown.at(-1);
  return {
    hits,
    noWords: false,
    ...(numbers.length > SEARCH_PAGE_SIZE && last !== undefined && { next: encodeCursor(deps.cursors, list, 'after', { n: last }, now) }),
  };
}
