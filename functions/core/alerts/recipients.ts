import type { Client, Staff, Ticket } from '../model';
import { deliveryOf, type AlertDelivery } from './kinds';
import type { AlertTrigger } from './triggers';

export interface AlertRecipient {
  email: string;
  name: string;
  delivery: Exclude<AlertDelivery, 'off'>;
}

const lower = (s: string | undefined) => s?.trim().toLowerCase();

/**
 * Who is told about a trigger (docs/alerts.md), as a pure decision over the staff list:
 * - new request: everyone whose preference is not off;
 * - client mail, quote answer: the assignee, or when there is none (or they are inactive) those who
 *   get new requests;
 * - assignment: the new assignee; mail problem: the assignee, else administrators;
 * - deadline: the assignee, else those who get new requests; an overdue one administrators too;
 * - access request, unmatched mail: administrators.
 * Never the staff member who acted, never an inactive one, and never an address of the ticket's
 * client (its contact, its known addresses): an alert carries internal facts and must not reach a
 * client even when a staff account shares an address with one.
 */
export function alertRecipients(
  trigger: AlertTrigger,
  staff: Staff[],
  ticket?: Pick<Ticket, 'assignee' | 'contactEmail'>,
  client?: Pick<Client, 'knownEmails' | 'lastContactEmail'>,
): AlertRecipient[] {
  const active = staff.filter((s) => s.active);
  const byEmail = new Map(active.map((s) => [lower(s.email)!, s]));
  const assignee = ticket?.assignee ? byEmail.get(lower(ticket.assignee)!) : undefined;
  const admins = active.filter((s) => s.role === 'admin');
  const newRequestPeople = active.filter((s) => deliveryOf(s, 'new-request') !== 'off');

  let candidates: Staff[];
  switch (trigger.kind) {
    case 'new-request':
      candidates = newRequestPeople;
      break;
    case 'client-mail':
    case 'quote-answer':
      candidates = assignee ? [assignee] : newRequestPeople;
      break;
    case 'assigned': {
      const to = trigger.assignee ? byEmail.get(lower(trigger.assignee)!) : undefined;
      candidates = to ? [to] : [];
      break;
    }
    case 'mail-problem':
      candidates = assignee ? [assignee] : admins;
      break;
    case 'deadline':
      candidates = [...(assignee ? [assignee] : newRequestPeople), ...(trigger.facts.threshold === 'overdue' ? admins : [])];
      break;
    case 'access-request':
    case 'unmatched-mail':
      candidates = admins;
      break;
  }

  const clientAddresses = new Set(
    [ticket?.contactEmail, client?.lastContactEmail, ...(client?.knownEmails ?? [])].map(lower).filter((a): a is string => !!a),
  );
  const actor = lower(trigger.actorEmail);
  const out: AlertRecipient[] = [];
  for (const s of candidates) {
    const email = lower(s.email)!;
    const delivery = deliveryOf(s, trigger.kind);
    if (delivery === 'off' || email === actor || clientAddresses.has(email)) continue;
    if (out.some((r) => r.email === email)) continue;
    out.push({ email, name: s.name, delivery });
  }
  return out;
}
