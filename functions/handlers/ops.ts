import { parseArgs } from 'node:util';
// A namespace import: `import { z }` makes esbuild keep every zod locale (+370 KB per bundle).
import * as z from 'zod';
import { createClient, createStaff, resetClientPassword, setClientDisabled, type AccountDeps } from '../core/accounts/client-accounts';
import { icoInputNote } from '../core/accounts/ico';
import { firstResponseDue } from '../core/deadlines/response-targets';
import { isoInZone } from '../core/deadlines/business-time';
import { recount, reindexTickets, type RecountDeps, type ReindexRun, type TicketIndexDeps } from '../core/tickets/ticket-index';
import { categories, type Ticket } from '../core/model';
import { icoSchema } from '../core/accounts/bodies';
import { fieldErrors } from '../http/http-api';

/**
 * The administrators' CLI (`npm run ops -- <command>`): parse the arguments with zod, make one core
 * call, print JSON. Credentials are printed once, for handing over by phone, fax or letter.
 */
export const opsUsage = `Použití: npm run ops -- [--stage local|aws [--table <tabulka>] [--search-table <tabulka fulltextu>]] <příkaz> [volby]

Příkazy:
  create-client  --ico <IČ> --name <název firmy> --email <e-mail> [--email <další>]
  reset-password --ico <IČ>
  disable-client --ico <IČ>
  enable-client  --ico <IČ>
  create-staff   --email <e-mail> --name <jméno> --role admin|worker
  due-at         --category <druh> --received <čas ISO 8601>   (termín první odpovědi; bez databáze)
  reindex        (doplní indexy všech požadavků: termíny, Moje, fulltext; po přerušení pokračuje, kde skončil)
  recount        (přepočítá počty požadavků podle stavů, opraví a vypíše odchylky; jednou po nasazení)

IČ lze zadat i bez úvodních nul nebo jako DIČ (CZ…).
Výstup je JSON. Dočasné heslo předejte dohodnutým kanálem (telefon, fax, dopis), nikdy ne e-mailem.`;

const email = z.email({ message: 'Neplatný e-mail.' }).transform((e) => e.toLowerCase());
const commands = {
  'create-client': z.object({
    ico: icoSchema,
    name: z.string().trim().min(1, 'Chybí --name.'),
    email: z.array(email).min(1, 'Chybí --email.'),
  }),
  'reset-password': z.object({ ico: icoSchema }),
  'disable-client': z.object({ ico: icoSchema }),
  'enable-client': z.object({ ico: icoSchema }),
  'create-staff': z.object({
    email,
    name: z.string().trim().min(1, 'Chybí --name.'),
    role: z.enum(['admin', 'worker'], { message: '--role musí být admin nebo worker.' }),
  }),
  'due-at': z.object({
    category: z.enum(categories, { message: `--category musí být jeden z druhů: ${categories.join(', ')}.` }),
    received: z.iso
      .datetime({ offset: true, message: '--received musí být čas ISO 8601, např. 2026-12-04T16:30:00+01:00.' })
      .transform((t) => new Date(t)),
  }),
  reindex: z.object({}),
  recount: z.object({}),
} as const;
type Command = keyof typeof commands;

/** What the commands work on: the accounts, and for `reindex` and `recount` the ticket indexes, every ticket and a progress line. */
export type OpsDeps = AccountDeps & {
  ticketIndex: RecountDeps;
  /** The ticket indexes and the full-text index, for `reindex`. */
  search: TicketIndexDeps;
  /** Every ticket; `resumable`: from where an interrupted run stopped. */
  everyTicket(resumable: boolean): AsyncIterable<Ticket>;
  progress(run: ReindexRun): void;
};

export class UsageError extends Error {}

export function parseOpsArgs(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      stage: { type: 'string', default: 'local' },
      table: { type: 'string' },
      'search-table': { type: 'string' },
      ico: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string', multiple: true },
      role: { type: 'string' },
      category: { type: 'string' },
      received: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) throw new UsageError(opsUsage);
  if (!(command in commands)) throw new UsageError(`Neznámý příkaz „${command}“.\n\n${opsUsage}`);
  const stage = z.enum(['local', 'aws']).safeParse(values.stage);
  if (!stage.success) throw new UsageError('--stage musí být local nebo aws.');
  const raw = command === 'create-staff' ? { ...values, email: values.email?.[0] } : values;
  const parsed = commands[command as Command].safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(
      Object.entries(fieldErrors(parsed.error))
        .map(([k, v]) => `--${k}: ${v}`)
        .join('\n'),
    );
  }
  // IČ are padded and a DIČ's CZ dropped like everywhere else; a DIČ is worth a word on stderr.
  const note = values.ico === undefined ? undefined : icoInputNote(values.ico);
  return {
    command: command as Command,
    stage: stage.data,
    table: values.table,
    searchTable: values['search-table'],
    args: parsed.data as unknown,
    notes: note ? [note] : [],
  };
}

/** Commands that need no table (the CLI then opens no database). */
export const OFFLINE_COMMANDS: ReadonlySet<Command> = new Set(['due-at']);

const runners: { [K in Command]: (deps: OpsDeps, args: z.infer<(typeof commands)[K]>) => Promise<unknown> } = {
  'create-client': (deps, a) => createClient(deps, { ico: a.ico, name: a.name, emails: a.email }),
  'reset-password': (deps, a) => resetClientPassword(deps, a.ico),
  'disable-client': (deps, a) => setClientDisabled(deps, a.ico, true),
  'enable-client': (deps, a) => setClientDisabled(deps, a.ico, false),
  'create-staff': (deps, a) => createStaff(deps, a),
  // The same code as the tickets' first-response due time, for staff to check a configured target.
  'due-at': async (_deps, a) => ({
    category: a.category,
    received: isoInZone(a.received),
    firstResponseDue: isoInZone(firstResponseDue(a.category, a.received)),
  }),
  // Scans: tickets filed before an index existed get their entries; the counts are tallied and repaired.
  reindex: (deps) => reindexTickets(deps.search, deps.everyTicket(true), deps.progress),
  recount: (deps) => recount(deps.ticketIndex, deps.everyTicket(false), deps.progress),
};

export function runOps(deps: OpsDeps, command: Command, args: unknown): Promise<unknown> {
  return runners[command](deps, args as never);
}
