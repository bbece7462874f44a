/**
 * IČO (identifikační číslo osoby, labelled "IČ" in the UI): 8 digits, the last one a mod-11 check
 * digit over the first seven with weights 8..2. Shorter historic numbers are written with leading
 * zeros, so exactly 8 digits is the canonical form we accept.
 */
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2] as const;

export function icoCheckDigit(firstSeven: string): number {
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(firstSeven[i]), 0);
  return (11 - (sum % 11)) % 10;
}

export function isValidIco(value: string): boolean {
  if (!/^\d{8}$/.test(value)) return false;
  return icoCheckDigit(value.slice(0, 7)) === Number(value[7]);
}

/** Removes the spaces people type in ("270 82 440"); anything else stays and fails validation. */
export function normaliseIco(value: string): string {
  return value.replace(/\s+/g, '');
}
