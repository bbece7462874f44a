import type { Attachment, HistoryEvent } from '../model';
import type { TicketView } from '../ports';

/** One attachment of a ticket with the history event (mail, upload) it came with. */
export interface FiledAttachment {
  attachment: Attachment;
  event?: HistoryEvent;
  /** 1-based position among the event's attachments (the order of the parts in the mail). */
  position: number;
}

/**
 * A ticket's attachments in the one order staff and the client both see them: oldest event first
 * (by arrival; ties by event id, as the table sorts them), then by position in the mail. The
 * store returns attachments keyed by their generated ids, which is no order at all. An attachment
 * no event names falls in by its own creation time.
 */
export function attachmentsInOrder(view: Pick<TicketView, 'events' | 'attachments'>): FiledAttachment[] {
  const cameWith = new Map<string, { event: HistoryEvent; position: number }>();
  for (const event of view.events) {
    for (const [i, id] of (event.attachmentIds ?? []).entries()) {
      if (!cameWith.has(id)) cameWith.set(id, { event, position: i + 1 });
    }
  }
  const filed = view.attachments.map((attachment): FiledAttachment => {
    const found = cameWith.get(attachment.id);
    return found ? { attachment, ...found } : { attachment, position: 1 };
  });
  const sortKey = (f: FiledAttachment) => [f.event?.at ?? f.attachment.createdAt, f.event?.id ?? ''] as const;
  return filed.sort((a, b) => {
    const [atA, idA] = sortKey(a);
    const [atB, idB] = sortKey(b);
    return compare(atA, atB) || compare(idA, idB) || a.position - b.position || compare(a.attachment.id, b.attachment.id);
  });
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
