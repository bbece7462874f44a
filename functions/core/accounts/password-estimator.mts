import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as czech from '@zxcvbn-ts/language-cs';
import * as english from '@zxcvbn-ts/language-en';

/**
 * How many guesses a password would take (zxcvbn-ts: common passwords, Czech and English words,
 * names and Wikipedia terms, keyboard patterns, sequences, repeats, dates, l33t). Loaded only by
 * `password-rules.ts`, on the first password check, with a dynamic import: its dictionaries (about
 * 2 MB) are never read by a cold start that checks no password. The feedback texts of zxcvbn are
 * not used: the Czech advice is ours (messages.cs.ts, messages-admin.cs.ts).
 */
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...czech.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  /**
   * Bounds on the work of one check, which otherwise grows fast with length and l33t characters (a
   * 256-character password took 5–8 s with the defaults, 100 substitutions and 256 characters).
   * Only the first 64 characters are estimated: a password whose start is strong is strong, and one
   * whose first 64 characters are guessable may be refused. With these bounds a check takes < 100 ms
   * whatever the input; the scores of l33t spellings such as "p@$$w0rd!!" stay the same.
   */
  l33tMaxSubstitutions: 4,
  maxLength: 64,
});

export interface Estimate {
  /** 0–4: zxcvbn's score (3 = at least 10^8 guesses, "safely unguessable" for an online attack with throttling). */
  score: number;
  /** The whole password is one pattern repeated ("abcabcabc", "heslohesloheslo"). */
  repeatOnly: boolean;
}

export function estimate(password: string, userInputs: string[]): Estimate {
  const result = zxcvbn.check(password, userInputs);
  return { score: result.score, repeatOnly: result.sequence.length === 1 && result.sequence[0]!.pattern === 'repeat' };
}
