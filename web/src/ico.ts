/**
 * Czech company identification number (IČ, formerly IČO): 8 digits, the last one a mod-11 check
 * digit over the first seven with weights 8..2. Pure, shared by the login and access-request forms.
 */
import { dicKind, icoCheckDigit, normaliseIco } from '../../functions/core/accounts/ico';

export type IcoProblem = 'empty' | 'not-digits' | 'too-short' | 'too-long' | 'checksum' | 'personal-dic';

// The checksum is the server's own code (functions/core/accounts/ico.ts), bundled in: one rule, one place.
export { icoCheckDigit };
export const normalizeIco = normaliseIco;

/** Whether the entry was a DIČ: a company's is accepted with a note that its CZ was dropped. */
export const icoDicNote = dicKind;

/**
 * The first problem with a complete entry, or null when the IČ is valid. Fewer than 8 digits are
 * padded with leading zeros first (as ARES does); when that gives no valid IČ, a digit is more
 * likely missing than the zeros, so the entry is called too short.
 */
export function icoProblem(input: string): IcoProblem | null {
  if (dicKind(input) === 'person') return 'personal-dic';
  const typed = input.replace(/\s+/g, '').replace(/^CZ/i, '');
  const ico = normalizeIco(input);
  if (ico === '') return 'empty';
  if (!/^\d+$/.test(ico)) return 'not-digits';
  if (ico.length > 8) return 'too-long';
  if (icoCheckDigit(ico.slice(0, 7)) === Number(ico[7])) return null;
  return typed.length < 8 ? 'too-short' : 'checksum';
}

/**
 * What to say while the person is still typing: nothing for a correct prefix (a half-typed IČ is not
 * an error yet), but letters, a ninth digit or a wrong check digit are reported at once.
 */
export function icoProblemWhileTyping(input: string): IcoProblem | null {
  const problem = icoProblem(input);
  return problem === 'too-short' || problem === 'empty' ? null : problem;
}
