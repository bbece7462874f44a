import { createHmac, timingSafeEqual } from 'node:crypto';
import { base32 } from './base32';

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226): HMAC-SHA1, 6 digits, 30-second steps,
 * one step of clock drift either way. Written on node:crypto rather than taken from a library: it
 * is twenty lines, and the secret never leaves this process.
 */
export const TOTP = { stepSeconds: 30, digits: 6, drift: 1, issuer: 'Softech Podpora' } as const;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A new secret in the upper-case base32 that authenticator apps expect (160 bits, RFC 4226 §4). */
export const newTotpSecret = (bytes: Uint8Array) => base32(bytes).toUpperCase();

/** RFC 4648 base32 back to bytes (base32.ts only encodes); spaces, dashes and padding are ignored. */
export function decodeBase32(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new Error('not base32');
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function hotp(secret: Buffer, counter: number, digits: number = TOTP.digits): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(code).padStart(digits, '0');
}

export const totpStep = (now: Date) => Math.floor(now.getTime() / 1000 / TOTP.stepSeconds);

/**
 * The time step a code belongs to, or undefined when it matches none within the drift window.
 * Steps at or before `usedStep` are refused, so a code cannot be replayed.
 */
export function matchTotp(secretBase32: string, code: string, now: Date, usedStep = -1): number | undefined {
  const given = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(given)) return undefined;
  const secret = decodeBase32(secretBase32);
  const current = totpStep(now);
  let matched: number | undefined;
  for (let step = current - TOTP.drift; step <= current + TOTP.drift; step++) {
    const ok = timingSafeEqual(Buffer.from(hotp(secret, step)), Buffer.from(given));
    if (ok && step > usedStep && matched === undefined) matched = step;
  }
  return matched;
}

/** The `otpauth://` URI that authenticator apps import (Key URI Format), shown as text to type or copy. */
export function otpauthUri(secretBase32: string, account: string): string {
  const label = encodeURIComponent(`${TOTP.issuer}:${account}`);
  const params = new URLSearchParams({
    secret: secretBase32,
    issuer: TOTP.issuer,
    algorithm: 'SHA1',
    digits: String(TOTP.digits),
    period: String(TOTP.stepSeconds),
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}
