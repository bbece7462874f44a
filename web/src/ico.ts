/**
 * Czech company identification number (IČ, formerly IČO): 8 digits, the last one a mod-11 check
 * digit over the first seven with weights 8..2. Pure, shared by the login and access-request forms.
 */
export type IcoProblem = 'empty' | 'not-digits' | 'too-short' | 'too-long' | 'checksum';

/** Removes the spaces people type or paste ("270 82 440"). */
export function normalizeIco(input: string): string {
  return input.replace(/\s+/g, '');
}

export function icoCheckDigit(firstSeven: string): number {
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(firstSeven[i]) * (8 - i);
  return (11 - (sum % 11)) % 10;
}

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
