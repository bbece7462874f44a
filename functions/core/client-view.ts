import type { Attachment, HistoryEvent, OutboxMail, Ticket } from './model';
import type { TicketView } from './ports';

/**
 * What a client sees of a ticket: no internal notes, no staff-only fields, no storage keys, and
 * for every mail we sent about it whether it went out.
 */
export function clientTicketSummary(t: Ticket) {
  return { number: t.number, subject: t.subject, category: t.category, status: t.status, createdAt: t.createdAt };
}

export function clientTicket(t: Ticket) {
  return {
    ...clientTicketSummary(t),
    contactEmail: t.contactEmail,
    description: t.description,
    updatedAt: t.updatedAt,
    ...(t.quote && { quote: t.quote }),
  };
}

const STAFF_ONLY = new Set<HistoryEvent['type']>(['note', 'delivery']);

/** pending → sent → delivered, or failed / bounced: what the client may know about our mail. */
function mailStateOf(m: OutboxMail): string {
  if (m.delivery?.kind === 'delivered') return 'delivered';
  if (m.delivery && ['bounced', 'complained', 'rejected'].includes(m.delivery.kind)) return 'bounced';
  if (m.state === 'sent' || m.state === 'failed') return m.state;
  return 'pending';
}

function clientEvent(e: HistoryEvent, mailState: Map<string, string>) {
  return {
    id: e.id,
    type: e.type,
    at: e.at,
    by: e.actor.kind === 'staff' ? { kind: 'staff', name: e.actor.name } : { kind: e.actor.kind },
    ...(e.text !== undefined && { text: e.text }),
    ...(e.subject !== undefined && { subject: e.subject }),
    ...(e.status !== undefined && { status: e.status }),
    ...(e.actor.kind === 'email' && { from: e.actor.from }),
    ...(e.attachmentIds && { attachmentIds: e.attachmentIds }),
    ...(e.outboxId && mailState.has(e.outboxId) && { mail: mailState.get(e.outboxId) }),
    ...(e.data && (e.type === 'quote' || e.type === 'acceptance') && { data: e.data }),
  };
}

const clientAttachment = (a: Attachment) => ({ id: a.id, filename: a.filename, contentType: a.contentType, size: a.size, createdAt: a.createdAt });

export function clientTicketView(view: TicketView) {
  const mailState = new Map(view.outbox.map((m) => [m.id, mailStateOf(m)]));
  return {
    ticket: clientTicket(view.ticket),
    history: view.events.filter((e) => !STAFF_ONLY.has(e.type)).map((e) => clientEvent(e, mailState)),
    attachments: view.attachments.map(clientAttachment),
  };
}
