/**
 * Text lengths as the server counts them: Unicode code points after trimming, so an emoji or a
 * combining-free Czech letter counts once (String.length would count UTF-16 units).
 */
export const DESCRIPTION_MAX = 8000;
export const SUBJECT_MAX = 200;

export function countChars(text: string): number {
  return [...text.trim()].length;
}

/** Characters left before the limit; negative when the text is over it. */
export function remainingChars(text: string, max = DESCRIPTION_MAX): number {
  return max - countChars(text);
}
