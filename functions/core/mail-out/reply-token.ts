import { createHmac, timingSafeEqual } from 'node:crypto';
import { base32 } from '../accounts/base32';

/**
 * Reply token (docs/email.md): the first 16 base32 characters of HMAC-SHA256(secret, ticket number).
 * It goes into the Reply-To address `podpora+<n>.<token>@<mail domain>`, so a reply proves it was
 * addressed from a mail we sent about that ticket. 80 bits: not guessable.
 */
export function replyToken(secret: string, ticketNumber: number): string {
  return base32(createHmac('sha256', secret).update(String(ticketNumber)).digest()).slice(0, 16);
}

/** The token of a staff-note address: the same secret over another message, so neither token gives the other. */
function noteToken(secret: string, ticketNumber: number): string {
  return base32(createHmac('sha256', secret).update(`note:${ticketNumber}`).digest()).slice(0, 16);
}

/**
 * The Reply-To of alerts to staff, `poznamka+<n>.<token>@<mail domain>`: a reply to it is filed
 * as a staff-only note on the ticket (docs/alerts.md), never as mail the client sees.
 */
export function noteAddress(secret: string, ticketNumber: number, mailDomain: string): string {
  return `poznamka+${ticketNumber}.${noteToken(secret, ticketNumber)}@${mailDomain}`;
}

/** The ticket number a staff-note address proves, or undefined. */
export function ticketFromNoteAddress(secret: string, address: string, mailDomain: string): number | undefined {
  return tokenAddress(/^poznamka\+(\d{1,12})\.([a-z2-7]{16})@(.+)$/i, noteToken, secret, address, mailDomain);
}

export function replyAddress(secret: string, ticketNumber: number, mailDomain: string): string {
  return `podpora+${ticketNumber}.${replyToken(secret, ticketNumber)}@${mailDomain}`;
}

/** The ticket number a recipient address proves, or undefined when it carries no valid token. */
export function ticketFromReplyAddress(secret: string, address: string, mailDomain: string): number | undefined {
  return tokenAddress(/^podpora\+(\d{1,12})\.([a-z2-7]{16})@(.+)$/i, replyToken, secret, address, mailDomain);
}

function tokenAddress(
  pattern: RegExp,
  token: (secret: string, n: number) => string,
  secret: string,
  address: string,
  mailDomain: string,
): number | undefined {
  const match = pattern.exec(address.trim());
  if (!match || match[3]!.toLowerCase() !== mailDomain.toLowerCase()) return undefined;
  const n = Number(match[1]);
  const expected = Buffer.from(token(secret, n));
  const given = Buffer.from(match[2]!.toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected) ? n : undefined;
}
