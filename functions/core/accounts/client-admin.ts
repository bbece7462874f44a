import { createClient, newClientAccount, resetClientPassword, setClientDisabled, type AccountDeps } from './client-accounts';
import { isValidIco, normaliseIco } from './ico';
import type { Client, Ticket } from '../model';
import type { AccessRequestAdminStore, ClientDirectoryStore, DecidedAccessRequest, Logger, TicketStore } from '../ports';
import type { StaffRef } from './staff-accounts';
import { Refusal } from '../refusal';
import { cursorPage, type Cursors, type CursorPage } from '../paging';
import { foldText } from '../search/terms';

/**
 * Clients and access requests, for administrators only. A generated one-time password is returned
 * to be shown once and handed over by phone, fax or letter: it is stored only as a scrypt hash and
 * never e-mailed.
 */
export interface StaffClientDeps {
  accounts: AccountDeps;
  /** Signs the lists' page cursors. */
  cursors: Cursors;
  directory: ClientDirectoryStore;
  accessRequests: AccessRequestAdminStore;
  tickets: TicketStore;
  logger: Logger;
}

export function requireAdmin(actor: StaffRef): void {
  if (actor.role !== 'admin') throw new Refusal('forbidden');
}

/**
 * The clients by name, a page (`strana`: its cursor). An IČO however written (without its leading
 * zeros, as a DIČ) finds its client; otherwise (or when no client has it) every word (case and diacritics folded) must be in
 * the name, the IČO or a known address. The words are part of the list a cursor belongs to.
 */
export async function listClients(deps: StaffClientDeps, actor: StaffRef, q?: string, strana?: string): Promise<CursorPage<Client>> {
  requireAdmin(actor);
  const words = foldText(q?.trim() ?? '')
    .split(/\s+/)
    .filter(Boolean);
  const ico = normaliseIco(q?.trim() ?? '');
  const now = deps.accounts.clock.now();
  return cursorPage(deps.cursors, `clients:${words.join(' ')}`, strana, now, async (req) => {
    // The client of that IČO is the whole list (one item read); an IČO without an account is searched as a word.
    const client = isValidIco(ico) ? await deps.accounts.clients.getClient(ico) : undefined;
    if (client) return { items: req.after || req.before ? [] : [client] };
    if (words.length === 0) return deps.directory.pageClients(req);
    return deps.directory.pageClients(req, (c) =>
      words.every((w) => foldText(`${c.name} ${c.ico} ${c.knownEmails.join(' ')}`).includes(w)),
    );
  });
}

export async function clientDetail(
  deps: StaffClientDeps,
  actor: StaffRef,
  icoInput: string,
): Promise<{ client: Client; tickets: Ticket[] }> {
  requireAdmin(actor);
  const ico = normaliseIco(icoInput);
  const client = isValidIco(ico) ? await deps.accounts.clients.getClient(ico) : undefined;
  if (!client) throw new Refusal('not_found');
  return { client, tickets: await deps.tickets.listClientTickets(ico, 200) };
}

const clientExists = () => new Refusal('client_exists', { ico: 'Klient s tímto IČ už má účet.' });

/** Refuses (client_exists) when the IČO has an account already. */
async function assertNoAccount(deps: StaffClientDeps, ico: string) {
  if (await deps.accounts.clients.getClient(ico)) throw clientExists();
}

async function newClient(deps: StaffClientDeps, input: { ico: string; companyName: string; emails: string[] }) {
  await assertNoAccount(deps, input.ico);
  try {
    return await createClient(deps.accounts, { ico: input.ico, name: input.companyName, emails: input.emails });
  } catch (err) {
    // The store refuses a second account for one IČO; two administrators may have raced.
    await assertNoAccount(deps, input.ico);
    throw err;
  }
}

