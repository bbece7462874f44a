import { createHash } from 'node:crypto';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AttachmentSink, ParsedAttachment, ParsedMail } from './parsed-mail';
import { base32 } from '../accounts/base32';
import { MAIL_PREFIXES } from './mail-bucket';
import {
  answersAnAlert,
  noteTicketFromRecipients,
  senderAllowed,
  statusAfterClientReply,
  ticketFromRecipients,
  ticketFromSubject,
  verdictProblem,
  type Verdicts,
} from './inbound-matching';
import type { Attachment, AttachmentsNotFiled, Client, HistoryEvent, Ticket, UnmatchedMail, UnmatchedReason } from '../model';
import type { BlobStore, ClientStore, Clock, InboundStore, Logger, MailParserPort, StaffStore, TicketStore } from '../ports';

/**
 * Processing of one mail that SES received and stored (docs/email.md): idempotent per SES messageId;
 * verdicts; parse with attachments streamed to storage; match to a ticket with the sender check;
 * then either file it on the ticket or keep it as unmatched mail for staff. Nothing is dropped: the
 * raw message stays in the mail bucket in every case.
 */
export interface InboundDeps {
  inbound: InboundStore;
  tickets: TicketStore;
  clients: ClientStore;
  staff: StaffStore;
  blobs: BlobStore;
  parser: MailParserPort;
  clock: Clock;
  logger: Logger;
  mail: { domain: string; replyTokenSecret: string };
}

export interface InboundInput {
  sesMessageId: string;
  /** Who processes it: the Lambda request id, which an async retry of the same event keeps. */
  owner: string;
  recipients: string[];
  verdicts: Verdicts;
  rawKey: string;
  receivedAt: string;
}

export type InboundOutcome =
  | { kind: 'duplicate' }
  | { kind: 'in-progress' }
  | { kind: 'filed'; ticket: number; attachments: number; via: string; automatic: boolean }
  | { kind: 'unmatched'; reason: UnmatchedReason; id: string };

const LEASE_MS = 10 * 60 * 1000;
const MAX_STORED_TEXT = 100_000; // characters; the full message stays in the raw .eml
const PREVIEW_TEXT = 4_000;

/** Ids that a retry of the same SES message computes again, so nothing is stored twice. */
const stableId = (seed: string) => base32(createHash('sha256').update(seed).digest()).slice(0, 16);

/**
 * Lets the parser go on to the next attachment as soon as the storage has taken in all bytes of
 * this one, while its last part and the upload's completion finish in the background (at most
 * `depth` at a time, so memory stays bounded). `settle()` waits for all of them.
 */
export function overlappingSink(write: BlobStore['write'], depth = 3): AttachmentSink & { settle(): Promise<void> } {
  const inFlight = new Set<Promise<void>>();
  const failures: unknown[] = [];
  return {
    async put(key, body, meta) {
      while (inFlight.size >= depth) await Promise.race(inFlight);
      if (failures.length > 0) throw failures[0];
      const consumed = new Promise<void>((resolve, reject) => {
        body.once('end', resolve);
        body.once('error', reject);
      });
      consumed.catch(() => undefined); // a body destroyed after the race is settled is not news
      const upload = write(key, body, meta);
      const tracked: Promise<void> = upload.then(
        () => void inFlight.delete(tracked),
        (err) => {
          inFlight.delete(tracked);
          failures.push(err);
        },
      );
      inFlight.add(tracked);
      // Whichever comes first: all bytes read (go on) or the upload failing (stop here).
      await Promise.race([consumed, upload]);
    },
    async settle() {
      await Promise.all(inFlight);
      if (failures.length > 0) throw failures[0];
    },
  };
}

const discardingSink: AttachmentSink = {
  async put(_key: string, body: Readable) {
    await pipeline(body, new Writable({ write: (_c, _e, cb) => cb() }));
  },
};

/** What staff and the client are told when a mail held more attachments than one mail may file (the raw mail keeps them all). */
function attachmentsNotFiled(filed: number, over: { skipped: number; limit: number }): AttachmentsNotFiled {
  return { received: filed + over.skipped, filed, limit: over.limit };
}

function toAttachment(a: ParsedAttachment, ticket: number, source: string, createdAt: string): Attachment {
  return {
    id: a.id,
    ticket,
    s3Key: a.key,
    filename: a.filename,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    source,
    createdAt,
  };
}

