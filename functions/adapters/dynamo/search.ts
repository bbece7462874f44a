import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Ticket } from '../../core/model';
import type { SearchScope, SearchStore } from '../../core/ports';
import { ticketTexts } from '../../core/search/search';
import { DynamoTable, keys, strip, type Item } from './table';

/** Ticket numbers in a posting's sort key: zero-padded, so the order of the keys is the order of the numbers. */
const pad = (n: number) => `T#${String(n).padStart(10, '0')}`;
const numberOf = (sk: string) => Number(sk.slice(2));
const scopePrefix = (scope: SearchScope) => (scope.kind === 'staff' ? 'SEARCH#' : `SEARCH#C#${scope.ico}#`);

/** Postings read per query of one term while leapfrogging. */
const CHUNK = 100;

/**
 * The full-text index (core/search/search.ts, docs/search.md), in a table of its own beside the
 * main one: a posting item `SEARCH#<term>` / `T#<ticket, padded>` per term and ticket (a client's
 * own scope `SEARCH#C#<ičo>#<term>`), and per ticket `TERMS#<n>` / `TERMS`, the set of terms it is
 * filed under already. The search table has no stream: the postings are many small writes that no
 * stream consumer wants (docs/search.md "Why a table of its own"). The texts of a ticket are read
 * from the main table.
 */
export class DynamoSearch extends DynamoTable implements SearchStore {
  /** Read units the queries of this store consumed (the bench reports them). */
  consumed = 0;
  private readonly tickets: TicketTexts;

  constructor(doc: DynamoDBDocumentClient, mainTable: string, searchTable: string) {
    super(doc, searchTable);
    this.tickets = new TicketTexts(doc, mainTable);
  }

  async indexedTerms(ticket: number) {
    const item = await this.getItem(keys.searchTerms(ticket));
    return new Set<string>([...((item?.terms as Set<string> | undefined) ?? [])]);
  }

  async addPostings(ticket: number, scope: SearchScope, terms: string[]) {
    const prefix = scopePrefix(scope);
    await this.batchPut(
      terms.map((t) => ({ pk: `${prefix}${t}`, sk: pad(ticket), entity: 'posting' })),
      `postings of ticket ${ticket}`,
    );
    if (scope.kind !== 'staff' || terms.length === 0) return;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.searchTerms(ticket),
          UpdateExpression: 'ADD terms :t SET entity = :e, ticket = :n',
          ExpressionAttributeValues: { ':t': new Set(terms), ':e': 'search-terms', ':n': ticket },
        }),
      );
    } catch (err) {
      // A ticket with an enormous history outgrows one item (400 KB): its postings are all written
      // still, only later records write theirs again instead of skipping the known ones.
      if ((err as Error).name !== 'ValidationException') throw err;
    }
  }

  async findTickets(scope: SearchScope, terms: string[], limit: number, below?: number): Promise<number[]> {
    const prefix = scopePrefix(scope);
    const lists = terms.map((t) => new PostingList(this, `${prefix}${t}`));
    const hits: number[] = [];
    // The next candidate: the largest number below `bound` that every list holds.
    let bound = below ?? Number.MAX_SAFE_INTEGER;
    outer: while (hits.length < limit) {
      let candidate = await lists[0]!.largestBelow(bound);
      if (candidate === undefined) break;
      for (let i = 1; i < lists.length; i++) {
        const other = await lists[i]!.largestBelow(candidate + 1);
        if (other === undefined) break outer;
        if (other < candidate) {
          // This list has nothing between `other` and `candidate`: leap there, from the first list.
          bound = other + 1;
          continue outer;
        }
        candidate = other;
      }
      hits.push(candidate);
      bound = candidate;
    }
    return hits;
  }

  /** One term's postings, read newest first in chunks, from wherever the leapfrog jumps to. */
  postingsBelow(pk: string, before: number) {
    return this.doc
      .send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :p AND sk < :b',
          ExpressionAttributeValues: { ':p': pk, ':b': pad(before) },
          ScanIndexForward: false,
          Limit: CHUNK,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      )
      .then((res) => {
        this.consumed += res.ConsumedCapacity?.CapacityUnits ?? 0;
        return { numbers: (res.Items ?? []).map((i) => numberOf(String(i.sk))), more: res.LastEvaluatedKey !== undefined };
      });
  }

  ticketTexts(n: number) {
    return this.tickets.of(n);
  }
}

/** What the index files of a ticket, read from the main table: the ticket, its history events and its attachments' names. */
class TicketTexts extends DynamoTable {
  async of(n: number) {
    const [meta, events, files] = await Promise.all([
      this.getItem(keys.ticket(n)),
      this.queryAll({
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':p': `TICKET#${n}`, ':e': 'EVENT#' },
        ProjectionExpression: '#s, #t',
        ExpressionAttributeNames: { '#s': 'subject', '#t': 'text' },
      }),
      this.queryAll({
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :a)',
        ExpressionAttributeValues: { ':p': `TICKET#${n}`, ':a': 'ATTACHMENT#' },
        ProjectionExpression: 'filename',
      }),
    ]);
    const ticket = strip<Ticket>(meta);
    if (!ticket) return undefined;
    const texts = [
      ...ticketTexts(ticket),
      ...events.flatMap((e: Item) => [e.subject, e.text]),
      ...files.map((f: Item) => f.filename),
    ].filter((t): t is string => typeof t === 'string' && t.length > 0);
    return { ticket, texts };
  }
}

/**
 * A term's posting list as the leapfrog reads it: a buffer of the postings just below `from`
 * (newest first, all of them down to its last entry), read again only when a question falls
 * outside what it covers.
 */
class PostingList {
  private buffer: number[] = [];
  private from = Number.NEGATIVE_INFINITY;
  private more = true;

  constructor(
    private readonly store: DynamoSearch,
    private readonly pk: string,
  ) {}

  /** The largest ticket number of the list below `bound`. */
  async largestBelow(bound: number): Promise<number | undefined> {
    if (bound <= this.from) {
      const hit = this.buffer.find((n) => n < bound);
      if (hit !== undefined) return hit;
      // Nothing below the bound is buffered: the list ends, or it goes on below the buffer.
      if (!this.more) return undefined;
    }
    const page = await this.store.postingsBelow(this.pk, bound);
    this.buffer = page.numbers;
    this.from = bound;
    this.more = page.more;
    return this.buffer[0];
  }
}
