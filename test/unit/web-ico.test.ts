import { describe, expect, it } from 'vitest';
import { icoCheckDigit, icoDicNote, icoProblem, icoProblemWhileTyping, normalizeIco } from '../../web/src/ico';

describe('portal IČ check', () => {
  it('accepts the demo client and other valid IČ', () => {
    expect(icoProblem('27082440')).toBeNull();
    expect(icoProblem('12345679')).toBeNull();
    expect(icoProblem('00000019')).toBeNull();
  });

  it('computes the check digit as (11 - sum mod 11) mod 10 with weights 8..2', () => {
    expect(icoCheckDigit('2708244')).toBe(0);
    expect(icoCheckDigit('1234567')).toBe(9);
    // remainder 0 gives check digit 1, remainder 1 gives 0
    expect(icoCheckDigit('0000000')).toBe(1);
    expect(icoCheckDigit('0000001')).toBe(9);
  });

  it('rejects a wrong check digit', () => {
    expect(icoProblem('27082441')).toBe('checksum');
  });

  it('ignores spaces people type or paste', () => {
    expect(normalizeIco(' 270 82 440 ')).toBe('27082440');
    expect(icoProblem('270 82 440')).toBeNull();
  });

  it('names the problem with an incomplete or malformed entry', () => {
    expect(icoProblem('')).toBe('empty');
    expect(icoProblem('2708244')).toBe('too-short');
    expect(icoProblem('270824400')).toBe('too-long');
    expect(icoProblem('2708244O')).toBe('not-digits');
  });

  it('stays quiet while a correct prefix is being typed but reports letters at once', () => {
    expect(icoProblemWhileTyping('2708')).toBeNull();
    expect(icoProblemWhileTyping('27a')).toBe('not-digits');
    expect(icoProblemWhileTyping('27082441')).toBe('checksum');
  });

  it('accepts an IČO typed without its leading zeros, and a DIČ with a note that the CZ was dropped', () => {
    expect(icoProblem('6947')).toBeNull();
    expect(icoProblem('006947')).toBeNull();
    expect(normalizeIco('6947')).toBe('00006947');
    expect(icoProblem('CZ27082440')).toBeNull();
    expect(normalizeIco('CZ27082440')).toBe('27082440');
    expect(icoDicNote('CZ27082440')).toBe('company');
    expect(icoDicNote('27082440')).toBeNull();
    expect(icoProblem('CZ8001011234')).toBe('personal-dic');
    expect(icoDicNote('CZ8001011234')).toBe('person');
  });

  it('still asks for the missing digit when a shortened number does not pad to a valid IČ', () => {
    expect(icoProblem('2708244')).toBe('too-short');
    expect(icoProblemWhileTyping('2708244')).toBeNull();
  });
});
