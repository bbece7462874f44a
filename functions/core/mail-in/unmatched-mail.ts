import { isAlertMailId } from '../alerts/triggers';
import type { HistoryEvent, OutboxMail } from '../model';
import type {
  BlobStore,
  ClientStore,
  Clock,
  FailedMailStore,
  HandledUnmatchedMail,
  Ids,
  Logger,
  TicketStore,
  UnmatchedStore,
} from '../ports';
import type { StaffRef } from '../accounts/staff-accounts';
import { Refusal } from '../refusal';
import type { UnmatchedMail } from '../model';
import { cursorPage, type Cursors, type CursorPage } from '../paging';

/**
 * Mail that needs a person: inbound mail that matched no ticket (attach it to one, or discard it)
 * and outbound mail that failed for good (send it again).
 */
export interface StaffMailDeps {
  unmatched: UnmatchedStore;
  failed: FailedMailStore;
  tickets: TicketStore;
  clients: ClientStore;
  blobs: BlobStore;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  /** Signs the lists' page cursors. */
  cursors: Cursors;
}

/** The open unmatched mail, newest first, a page (`strana`: its cursor). */
export function listUnmatched(deps: StaffMailDeps, strana?: string): Promise<CursorPage<UnmatchedMail>> {
  return cursorPage(deps.cursors, 'unmatched:open', strana, deps.clock.now(), (req) => deps.unmatched.pageOpenUnmatched(req));
}

export async function unmatchedDetail(deps: StaffMailDeps, id: string): Promise<HandledUnmatchedMail> {
  const mail = await deps.unmatched.getUnmatched(id);
  if (!mail) throw new Refusal('not_found');
  return mail;
}

/**
 * Files the mail on a ticket as inbound mail (core/mail-in/inbound-mail.ts `file` does the same for matched
 * mail): its stored attachments are recorded on the ticket and an `email-in` event is written.
 * Optionally the sender becomes a known address of the ticket's client, so later mail matches.
 */
export async function attachUnmatched(
  deps: StaffMailDeps,
  me: StaffRef,
  id: string,
  input: { ticket: number; addSender: boolean },
): Promise<void> {
  const mail = await unmatchedDetail(deps, id);
  if (mail.state !== 'open') throw new Refusal('already_handled');
  const ticket = await deps.tickets.getTicket(input.ticket);
  if (!ticket) throw new Refusal('validation_failed', { ticket: 'Požadavek s tímto pořadovým číslem neexistuje.' });
  const at = deps.clock.now().toISOString();
  const attachments = mail.attachments.map((a) => ({ ...a, ticket: ticket.number }));
  const event: HistoryEvent = {
    id: deps.ids.id(),
    ticket: ticket.number,
    type: 'email-in',
    at: mail.receivedAt,
    actor: { kind: 'email', from: mail.from ?? '' },
    subject: mail.subject,
    text: mail.textPreview,
    ...(attachments.length > 0 && { attachmentIds: attachments.map((a) => a.id) }),
    data: {
      rawKey: mail.rawKey,
      sesMessageId: mail.sesMessageId,
      matchedBy: 'staff',
      attachedBy: { email: me.email, name: me.name },
      attachedAt: at,
      unmatchedReason: mail.reason,
      ...(mail.virus && { virus: true }),
      ...(mail.attachmentsNotFiled && { attachmentsNotFiled: mail.attachmentsNotFiled }),
    },
  };
  const ok = await deps.unmatched.handleUnmatched(
    id,
    { state: 'attached', handledBy: me.email, handledAt: at, attachedTo: ticket.number },
    {
      ticket: ticket.number,
      order: ticket,
      at,
      events: [event],
      attachments,
      ...(input.addSender && mail.from && { knownEmail: { ico: ticket.ico, email: mail.from } }),
    },
  );
  if (!ok) throw new Refusal('already_handled');
  deps.logger.info('unmatched mail attached', { by: me.email, id, ticket: ticket.number });
}

export async function discardUnmatched(deps: StaffMailDeps, me: StaffRef, id: string, reason?: string): Promise<void> {
  const mail = await unmatchedDetail(deps, id);
  if (mail.state !== 'open') throw new Refusal('already_handled');
  const ok = await deps.unmatched.handleUnmatched(id, {
    state: 'discarded',
    handledBy: me.email,
    handledAt: deps.clock.now().toISOString(),
    ...(reason && { discardReason: reason }),
  });
  if (!ok) throw new Refusal('already_handled');
  deps.logger.info('unmatched mail discarded', { by: me.email, id });
}

export async function unmatchedRawUrl(deps: StaffMailDeps, id: string): Promise<string> {
  const mail = await unmatchedDetail(deps, id);
  return deps.blobs.downloadUrl(mail.rawKey, 'neprirazena-zprava.eml', 'message/rfc822');
}

export async function unmatchedAttachmentUrl(deps: StaffMailDeps, id: string, attachmentId: string): Promise<string> {
  const mail = await unmatchedDetail(deps, id);
  const a = mail.attachments.find((x) => x.id === attachmentId);
  if (!a) throw new Refusal('not_found');
  return deps.blobs.downloadUrl(a.s3Key, a.filename, a.contentType);
}

/** The mail that failed for good, the latest failure first, a page (`strana`: its cursor). */
export function listFailedMail(deps: StaffMailDeps, strana?: string): Promise<CursorPage<OutboxMail>> {
  return cursorPage(deps.cursors, 'outbox:failed', strana, deps.clock.now(), (req) => deps.failed.pageFailedOutbox(req));
}

/** Back into the queue with a fresh series of attempts; the stream-driven mailer sends it. The ticket records who did it. */
export async function retryFailedMail(deps: StaffMailDeps, me: StaffRef, ticket: number, outboxId: string): Promise<void> {
  const at = deps.clock.now().toISOString();
  const event: HistoryEvent = {
    id: deps.ids.id(),
    ticket,
    type: 'note',
    at,
    actor: { kind: 'staff', email: me.email, name: me.name },
    text: 'Nedoručený e-mail byl znovu zařazen k odeslání.',
    outboxId,
    data: { action: 'mail-retry' },
  };
  // An alert to staff is requeued without a word on the ticket: the client's history is not its place.
  const note = isAlertMailId(outboxId) ? undefined : event;
  if (!(await deps.failed.requeueOutbox(ticket, outboxId, at, note))) throw new Refusal('not_failed');
  deps.logger.info('failed mail requeued', { by: me.email, ticket, outboxId });
}
