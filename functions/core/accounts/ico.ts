/**
 * IČO (identifikační číslo osoby, labelled "IČ" in the UI): 8 digits, the last one a mod-11 check
 * digit over the first seven with weights 8..2. Exactly 8 digits is the canonical form we store and
 * check; what people type is made canonical first (normaliseIco): old numbers written without their
 * leading zeros are padded, as ARES pads them, and a DIČ's `CZ` prefix is dropped.
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

const DIC_PREFIX = /^CZ/i;

/**
 * What was typed, made canonical: spaces removed ("270 82 440"), a leading `CZ` dropped (a company's
 * DIČ is CZ + its IČO) and 1–7 digits left-padded with zeros ("6947" is 00006947). Anything else is
 * returned without its spaces and fails isValidIco.
 */
export function normaliseIco(value: string): string {
  const compact = value.replace(/\s+/g, '').replace(DIC_PREFIX, '');
  return /^\d{1,7}$/.test(compact) ? compact.padStart(8, '0') : compact;
}

/** Whether the entry was written as a DIČ, and whose: a company's (CZ + IČO) or a person's (CZ + birth number). */
export function dicKind(value: string): 'company' | 'person' | null {
  const compact = value.replace(/\s+/g, '');
  if (!DIC_PREFIX.test(compact)) return null;
  return /^\d{9,10}$/.test(compact.slice(2)) ? 'person' : 'company';
}

/** The Czech hint for an entry written as a DIČ (admin UI, CLI); undefined for a plain IČO. */
export function icoInputNote(value: string): string | undefined {
  const kind = dicKind(value);
  if (kind === 'person')
    return 'Zadali jste DIČ fyzické osoby (CZ a rodné číslo); IČ má 8 číslic a najdete je v živnostenském rejstříku nebo v ARES.';
  if (kind === 'company') return `Zadali jste DIČ; jako IČ použijeme číslo bez předpony CZ: ${normaliseIco(value)}.`;
  return undefined;
}
