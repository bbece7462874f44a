import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { simpleParser } from 'mailparser';
import MiniSearch from 'minisearch';
import { DynamoDue } from '../functions/adapters/dynamo/due';
import { DynamoSearch } from '../functions/adapters/dynamo/search';
import { keys, ticketIndexes, type Item } from '../functions/adapters/dynamo/table';
import { DynamoTicketChanges } from '../functions/adapters/dynamo/ticket-changes';
import { DynamoTickets } from '../functions/adapters/dynamo/tickets';
import { ensureSearchTable, ensureTable } from '../functions/adapters/table-setup';
import type { Status, Ticket } from '../functions/core/model';
import { searchTickets } from '../functions/core/search/search';
import { foldText, indexTerms } from '../functions/core/search/terms';
import { listTickets } from '../functions/core/tickets/client-tickets';
import { listQueue, type StaffTicketDeps } from '../functions/core/tickets/staff-tickets';
import { startDynamo } from '../local/services';
import { writeItems } from '../test/support/due-seed';
import { corpusMessages, readCorpus } from '../test/support/mail-corpus';
import { fmt, type BenchRow } from './report';

/**
 * Issue 15 bench: the queue, search and the client's list on 100,000 tickets against 1,000, each
 * table seeded straight into a DynamoDB Local of its own (not through HTTP), read by the real core
 * and stores; read units from `ReturnConsumedCapacity`, time as the median of alternating rounds.
 * And the two index designs side by side on the same real texts (the mail corpus): postings in the
 * table vs one MiniSearch index (what an S3 index file would hold).
 */
const ROUNDS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const BIG_CLIENT = '25596641';
const SMALL_CLIENT = '27082440';
const OTHERS = '45274649';
/** The word of one mail of one old ticket (#7); every ticket's mail also says "Dobrý den". */
const RARE = 'zlatokop';
/** Two words of which every odd ticket holds the first and every even one the second: no ticket holds both. */
const WORST = ['lichy', 'sudy'] as const;

interface Seeded {
  doc: DynamoDBDocumentClient;
  units: { total: number };
  destroy(): void;
  table: string;
  searchTable: string;
}

async function seed(endpoint: string, table: string, total: number, log: (m: string) => void): Promise<Seeded> {
  const dynamo = new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const raw = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const searchTable = `${table}-search`;
  await ensureTable(dynamo, table);
  await ensureSearchTable(dynamo, searchTable);
  const counts: Record<string, number> = {};
  const items: Item[] = [];
  const postings: Item[] = [];
  for (let n = 1; n <= total; n++) {
    const status: Status = n > total - 200 ? 'new' : n % 3 === 0 ? 'closed' : 'resolved';
    counts[status] = (counts[status] ?? 0) + 1;
    // The big client's 5,000 tickets, the small client's 5, everyone else's the rest.
    const ico =
      n <= 5000 && total > 5000 ? BIG_CLIENT : n > 5000 && n <= 5005 ? SMALL_CLIENT : n <= 5 && total <= 5000 ? SMALL_CLIENT : OTHERS;
    const at = new Date(Date.UTC(2021, 0, 1) + n * 60_000).toISOString();
    const t: Ticket = {
      number: n,
      ico,
      clientName: 'Firma s.r.o.',
      contactEmail: 'jana@firma.cz',
      category: n % 10 === 0 ? 'service-express' : 'service',
      subject: `Požadavek ${n}`,
      description: 'Netiskne tiskárna.',
      status,
      counted: status,
      createdAt: at,
      updatedAt: at,
    };
    items.push({ ...keys.ticket(n), entity: 'ticket', ...t, ...ticketIndexes(t) });
    for (const term of indexTerms(`Dobrý den${n === 7 ? ` ${RARE}` : ''}`))
      postings.push({ pk: `SEARCH#${term}`, sk: `T#${String(n).padStart(10, '0')}`, entity: 'posting' });
    // The join's worst case: two words of half the tickets each, never of the same one.
    postings.push({ pk: `SEARCH#${n % 2 ? WORST[0] : WORST[1]}`, sk: `T#${String(n).padStart(10, '0')}`, entity: 'posting' });
  }
  await writeItems(raw, table, items, (written, all) => log(`  ${table}: ${written} of ${all} items`));
  await writeItems(raw, searchTable, postings, (written, all) => log(`  ${searchTable}: ${written} of ${all} postings`));
  await raw.send(new PutCommand({ TableName: table, Item: { ...keys.counts, ...counts } }));
  // A client of its own whose every read reports the capacity it consumed.
  const counted = new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const units = { total: 0 };
  counted.middlewareStack.add(
    (next) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const c = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | Array<{ CapacityUnits?: number }> }).ConsumedCapacity;
      for (const x of Array.isArray(c) ? c : c ? [c] : []) units.total += x.CapacityUnits ?? 0;
      return result;
    },
    { step: 'initialize', name: 'consumedCapacity' },
  );
  const doc = DynamoDBDocumentClient.from(counted, { marshallOptions: { removeUndefinedValues: true } });
  return {
    doc,
    units,
    table,
    searchTable,
    destroy() {
      dynamo.destroy();
      counted.destroy();
    },
  };
}

