import { describe, expect, it } from 'vitest';
import { codePointLength } from '../../functions/core/tickets/text-length';
import { replyAddress, replyToken, ticketFromReplyAddress } from '../../functions/core/mail-out/reply-token';
import { base32 } from '../../functions/core/accounts/base32';

describe('length in code points', () => {
  it('counts "ř" once, an emoji once and a combining sequence per code point', () => {
    expect(codePointLength('ř'.repeat(8000))).toBe(8000);
    expect(codePointLength('😀')).toBe(1);
    expect('😀'.length).toBe(2);
    expect(codePointLength('e\u0301')).toBe(2);
  });
});

describe('base32', () => {
  it('encodes the RFC 4648 test vectors (lower case, no padding)', () => {
    const enc = (s: string) => base32(Buffer.from(s));
    expect(enc('f')).toBe('my');
    expect(enc('fo')).toBe('mzxq');
    expect(enc('foo')).toBe('mzxw6');
    expect(enc('foob')).toBe('mzxw6yq');
    expect(enc('fooba')).toBe('mzxw6ytb');
    expect(enc('foobar')).toBe('mzxw6ytboi');
  });
});

describe('reply token', () => {
  const secret = 'test-secret-0123456789abcdef';
  const domain = 'podpora.softech.cz';

  it('is 16 base32 characters and differs per ticket and per secret', () => {
    expect(replyToken(secret, 1)).toMatch(/^[a-z2-7]{16}$/);
    expect(replyToken(secret, 1)).not.toBe(replyToken(secret, 2));
    expect(replyToken(secret, 1)).not.toBe(replyToken('another-secret-0123456789', 1));
  });

  it('is the first 16 base32 characters of HMAC-SHA256(secret, n)', async () => {
    const { createHmac } = await import('node:crypto');
    const mac = createHmac('sha256', secret).update('42').digest();
    expect(replyToken(secret, 42)).toBe(base32(mac).slice(0, 16));
  });

  it('finds the ticket from its own reply address, in any letter case', () => {
    expect(ticketFromReplyAddress(secret, replyAddress(secret, 42, domain), domain)).toBe(42);
    expect(ticketFromReplyAddress(secret, replyAddress(secret, 42, domain).toUpperCase(), domain)).toBe(42);
  });

  it('rejects a token for another ticket, a forged token and another domain', () => {
    const token41 = replyToken(secret, 41);
    expect(ticketFromReplyAddress(secret, `podpora+42.${token41}@${domain}`, domain)).toBeUndefined();
    expect(ticketFromReplyAddress(secret, `podpora+42.aaaaaaaaaaaaaaaa@${domain}`, domain)).toBeUndefined();
    expect(ticketFromReplyAddress(secret, replyAddress(secret, 42, 'evil.example'), domain)).toBeUndefined();
    expect(ticketFromReplyAddress(secret, `podpora@${domain}`, domain)).toBeUndefined();
  });
});
