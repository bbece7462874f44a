/**
 * The words of full-text search (docs/search.md): Czech-aware folding, the terms a text is indexed
 * under, the terms a query looks up, and the snippet that shows a hit.
 *
 * A text is folded per character (compatibility decomposition, combining marks dropped, lower
 * case: `Tiskárna` → `tiskarna`, `ﬁ` → `fi`) and cut into words at anything that is not a letter
 * or digit. A word is indexed under itself and under each of its prefixes of MIN_PREFIX characters
 * or more (`tiskarna` under `tis`, `tisk`, … `tiskarna`), up to MAX_TERM characters, so a query
 * word is found by its own prefix: one lookup per word, no term dictionary to scan. Two-letter
 * words (`PC`, `IT`) are indexed whole; one-letter words not at all.
 */
export const MIN_PREFIX = 3;
export const MAX_TERM = 20;
const MIN_WORD = 2;

/** A character folded: what `tiskárna` becomes letter by letter (may be empty or longer). */
const foldChar = (c: string) => c.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

export const foldText = (s: string) => [...s].map(foldChar).join('');

const WORD = /[\p{L}\p{N}]+/gu;

/** The folded words of a text. */
export const words = (s: string): string[] => foldText(s).match(WORD) ?? [];

/** The terms a text is indexed under (distinct). */
export function indexTerms(text: string): Set<string> {
  const terms = new Set<string>();
  for (const w of words(text)) {
    if (w.length < MIN_WORD) continue;
    if (w.length < MIN_PREFIX) {
      terms.add(w);
      continue;
    }
    const top = Math.min(w.length, MAX_TERM);
    for (let n = MIN_PREFIX; n <= top; n++) terms.add(w.slice(0, n));
  }
  return terms;
}

/** The terms a query looks up: each word (all must match), as long as the index keeps it. */
export function queryTerms(q: string): string[] {
  return [
    ...new Set(
      words(q)
        .filter((w) => w.length >= MIN_WORD)
        .map((w) => w.slice(0, MAX_TERM)),
    ),
  ];
}

/** A piece of a snippet: plain text or a match, to be escaped and marked by whoever shows it. */
export interface SnippetPart {
  text: string;
  match?: true;
}

const CONTEXT = 60;

/**
 * The first place one of the texts matches the query's words (a word starting there), with some
 * context either side, cut at word boundaries; undefined when none matches. Positions are found in
 * the folded text and mapped back to the original characters, so `tiskarna` marks `Tiskárna`.
 */
export function snippet(texts: string[], q: string): SnippetPart[] | undefined {
  const wanted = queryTerms(q);
  if (wanted.length === 0) return undefined;
  for (const text of texts) {
    const chars = [...text];
    // folded text, and for each folded character the index of the original one
    let folded = '';
    const origin: number[] = [];
    chars.forEach((c, i) => {
      const f = foldChar(c);
      folded += f;
      for (let k = 0; k < f.length; k++) origin.push(i);
    });
    let best: { at: number; end: number } | undefined;
    for (const m of folded.matchAll(WORD)) {
      const hit = wanted.find((t) => m[0].startsWith(t));
      if (!hit) continue;
      best = { at: origin[m.index]!, end: origin[m.index + hit.length - 1]! + 1 };
      break;
    }
    if (!best) continue;
    const from = Math.max(0, best.at - CONTEXT);
    const to = Math.min(chars.length, best.end + CONTEXT);
    const trimStart = (s: string) => (from > 0 ? `…${s.replace(/^\S*\s/, '')}` : s);
    const trimEnd = (s: string) => (to < chars.length ? `${s.replace(/\s\S*$/, '')}…` : s);
    const squash = (s: string) => s.replace(/\s+/g, ' ');
    return [
      { text: squash(trimStart(chars.slice(from, best.at).join(''))) },
      { text: chars.slice(best.at, best.end).join(''), match: true },
      { text: squash(trimEnd(chars.slice(best.end, to).join(''))) },
    ];
  }
  return undefined;
}
