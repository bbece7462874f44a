/** Client-side checks that mirror the API's rules, so most mistakes are caught before a round trip. */
import { countChars } from './text-count.js';

export const PASSWORD_MIN = 10;

// Deliberately loose: the server has the final word; this only catches obvious typos.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value.trim());
}

export function isBlank(value: string): boolean {
  return value.trim() === '';
}

export function longerThan(value: string, max: number): boolean {
  return countChars(value) > max;
}

/** As the server counts it (functions/core/accounts/password-rules.ts): code points of the NFC form, after trimming. */
export function passwordTooShort(value: string): boolean {
  return [...value.normalize('NFC').trim()].length < PASSWORD_MIN;
}
