/**
 * Fields kept exactly as typed: a password is checked against its hash, and a password chosen in a
 * decomposed form must keep working. The password rules normalise for themselves.
 */
const VERBATIM_FIELDS = new Set(['password', 'currentPassword', 'newPassword']);
const MAX_DEPTH = 8;

/**
 * Every string of a request body in Unicode NFC, so that "é" pasted decomposed (e + U+0301, as from
 * macOS or some PDFs) counts once against a limit and is stored in one form. Applied where a body
 * enters (the client API's JSON, the admin UI's forms), before any schema counts a length.
 */
export function toNfc<T>(value: T, key?: string, depth = 0): T {
  if (typeof value === 'string') return (key !== undefined && VERBATIM_FIELDS.has(key) ? value : value.normalize('NFC')) as T;
  // Our bodies are flat; anything nested deeper is refused by its schema, and is left as it is
  // rather than walked (64 KB of brackets would otherwise overflow the stack).
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => toNfc(item, undefined, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  // defineProperty, as JSON.parse does: a "__proto__" key stays an own field (for the schema to
  // refuse) instead of becoming the copy's prototype.
  for (const [k, v] of Object.entries(value)) {
    Object.defineProperty(out, k, { value: toNfc(v, k, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out as T;
}