export async function processInbound(deps: InboundDeps, input: InboundInput): Promise<InboundOutcome> {
  // Reads only, so they start at once and overlap the claim and the parse: the raw message, and
  // the ticket a reply-token address names (with its client).
  const raw = deps.blobs.read(input.rawKey);
  raw.catch(() => undefined); // awaited below, or dropped after a refused claim
  const problem = verdictProblem(input.verdicts);
  const byToken = ticketFromRecipients(input.recipients, deps.mail.replyTokenSecret, deps.mail.domain);
  const tokenTicket = byToken === undefined || problem ? undefined : ticketWithClient(deps, byToken);
  tokenTicket?.catch(() => undefined);

  const dropRaw = async () => (await raw.catch(() => undefined))?.destroy();
  const claim = await deps.inbound
    .claimInbound(input.sesMessageId, input.owner, deps.clock.now(), LEASE_MS)
    .catch(async (error: unknown) => {
      await dropRaw();
      throw error;
    });
  if (claim !== 'claimed') {
    await dropRaw();
    return { kind: claim === 'done' ? 'duplicate' : 'in-progress' };
  }

  const virus = input.verdicts.virus === 'FAIL';
  let ordinal = 0;
  const storage = overlappingSink((key, body, meta) => deps.blobs.write(key, body, meta));
  const parsed = await deps.parser.parse(await raw, {
    // Attachments of spam, forged or infected mail are never stored.
    sink: problem || virus ? discardingSink : storage,
    newId: () => stableId(`${input.sesMessageId}#${ordinal++}`),
    keyFor: (id) => `${MAIL_PREFIXES.attachments}${stableId(input.sesMessageId)}/${id}`,
  });
  await storage.settle();
  const stored = problem || virus ? [] : parsed.attachments;
  const sender = parsed.from?.address?.toLowerCase();

  const unmatched = async (reason: UnmatchedReason, candidateTicket?: number): Promise<InboundOutcome> => {
    const id = stableId(`unmatched#${input.sesMessageId}`);
    const item: UnmatchedMail = {
      id,
      sesMessageId: input.sesMessageId,
      rawKey: input.rawKey,
      reason,
      ...(candidateTicket !== undefined && { candidateTicket }),
      ...(sender && { from: sender }),
      subject: parsed.subject,
      receivedAt: input.receivedAt,
      textPreview: parsed.text.slice(0, PREVIEW_TEXT),
      attachments: stored.map((a) => toAttachment(a, 0, input.sesMessageId, input.receivedAt)),
      ...(parsed.attachmentsOverLimit &&
        !problem &&
        !virus && { attachmentsNotFiled: attachmentsNotFiled(stored.length, parsed.attachmentsOverLimit) }),
      virus,
      state: 'open',
    };
    await deps.inbound.fileUnmatched(item, deps.clock.now());
    deps.logger.warn('inbound mail kept as unmatched', { sesMessageId: input.sesMessageId, reason, candidateTicket });
    return { kind: 'unmatched', reason, id };
  };

  if (problem) return unmatched(problem);

  // A reply to an alert is for staff only: a staff member's becomes a note on the ticket its
  // note address proves; anyone else's, or one that lost that address, waits in unmatched mail.
  const noteTicket = noteTicketFromRecipients(input.recipients, deps.mail.replyTokenSecret, deps.mail.domain);
  if (noteTicket !== undefined || answersAnAlert([parsed.inReplyTo, ...parsed.references], deps.mail.domain)) {
    const staffMember = sender ? await deps.staff.getStaff(sender) : undefined;
    if (noteTicket === undefined || !staffMember?.active) return unmatched('alert_reply', noteTicket);
    const target = await deps.tickets.getTicket(noteTicket);
    if (!target) return unmatched('unknown_ticket', noteTicket);
    return fileNote(deps, input, parsed, target, staffMember, stored.length);
  }

  const clue = byToken !== undefined ? { ticket: byToken, via: 'token' } : await findTicket(deps, parsed);
  if (!clue) return unmatched(parsed.autoReply.isAutomatic ? 'automatic' : 'no_ticket');
  const [{ ticket, client }, staff] = await Promise.all([
    tokenTicket ?? ticketWithClient(deps, clue.ticket),
    sender ? deps.staff.getStaff(sender) : undefined,
  ]);
  if (!ticket) return unmatched('unknown_ticket', clue.ticket);
  const isStaff = !!staff?.active;
  if (!senderAllowed(sender, ticket, client, isStaff)) {
    return unmatched(parsed.autoReply.isAutomatic ? 'automatic' : 'sender_not_allowed', ticket.number);
  }
  return file(deps, input, parsed, ticket, stored, { via: clue.via, virus, fromStaff: isStaff });
}

async function ticketWithClient(deps: InboundDeps, n: number): Promise<{ ticket?: Ticket | undefined; client?: Client | undefined }> {
  const ticket = await deps.tickets.getTicket(n);
  return ticket ? { ticket, client: await deps.clients.getClient(ticket.ico) } : {};
}