export async function createClientAccount(
  deps: StaffClientDeps,
  actor: StaffRef,
  input: { ico: string; companyName: string; emails: string[] },
): Promise<{ ico: string; temporaryPassword: string }> {
  requireAdmin(actor);
  const created = await newClient(deps, input);
  deps.logger.info('client created', { by: actor.email, ico: created.ico });
  return created;
}

export async function resetClientAccountPassword(
  deps: StaffClientDeps,
  actor: StaffRef,
  ico: string,
): Promise<{ ico: string; temporaryPassword: string }> {
  await clientDetail(deps, actor, ico);
  const result = await resetClientPassword(deps.accounts, ico);
  deps.logger.info('client password reset', { by: actor.email, ico });
  return result;
}

export async function setClientAccountDisabled(deps: StaffClientDeps, actor: StaffRef, ico: string, disabled: boolean): Promise<void> {
  await clientDetail(deps, actor, ico);
  await setClientDisabled(deps.accounts, ico, disabled);
  deps.logger.info(disabled ? 'client disabled' : 'client enabled', { by: actor.email, ico });
}

// ── access requests ("Nemáte heslo?") ────────────────────────────────────────

/** The open requests, newest first, a page (`strana`: its cursor). */
export async function listAccessRequests(
  deps: StaffClientDeps,
  actor: StaffRef,
  strana?: string,
): Promise<CursorPage<DecidedAccessRequest>> {
  requireAdmin(actor);
  return cursorPage(deps.cursors, 'access:open', strana, deps.accounts.clock.now(), (req) =>
    deps.accessRequests.pageAccessRequests('open', req),
  );
}

export async function accessRequestDetail(
  deps: StaffClientDeps,
  actor: StaffRef,
  id: string,
): Promise<{ request: DecidedAccessRequest; existing?: Client }> {
  requireAdmin(actor);
  const request = await deps.accessRequests.getAccessRequest(id);
  if (!request) throw new Refusal('not_found');
  const existing = await deps.accounts.clients.getClient(request.ico);
  return { request, ...(existing && { existing }) };
}

/**
 * Approval after the company was verified outside the web (how, and by whom, is recorded): the
 * account is created and its one-time password returned for handing over.
 */
export async function approveAccessRequest(
  deps: StaffClientDeps,
  actor: StaffRef,
  id: string,
  input: { channel: string; note?: string | undefined },
): Promise<{ ico: string; temporaryPassword: string }> {
  const { request } = await accessRequestDetail(deps, actor, id);
  if (request.state !== 'open') throw new Refusal('already_decided');
  await assertNoAccount(deps, request.ico);
  const { client, temporaryPassword } = await newClientAccount(deps.accounts, {
    ico: request.ico,
    name: request.companyName,
    emails: [request.email],
  });
  // The decision and the account are written together: a rejection or another approval that wins
  // the race leaves no account behind whose one-time password nobody was shown.
  const outcome = await deps.accessRequests.approveAccessRequest(
    id,
    {
      state: 'approved',
      decidedBy: actor.email,
      decidedAt: deps.accounts.clock.now().toISOString(),
      verifiedVia: input.channel,
      ...(input.note && { verificationNote: input.note }),
    },
    client,
  );
  if (outcome === 'already_decided') throw new Refusal('already_decided');
  if (outcome === 'client_exists') throw clientExists();
  deps.logger.info('access request approved', { by: actor.email, id, ico: client.ico, via: input.channel });
  return { ico: client.ico, temporaryPassword };
}

export async function rejectAccessRequest(deps: StaffClientDeps, actor: StaffRef, id: string, reason: string): Promise<void> {
  await accessRequestDetail(deps, actor, id);
  const decided = await deps.accessRequests.decideAccessRequest(id, {
    state: 'rejected',
    decidedBy: actor.email,
    decidedAt: deps.accounts.clock.now().toISOString(),
    rejectReason: reason,
  });
  if (!decided) throw new Refusal('already_decided');
  deps.logger.info('access request rejected', { by: actor.email, id });
}
