import type { BillingSettings, Client, Ticket } from '../model';
import type { BillingStore, ClientStore, WorkLogStore } from '../ports';
import { requireAdmin } from '../accounts/client-admin';
import type { StaffRef } from '../accounts/staff-accounts';
import { Refusal } from '../refusal';
import { billedMonth, isMonth } from './month';
import { fromNet, fromTotal, halerOf, minutesAt, sumLines, type Haler, type LineAmounts } from './money';
import { billingSettings, effectiveTerms } from './rates';
import { workTotals } from './work-log';

/**
 * The monthly statement (*Vyúčtování*, docs/billing.md): per client, the tickets resolved in the
 * month (the month index, core/billing/month.ts), each billed at its accepted quote's price, or
 * else at its billable minutes × the client's hourly rate, with VAT per line; sums per client and
 * overall. Administrators only.
 */
export interface StatementDeps {
  billing: BillingStore;
  clients: ClientStore;
  work: Pick<WorkLogStore, 'listWork'>;
}

export interface StatementLine extends LineAmounts {
  ticket: number;
  subject: string;
  resolvedAt: string;
  /** `quote`: the accepted quote's price; `hours`: billable time × rate; `none`: neither (nothing to bill). */
  basis: 'quote' | 'hours' | 'none';
  /** For `hours`: the billable minutes and the rate (haléře an hour). */
  minutes?: number;
  hourlyRate?: Haler;
  /** For `quote`: whether the agreed price included VAT. */
  quoteVat?: 'with' | 'without';
}

export interface ClientStatement {
  ico: string;
  name: string;
  dic?: string;
  lines: StatementLine[];
  sums: { net: Haler; vat: Haler; total: Haler };
}

export interface Statement {
  month: string;
  clients: ClientStatement[];
  sums: { net: Haler; vat: Haler; total: Haler };
}

/** A ticket's line on its client's terms. */
export function statementLine(t: Ticket, minutesBillable: number, terms: { hourlyRate: Haler; vatRate: 21 | 12 | 0 }): StatementLine {
  const base = { ticket: t.number, subject: t.subject, resolvedAt: t.resolvedAt ?? t.updatedAt };
  if (t.quote?.state === 'accepted') {
    const price = halerOf(t.quote.price);
    const amounts = t.quote.vat === 'with' ? fromTotal(price, terms.vatRate) : fromNet(price, terms.vatRate);
    return { ...base, ...amounts, basis: 'quote', quoteVat: t.quote.vat };
  }
  if (minutesBillable > 0)
    return {
      ...base,
      ...fromNet(minutesAt(minutesBillable, terms.hourlyRate), terms.vatRate),
      basis: 'hours',
      minutes: minutesBillable,
      hourlyRate: terms.hourlyRate,
    };
  return { ...base, ...fromNet(0, terms.vatRate), basis: 'none' };
}

export function buildStatement(
  month: string,
  tickets: Ticket[],
  billable: Map<number, number>,
  clients: Map<string, Client | undefined>,
  settings: BillingSettings,
): Statement {
  const byClient = new Map<string, ClientStatement>();
  for (const t of tickets) {
    const client = clients.get(t.ico);
    const terms = effectiveTerms(client ?? {}, settings);
    let entry = byClient.get(t.ico);
    if (!entry) {
      entry = {
        ico: t.ico,
        name: client?.name ?? t.clientName,
        ...(client?.billing?.dic && { dic: client.billing.dic }),
        lines: [],
        sums: { net: 0, vat: 0, total: 0 },
      };
      byClient.set(t.ico, entry);
    }
    entry.lines.push(statementLine(t, billable.get(t.number) ?? 0, terms));
  }
  const list = [...byClient.values()].sort((a, b) => a.name.localeCompare(b.name, 'cs') || a.ico.localeCompare(b.ico));
  for (const c of list) {
    c.lines.sort((a, b) => a.ticket - b.ticket);
    c.sums = sumLines(c.lines);
  }
  return { month, clients: list, sums: sumLines(list.flatMap((c) => c.lines)) };
}

export async function monthStatement(deps: StatementDeps, actor: StaffRef, month: string): Promise<Statement> {
  requireAdmin(actor);
  if (!isMonth(month)) throw new Refusal('validation_failed', { month: 'Zadejte měsíc ve tvaru RRRR-MM.' });
  const [listed, settings] = await Promise.all([deps.billing.billedTickets(month), billingSettings(deps)]);
  // The index follows the stream a moment behind: a ticket reopened just now is left out.
  const tickets = listed.filter((t) => billedMonth(t) === month);
  const billable = new Map<number, number>();
  await Promise.all(tickets.map(async (t) => billable.set(t.number, workTotals(await deps.work.listWork(t.number)).billableMinutes)));
  const icos = [...new Set(tickets.map((t) => t.ico))];
  const clients = new Map(await Promise.all(icos.map(async (ico) => [ico, await deps.clients.getClient(ico)] as const)));
  return buildStatement(month, tickets, billable, clients, settings);
}