/** A ticket named by the mail itself when no reply-token address did: its message ids, then its subject tag. */
async function findTicket(deps: InboundDeps, parsed: ParsedMail): Promise<{ ticket: number; via: string } | undefined> {
  const ids = [parsed.inReplyTo, ...parsed.references].filter((x): x is string => !!x).slice(-50);
  if (ids.length > 0) {
    const byId = await deps.inbound.ticketForMessageIds(ids);
    if (byId !== undefined) return { ticket: byId, via: 'message-id' };
  }
  const bySubject = ticketFromSubject(parsed.subject);
  return bySubject === undefined ? undefined : { ticket: bySubject, via: 'subject-tag' };
}

async function file(
  deps: InboundDeps,
  input: InboundInput,
  parsed: ParsedMail,
  ticket: Ticket,
  stored: ParsedAttachment[],
  how: { via: string; virus: boolean; fromStaff: boolean },
): Promise<InboundOutcome> {
  const now = deps.clock.now().toISOString();
  const automatic = parsed.autoReply.isAutomatic;
  const attachments = stored.map((a) => toAttachment(a, ticket.number, input.sesMessageId, input.receivedAt));
  const event: HistoryEvent = {
    id: stableId(`event#${input.sesMessageId}`),
    ticket: ticket.number,
    type: 'email-in',
    at: input.receivedAt,
    actor: { kind: 'email', from: parsed.from?.address?.toLowerCase() ?? '' },
    subject: parsed.subject,
    text: parsed.textForDisplay.slice(0, MAX_STORED_TEXT),
    ...(attachments.length > 0 && { attachmentIds: attachments.map((a) => a.id) }),
    data: {
      fullText: parsed.text.slice(0, MAX_STORED_TEXT),
      rawKey: input.rawKey,
      sesMessageId: input.sesMessageId,
      matchedBy: how.via,
      automatic,
      ...(automatic && { automaticReason: parsed.autoReply.reason }),
      ...(how.virus && { virus: true }),
      ...(how.fromStaff && { fromStaff: true }),
      ...(parsed.warnings.length > 0 && { warnings: parsed.warnings.slice(0, 20) }),
      ...(parsed.attachmentsOverLimit &&
        !how.virus && { attachmentsNotFiled: attachmentsNotFiled(stored.length, parsed.attachmentsOverLimit) }),
    },
  };
  const reopenTo = automatic || how.fromStaff ? undefined : statusAfterClientReply(ticket);
  await deps.inbound.fileInbound({
    sesMessageId: input.sesMessageId,
    ticket: ticket.number,
    event,
    attachments,
    ...(parsed.messageId && { messageId: parsed.messageId }),
    ...(reopenTo && {
      statusChange: {
        to: reopenTo,
        order: ticket,
        event: {
          id: stableId(`reopen#${input.sesMessageId}`),
          ticket: ticket.number,
          type: 'status',
          at: input.receivedAt,
          actor: { kind: 'system' },
          status: reopenTo,
          data: { from: ticket.status, cause: 'client-reply' },
        },
      },
    }),
    // Staff look at every human reply; a virus warning or a reply to a closed ticket especially.
    attention: !automatic,
    now,
  });
  deps.logger.info('inbound mail filed', { ticket: ticket.number, via: how.via, attachments: attachments.length, automatic });
  return { kind: 'filed', ticket: ticket.number, attachments: attachments.length, via: how.via, automatic };
}

/** A staff member's reply to an alert: a staff-only note on the ticket; its attachments stay in the raw mail only. */
async function fileNote(
  deps: InboundDeps,
  input: InboundInput,
  parsed: ParsedMail,
  ticket: Ticket,
  staff: { email: string; name: string },
  attachments: number,
): Promise<InboundOutcome> {
  const event: HistoryEvent = {
    id: stableId(`event#${input.sesMessageId}`),
    ticket: ticket.number,
    type: 'note',
    at: input.receivedAt,
    actor: { kind: 'staff', email: staff.email, name: staff.name },
    text: parsed.textForDisplay.slice(0, MAX_STORED_TEXT),
    data: {
      viaAlertReply: true,
      rawKey: input.rawKey,
      sesMessageId: input.sesMessageId,
      ...(attachments > 0 && { attachmentsNotKept: attachments }),
    },
  };
  await deps.inbound.fileInbound({
    sesMessageId: input.sesMessageId,
    ticket: ticket.number,
    event,
    attachments: [],
    attention: false,
    now: deps.clock.now().toISOString(),
  });
  deps.logger.info('reply to an alert filed as a note', { ticket: ticket.number, attachments });
  return { kind: 'filed', ticket: ticket.number, attachments: 0, via: 'note-address', automatic: false };
}