const cursors = { key: 'bench' };
const clock = { now: () => new Date() };

function queueDeps(s: Seeded): StaffTicketDeps {
  return {
    tickets: new DynamoTickets(s.doc, s.table),
    queue: new DynamoTicketChanges(s.doc, s.table),
    due: new DynamoDue(s.doc, s.table),
    search: new DynamoSearch(s.doc, s.table, s.searchTable),
    cursors,
    clock,
  } as unknown as StaffTicketDeps;
}
const me = { email: 'ja@softech.cz', name: 'Já', role: 'worker' as const };

async function measure(s: Seeded, what: () => Promise<unknown>) {
  const before = s.units.total;
  const started = performance.now();
  await what();
  return { ms: performance.now() - started, units: s.units.total - before };
}

/** The same real texts indexed both ways: postings per ticket and bytes, and a MiniSearch index's JSON. */
async function indexDesigns(log: (m: string) => void) {
  const texts: string[] = [];
  for (const file of corpusMessages().slice(0, 300)) {
    try {
      const mail = await simpleParser(readCorpus(file));
      const text = `${mail.subject ?? ''}\n${mail.text ?? ''}`.slice(0, 20_000);
      if (text.trim()) texts.push(text);
    } catch {
      // a message the bare parser refuses is left out of both
    }
  }
  const postings = texts.map((t) => indexTerms(t).size);
  const perTicket = postings.reduce((a, b) => a + b, 0) / texts.length;
  // A posting item: its key (pk `SEARCH#<term>` ~ 14 B, sk 12 B, entity 7 B) + 100 B DynamoDB counts per item.
  const bytesPerTicket = perTicket * (14 + 12 + 16 + 100);
  const mini = new MiniSearch({
    fields: ['text'],
    processTerm: (term) => foldText(term),
    searchOptions: { prefix: true, combineWith: 'AND' },
  });
  mini.addAll(texts.map((text, id) => ({ id, text })));
  const json = JSON.stringify(mini);
  const started = performance.now();
  const loaded = MiniSearch.loadJSON(json, { fields: ['text'], processTerm: (term) => foldText(term) });
  const loadMs = performance.now() - started;
  loaded.search('dobry', { prefix: true });
  log(`index designs on ${texts.length} corpus mails: ${fmt(perTicket, 0)} postings/ticket; MiniSearch JSON ${json.length} B`);
  return { n: texts.length, perTicket, bytesPerTicket, miniPerTicket: json.length / texts.length, loadMsPerTicket: loadMs / texts.length };
}

