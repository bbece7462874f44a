import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toNfc } from '../../functions/http/nfc';

describe('request bodies in NFC', () => {
  it('composes every string of a body, in arrays too, and leaves other values alone', () => {
    expect(toNfc({ subject: 'Kava\u0301rna', emails: ['zs\u030c@skola.cz'], accept: true, version: 2, none: null })).toEqual({
      subject: 'Kavárna',
      emails: ['zš@skola.cz'],
      accept: true,
      version: 2,
      none: null,
    });
  });

  it('keeps passwords exactly as typed, so one chosen decomposed still matches its hash', () => {
    const body = { password: 'he\u0301slo', currentPassword: 'he\u0301slo', newPassword: 'he\u0301slo', note: 'he\u0301slo' };
    expect(toNfc(body)).toEqual({ password: 'he\u0301slo', currentPassword: 'he\u0301slo', newPassword: 'he\u0301slo', note: 'héslo' });
  });

  it('keeps a "__proto__" key an own field, never the prototype of the copy', () => {
    const parsed = JSON.parse('{"__proto__": {"accept": true}, "subject": "x"}');
    const out = toNfc(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect('accept' in out).toBe(false);
  });

  it('does not overflow the stack on 64 KB of nested brackets', () => {
    const deep = JSON.parse(`${'['.repeat(32000)}${']'.repeat(32000)}`);
    expect(() => toNfc(deep)).not.toThrow();
  });

  it('gives the NFC form of any string, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite' }), (s) => {
        expect(toNfc(s)).toBe(s.normalize('NFC'));
        expect(toNfc(toNfc(s))).toBe(toNfc(s));
      }),
    );
  });
});
