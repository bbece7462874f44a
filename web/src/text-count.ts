/**
 * Text lengths as the server counts them: Unicode code points of the NFC text after trimming, so an
 * emoji or a Czech letter counts once, even pasted decomposed (String.length would count UTF-16 units).
 */
import { codePointLength, DESCRIPTION_MAX, SUBJECT_MAX } from '../../functions/core/tickets/text-length';

export { DESCRIPTION_MAX, SUBJECT_MAX };

export function countChars(text: string): number {
  return codePointLength(text.normalize('NFC').trim());
}

/** Characters left before the limit; negative when the text is over it. */
export function remainingChars(text: string, max = DESCRIPTION_MAX): number {
  return max - countChars(text);
}
