import { describe, expect, it } from 'vitest';
import { countChars, DESCRIPTION_MAX, remainingChars } from '../../web/src/text-count';

describe('details character counter', () => {
  it('counts Unicode code points, not UTF-16 units', () => {
    expect(countChars('😀😀')).toBe(2);
    expect(countChars('Žluťoučký kůň')).toBe(13);
  });

  it('ignores leading and trailing white space like the server', () => {
    expect(countChars('  ahoj \n\n')).toBe(4);
  });

  it('shows 8000 left for an empty text and goes negative past the limit', () => {
    expect(remainingChars('')).toBe(DESCRIPTION_MAX);
    expect(remainingChars('x'.repeat(8000))).toBe(0);
    expect(remainingChars('x'.repeat(8001))).toBe(-1);
  });

  it('lets 8000 emoji through, which String.length would count as 16000', () => {
    expect(remainingChars('🙂'.repeat(8000))).toBe(0);
  });

  it('counts decomposed Czech letters (e + combining acute, as pasted from macOS) once, as the NFC text the server stores', () => {
    const decomposed = 'e\u0301'.repeat(4001);
    expect(decomposed.length).toBe(8002);
    expect(countChars(decomposed)).toBe(4001);
    expect(remainingChars('e\u0301'.repeat(8000))).toBe(0);
    expect(remainingChars('e\u0301'.repeat(8001))).toBe(-1);
  });
});
