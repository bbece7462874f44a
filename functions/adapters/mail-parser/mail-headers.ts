/** Reading the header fields of a message that the MIME parser leaves to us. */

/** Raw top-level header lines, as `{ key: lower-case name, line: 'Name: value' }`. */
export type RawHeaderLines = ReadonlyArray<{ key: string; line: string }>;

/** Header fields from raw lines, unfolded: lower-case name to values, in order. */
export function headerFields(lines: RawHeaderLines): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const { key, line } of lines) {
    const colon = line.indexOf(':');
    const value = (colon === -1 ? '' : line.slice(colon + 1)).replace(/\r?\n[ \t]+/g, ' ').trim();
    fields.set(key, [...(fields.get(key) ?? []), value]);
  }
  return fields;
}

/** Message ids in a Message-ID, In-Reply-To or References value, bare (no angle brackets), each once. */
export function messageIds(values: readonly string[]): string[] {
  const text = values.join(' ');
  const bracketed = [...text.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1]!);
  const ids = bracketed.length > 0 ? bracketed : text.split(/\s+/).filter((token) => token.includes('@'));
  return [...new Set(ids.map((id) => id.replace(/^<|>$/g, '')).filter(Boolean))];
}

/** At most `max` references: the thread root and the most recent ancestors. */
export function boundReferences(ids: readonly string[], max: number): string[] {
  return ids.length <= max ? [...ids] : [ids[0]!, ...ids.slice(ids.length - max + 1)];
}

/** The Date header as ISO 8601, or undefined when it cannot be read (no invented "now"). */
export function parseDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value.replace(/\s*\([^)]*\)\s*$/, ''));
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** Header text as one line: breaks and tabs become spaces, other control characters go. */
export function withoutControlCharacters(text: string): string {
  return text.replace(/[\t\r\n]/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}
