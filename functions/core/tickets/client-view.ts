import { attachmentsInOrder, type FiledAttachment } from './attachment-order';
import { quoteVersion, type HistoryEvent, type OutboxMail, type Ticket } from '../model';
import type { TicketView } from '../ports';

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
    // The version the client's answer names; a quote stored before versions existed is 1.
    ...(t.quote && { quote: { ...t.quote, version: quoteVersion(t.quote) } }),
  };
}

const STAFF_ONLY = new Set<HistoryEvent['type']>(['note', 'delivery', 'work']);

/** pending → sent → delivered, or failed / bounced: what the client may know about our mail. */
function mailStateOf(m: OutboxMail): string {
  if (m.delivery?.kind === 'delivered') return 'delivered';
  if (m.delivery && ['bounced', 'complained', 'rejected'].includes(m.delivery.kind)) return 'bounced';
  if (m.state === 'sent' || m.state === 'failed') return m.state;
  return 'pending';
}

/**
 * Text the server wrote (a reopen, an upload; older events still carry it) is Czech: the client gets
 * the event's type and data instead and the portal words it in its language. People's text goes as written.
 */
const wordedByServer = (e: HistoryEvent) => e.actor.kind === 'system' || e.data?.upload === true;

/** What the portal words an event from; none of the staff-only details (raw mail keys, recipients). */
function clientData(e: HistoryEvent): Record<string, unknown> | undefined {
  const d = e.data;
  if (!d) return undefined;
  if (e.type === 'quote' || e.type === 'acceptance') return d;
  if (e.type === 'status')
    return { ...(typeof d.from === 'string' && { from: d.from }), ...(typeof d.cause === 'string' && { cause: d.cause }) };
  if (e.type === 'message' && d.upload === true) return { upload: true };
  return undefined;
}

function clientEvent(e: HistoryEvent, mailState: Map<string, string>) {
  return {
    id: e.id,
    type: e.type,
    at: e.at,
    by: e.actor.kind === 'staff' ? { kind: 'staff', name: e.actor.name } : { kind: e.actor.kind },
    ...(e.text !== undefined && !wordedByServer(e) && { text: e.text }),
    ...(e.subject !== undefined && { subject: e.subject }),
    ...(e.status !== undefined && { status: e.status }),
    ...(e.actor.kind === 'email' && { from: e.actor.from }),
    ...(e.attachmentIds && { attachmentIds: e.attachmentIds }),
    ...(e.outboxId && mailState.has(e.outboxId) && { mail: mailState.get(e.outboxId) }),
    ...(clientData(e) && { data: clientData(e) }),
    ...(notFiled(e) && { attachmentsNotFiled: notFiled(e) }),
  };
}

/** A mail that held more attachments than one mail may file: how many came and how many are on the ticket. */
function notFiled(e: HistoryEvent): { received: number; filed: number } | undefined {
  const d = e.data?.attachmentsNotFiled as { received?: unknown; filed?: unknown } | undefined;
  return typeof d?.received === 'number' && typeof d.filed === 'number' ? { received: d.received, filed: d.filed } : undefined;
}

/** An attachment with the event it came with, when the client sees that event. */
const clientAttachment = ({ attachment: a, event, position }: FiledAttachment) => ({
  id: a.id,
  filename: a.filename,
  contentType: a.contentType,
  size: a.size,
  createdAt: a.createdAt,
  ...(event &&
    !STAFF_ONLY.has(event.type) && {
      event: { id: event.id, type: event.type, at: event.at, position, ...(event.subject !== undefined && { subject: event.subject }) },
    }),
});

export function clientTicketView(view: TicketView) {
  const mailState = new Map(view.outbox.map((m) => [m.id, mailStateOf(m)]));
  return {
    ticket: clientTicket(view.ticket),
    history: view.events.filter((e) => !STAFF_ONLY.has(e.type)).map((e) => clientEvent(e, mailState)),
    attachments: attachmentsInOrder(view).map(clientAttachment),
  };
}
