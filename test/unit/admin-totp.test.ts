import { describe, expect, it } from 'vitest';
import { decodeBase32, hotp, matchTotp, newTotpSecret, otpauthUri, totpStep } from '../../functions/core/accounts/totp';

/** RFC 6238 Appendix B (SHA-1 secret "12345678901234567890"), truncated to the 6 digits we use. */
const RFC_SECRET = Buffer.from('12345678901234567890');
const RFC_BASE32 = newTotpSecret(RFC_SECRET);

describe('TOTP (RFC 6238)', () => {
  it('computes the RFC 6238 test vectors', () => {
    const vectors: Array<[number, string]> = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
    ];
    for (const [seconds, code] of vectors) expect(hotp(RFC_SECRET, Math.floor(seconds / 30), 8)).toBe(code);
  });

  it('round-trips the base32 secret', () => {
    expect(RFC_BASE32).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(decodeBase32(RFC_BASE32.toLowerCase())).toEqual(RFC_SECRET);
  });

  it('accepts the current code and one step of drift either way, nothing further', () => {
    const now = new Date(1_111_111_111_000);
    const step = totpStep(now);
    for (const offset of [-1, 0, 1]) expect(matchTotp(RFC_BASE32, hotp(RFC_SECRET, step + offset), now)).toBe(step + offset);
    for (const offset of [-2, 2]) expect(matchTotp(RFC_BASE32, hotp(RFC_SECRET, step + offset), now)).toBeUndefined();
  });

  it('refuses a code of a step already used, and malformed codes', () => {
    const now = new Date(1_111_111_111_000);
    const step = totpStep(now);
    expect(matchTotp(RFC_BASE32, hotp(RFC_SECRET, step), now, step)).toBeUndefined();
    expect(matchTotp(RFC_BASE32, '12345', now)).toBeUndefined();
    expect(matchTotp(RFC_BASE32, 'abcdef', now)).toBeUndefined();
  });

  it('builds the otpauth URI authenticator apps import', () => {
    expect(otpauthUri(RFC_BASE32, 'jana@softech.cz')).toBe(
      `otpauth://totp/Softech%20Podpora%3Ajana%40softech.cz?secret=${RFC_BASE32}&issuer=Softech+Podpora&algorithm=SHA1&digits=6&period=30`,
    );
  });
});
