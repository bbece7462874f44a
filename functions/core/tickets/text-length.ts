/**
 * Lengths as the service promises them to clients: Unicode code points of the NFC text after
 * trimming, so that "ř" counts once (typed composed or pasted decomposed) and an emoji (a surrogate
 * pair in UTF-16) counts once too. The portal counts the same way, so the live counter and the
 * server never disagree.
 */
export function codePointLength(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

export const DESCRIPTION_MAX = 8000;
export const SUBJECT_MAX = 200;
