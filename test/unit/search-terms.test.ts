import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText, indexTerms, MAX_TERM, queryTerms, snippet } from '../../functions/core/search/terms';

describe('search terms', () => {
  it('fold case and Czech diacritics, and ligatures', () => {
    expect(foldText('Tiskárna ŽLUŤOUČKÝ kůň ﬁrma')).toBe('tiskarna zlutoucky kun firma');
  });

  it('index each word under its prefixes from 3 characters, two-letter words whole, one-letter words not', () => {
    expect([...indexTerms('Tiskárna a PC')].sort()).toEqual(['pc', 'tis', 'tisk', 'tiska', 'tiskar', 'tiskarn', 'tiskarna']);
    const long = 'a'.repeat(40);
    expect(Math.max(...[...indexTerms(long)].map((t) => t.length))).toBe(MAX_TERM);
  });

  it('look up every word of a query by its folded prefix, as the index filed it', () => {
    expect(queryTerms('TISK  tiskárna x')).toEqual(['tisk', 'tiskarna']);
    expect(queryTerms('a , .')).toEqual([]);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 30 }), (text, cut) => {
        const terms = indexTerms(text);
        // Any word of the text, and any prefix of 3+ characters of it, is found.
        for (const w of foldText(text).match(/[\p{L}\p{N}]+/gu) ?? []) {
          const prefix = w.slice(0, Math.max(3, Math.min(cut, w.length)));
          for (const t of queryTerms(w.length < 3 ? w : prefix)) expect(terms.has(t), `${t} of ${text}`).toBe(w.length >= 2);
        }
      }),
    );
  });

  it('snippet: the first match in the original characters, with context cut at words', () => {
    const parts = snippet(['Nic tu není.', 'Dobrý den, naše Tiskárna v kanceláři přestala tisknout.'], 'tiskarn')!;
    expect(parts.find((p) => p.match)?.text).toBe('Tiskárn');
    expect(parts.map((p) => p.text).join('')).toBe('Dobrý den, naše Tiskárna v kanceláři přestala tisknout.');
    const long = `${'slovo '.repeat(30)}hledané ${'další '.repeat(30)}`;
    const cut = snippet([long], 'hledane')!;
    expect(cut[0]!.text.startsWith('…')).toBe(true);
    expect(cut[2]!.text.endsWith('…')).toBe(true);
    expect(cut[1]!.text).toBe('hledané');
    expect(snippet(['nic'], 'tiskarna')).toBeUndefined();
  });
});
