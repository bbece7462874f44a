import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { icoCheckDigit, isValidIco, normaliseIco } from '../../functions/core/ico';

describe('IČO checksum', () => {
  it.each(['27082440', '25596641', '00006947', '45274649', '26185610'])('accepts the real IČO %s', (ico) => {
    expect(isValidIco(ico)).toBe(true);
  });

  it.each([
    ['27082441', 'wrong check digit'],
    ['2708244', 'seven digits'],
    ['270824400', 'nine digits'],
    ['2708244O', 'a letter O instead of zero'],
    ['', 'empty'],
    ['12345678', 'a made-up number'],
    ['２７０８２４４０', 'full-width digits'],
  ])('rejects %s (%s)', (ico) => {
    expect(isValidIco(ico)).toBe(false);
  });

  it('maps remainder 0 to check digit 1 and remainder 1 to check digit 0', () => {
    expect(icoCheckDigit('0000000')).toBe(1); // sum 0 → remainder 0
    expect(icoCheckDigit('0000300')).toBe(0); // sum 4·3 = 12 → remainder 1
    expect(icoCheckDigit('0000050')).toBe(7); // sum 3·5 = 15 → remainder 4 → 11 − 4

  });

  it('accepts exactly one check digit for every seven-digit prefix', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{7}$/), (prefix) => {
        const valid = [...'0123456789'].filter((d) => isValidIco(prefix + d));
        expect(valid).toEqual([String(icoCheckDigit(prefix))]);
      }),
    );
  });

  it('rejects anything that is not exactly eight ASCII digits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }).filter((s) => !/^\d{8}$/.test(s)), (s) => {
        expect(isValidIco(s)).toBe(false);
      }),
    );
  });

  it('removes spaces people type but nothing else', () => {
    expect(normaliseIco(' 270 82 440 ')).toBe('27082440');
    expect(normaliseIco('270-82-440')).toBe('270-82-440');
  });
});
