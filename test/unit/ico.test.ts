import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { icoCheckDigit, icoInputNote, isValidIco, normaliseIco } from '../../functions/core/accounts/ico';

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
      fc.property(
        fc.string({ maxLength: 12 }).filter((s) => !/^\d{8}$/.test(s)),
        (s) => {
          expect(isValidIco(s)).toBe(false);
        },
      ),
    );
  });

  it('removes spaces people type but nothing else', () => {
    expect(normaliseIco(' 270 82 440 ')).toBe('27082440');
    expect(normaliseIco('270-82-440')).toBe('270-82-440');
  });

  it('left-pads an IČO written without its leading zeros to 8 digits, as ARES does', () => {
    expect(normaliseIco('6947')).toBe('00006947');
    expect(normaliseIco('006947')).toBe('00006947');
    expect(normaliseIco('0000 6947')).toBe('00006947');
    expect(isValidIco(normaliseIco('6947'))).toBe(true);
    expect(normaliseIco('123456789')).toBe('123456789');
  });

  it('pads every valid IČO written without some of its leading zeros back to itself', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{7}$/), fc.nat({ max: 8 }), (prefix, cut) => {
        const ico = prefix + icoCheckDigit(prefix);
        const shortened = ico.replace(new RegExp(`^0{0,${cut}}`), '');
        if (shortened === '') return;
        expect(normaliseIco(shortened)).toBe(ico);
      }),
    );
  });

  it('recognises a DIČ (CZ + the IČO), strips the prefix and says so', () => {
    expect(normaliseIco('CZ27082440')).toBe('27082440');
    expect(normaliseIco('cz 270 82 440')).toBe('27082440');
    expect(normaliseIco('CZ6947')).toBe('00006947');
    expect(icoInputNote('CZ27082440')).toBe('Zadali jste DIČ; jako IČ použijeme číslo bez předpony CZ: 27082440.');
    expect(icoInputNote('27082440')).toBeUndefined();
    expect(icoInputNote('6947')).toBeUndefined();
    // A natural person's DIČ holds a birth number, not an IČO: stripped it is too long and fails.
    expect(isValidIco(normaliseIco('CZ8001011234'))).toBe(false);
    expect(icoInputNote('CZ8001011234')).toBe(
      'Zadali jste DIČ fyzické osoby (CZ a rodné číslo); IČ má 8 číslic a najdete je v živnostenském rejstříku nebo v ARES.',
    );
  });
});
