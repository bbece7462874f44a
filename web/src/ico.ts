/**
 * Czech company identification number (IČ, formerly IČO): 8 digits, the last one a mod-11 check
 * digit over the first seven with weights 8..2. Pure, shared by the login and access-request forms.
 */
import { icoCheckDigit, normaliseIco } from '../../functions/core/ico';

export type IcoProblem = 'empty' | 'not-digits' | 'too-short' | 'too-long' | 'checksum';

// The checksum is the server's own code (functions/core/ico.ts), bundled in: one rule, one place.
export { icoCheckDigit };
export const normalizeIco = normaliseIco;

/** The first problem with a complete entry, or null when the IČ is valid. */
export function icoProblem(input: string): IcoProblem | null {
  const ico = normalizeIco(input);
  if (ico === '') return 'empty';
  if (!/^\d+$/.test(ico)) return 'not-digits';
  if (ico.length < 8) return 'too-short';
  if (ico.length > 8) return 'too-long';
  return icoCheckDigit(ico.slice(0, 7)) === Number(ico[7]) ? null : 'checksum';
}

/**
 * What to say while the person is still typing: nothing for a correct prefix (a half-typed IČ is not
 * an error yet), but letters, a ninth digit or a wrong check digit are reported at once.
 */
export function icoProblemWhileTyping(input: string): IcoProblem | null {
  const problem = icoProblem(input);
  return problem === 'too-short' || problem === 'empty' ? null : problem;
}