export async function run(log: (m: string) => void = console.log): Promise<BenchRow[]> {
  const dynamos = await Promise.all([startDynamo({ port: 0, dataDir: null }), startDynamo({ port: 0, dataDir: null })]);
  try {
    log('seeding 100,000 tickets and 1,000 tickets (each with its postings of "Dobrý den")');
    const big = await seed(dynamos[0].endpoint, 'bench-search-100k', 100_000, log);
    const small = await seed(dynamos[1].endpoint, 'bench-search-1k', 1_000, log);
    const rows = {
      queue: { big: [] as Array<{ ms: number; units: number }>, small: [] as Array<{ ms: number; units: number }> },
      rare: { big: [] as Array<{ ms: number; units: number }>, small: [] as Array<{ ms: number; units: number }> },
      both: { big: [] as Array<{ ms: number; units: number }>, small: [] as Array<{ ms: number; units: number }> },
      worst: { big: [] as Array<{ ms: number; units: number }>, small: [] as Array<{ ms: number; units: number }> },
    };
    const list5000: Array<{ ms: number; units: number }> = [];
    const list5: Array<{ ms: number; units: number }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, s] of (round % 2
        ? [
            ['small', small],
            ['big', big],
          ]
        : [
            ['big', big],
            ['small', small],
          ]) as Array<['big' | 'small', Seeded]>) {
        rows.queue[name].push(
          await measure(s, async () => {
            const page = await listQueue(queueDeps(s), me, { tab: 'new', strana: undefined });
            if (page.tickets.length !== 50 || page.counts.new !== 200)
              throw new Error(`${name} queue: ${page.tickets.length} rows, ${page.counts.new} new`);
          }),
        );
        for (const [key, q, expect] of [
          ['rare', RARE, '7'],
          ['both', `dobry ${RARE}`, '7'],
          ['worst', WORST.join(' '), ''],
        ] as const) {
          rows[key][name].push(
            await measure(s, async () => {
              const found = await searchTickets(
                { search: new DynamoSearch(s.doc, s.table, s.searchTable), cursors, clock },
                { kind: 'staff' },
                q,
              );
              if (found.hits.map((h) => h.ticket.number).join() !== expect)
                throw new Error(`${name} search ${q}: ${found.hits.length} hits`);
            }),
          );
        }
      }
      const deps = {
        tickets: new DynamoTickets(big.doc, big.table),
        search: new DynamoSearch(big.doc, big.table, big.searchTable),
        cursors,
        clock,
      };
      for (const [ico, into, expect] of (round % 2
        ? [
            [SMALL_CLIENT, list5, 5],
            [BIG_CLIENT, list5000, 20],
          ]
        : [
            [BIG_CLIENT, list5000, 20],
            [SMALL_CLIENT, list5, 5],
          ]) as Array<[string, typeof list5, number]>) {
        into.push(
          await measure(big, async () => {
            const page = await listTickets(deps, { ico, name: 'x' });
            if (page.items.length !== expect) throw new Error(`client list ${ico}: ${page.items.length}`);
          }),
        );
      }
    }
    big.destroy();
    small.destroy();
    const med = (xs: Array<{ ms: number; units: number }>) => ({ ms: median(xs.map((x) => x.ms)), units: median(xs.map((x) => x.units)) });
    const q = { big: med(rows.queue.big), small: med(rows.queue.small) };
    const r = { big: med(rows.rare.big), small: med(rows.rare.small) };
    const b = { big: med(rows.both.big), small: med(rows.both.small) };
    const w = { big: med(rows.worst.big), small: med(rows.worst.small) };
    const l = { big: med(list5000), small: med(list5) };
    log(`search bench: ${JSON.stringify({ q, r, b, w, l })}`);
    const d = await indexDesigns(log);
    const row = (figure: string, ours: string, baseline: string, ratio: number, target: string, pass: boolean | null): BenchRow => ({
      figure,
      ours,
      baseline,
      ratio: fmt(ratio, 2),
      target,
      pass,
    });
    /** A side-by-side row of read units or of time, big against small: information unless `target` is ≤ 1.5. */
    const pairRow =
      (what: 'units' | 'ms') =>
      (figure: string, m: { big: { ms: number; units: number }; small: { ms: number; units: number } }, target = 'information') => {
        const ratio = m.big[what] / m.small[what];
        const show = (x: { ms: number; units: number }) => (what === 'units' ? `${fmt(x.units, 1)} RCU` : `${fmt(x.ms)} ms`);
        return row(figure, show(m.big), show(m.small), ratio, target, target === '≤ 1.5' ? ratio <= 1.5 : null);
      };
    const unitsRow = pairRow('units');
    const timeRow = pairRow('ms');
    return [
      unitsRow('queue page (tab Nové, counts included), read units: 100,000 tickets / 1,000', q, '≤ 1.5'),
      timeRow(`queue page, time (median of ${ROUNDS}): 100,000 / 1,000`, q, '≤ 1.5'),
      unitsRow(`search "${RARE}" (one mail of ticket #7), read units: 100,000 / 1,000`, r),
      timeRow(`search "${RARE}", time: 100,000 / 1,000`, r),
      unitsRow(`search "dobry ${RARE}" (a word of every ticket and the rare one), read units: 100,000 / 1,000`, b),
      timeRow(`search "dobry ${RARE}", time: 100,000 / 1,000`, b),
      unitsRow(
        `search "${WORST.join(' ')}" (words of half the tickets each, never together: the join's worst case), read units: 100,000 / 1,000`,
        w,
        'information (the ceiling)',
      ),
      timeRow(`search "${WORST.join(' ')}", time: 100,000 / 1,000`, w, 'information (the ceiling)'),
      timeRow('GET /api/tickets first page, time: a client with 5,000 tickets / with 5 (one table of 100,000)', l),
      unitsRow('GET /api/tickets first page, read units: 5,000 tickets / 5', l),
      row(
        `index size per ticket (${d.n} corpus mails): postings in the table / MiniSearch JSON`,
        `${fmt(d.perTicket, 0)} postings ≈ ${fmt(d.bytesPerTicket / 1024, 1)} KB`,
        `${fmt(d.miniPerTicket / 1024, 1)} KB`,
        d.bytesPerTicket / d.miniPerTicket,
        'information',
        null,
      ),
      row(
        `search at 100,000 tickets from a cold start: MiniSearch index file loaded (${fmt(d.loadMsPerTicket, 3)} ms/ticket) / the table's query ("${RARE}")`,
        `${fmt((d.loadMsPerTicket * 100_000) / 1000, 1)} s`,
        `${fmt(r.big.ms)} ms`,
        (d.loadMsPerTicket * 100_000) / r.big.ms,
        'information',
        null,
      ),
    ];
  } finally {
    await Promise.all(dynamos.map((d) => d.stop()));
  }
}
