import * as z from '../shared/zod';

/** Parts of the client API's JSON bodies (docs/http-contract.md) that several features share. */

// Control characters (CR/LF included) would let a subject or address smuggle mail headers.
export const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;

export const email = (message: string) =>
  z.pipe(
    z.pipe(z.string({ error: message }).check(z.trim(), z.maxLength(254, { message })), z.email({ message })),
    z.transform((e) => e.toLowerCase()),
  );

/** A trimmed string of at most 200 characters: a name or the like. */
export const shortText = (message: string, max = 200) =>
  z.string({ error: message }).check(z.trim(), z.minLength(1, { message }), z.maxLength(max, { message }));
