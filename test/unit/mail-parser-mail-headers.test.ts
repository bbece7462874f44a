import { describe, expect, it } from 'vitest';
import {
  boundReferences,
  headerFields,
  messageIds,
  parseDate,
  withoutControlCharacters,
} from '../../functions/adapters/mail-parser/mail-headers';

describe('mail header helpers', () => {
  it('unfolds raw header lines into lower-case fields, keeping repeats in order', () => {
    const fields = headerFields([
      { key: 'received', line: 'Received: from a\r\n\tby b' },
      { key: 'received', line: 'Received: from c' },
      { key: 'subject', line: 'Subject:  Ahoj ' },
    ]);
    expect(fields.get('received')).toEqual(['from a by b', 'from c']);
    expect(fields.get('subject')).toEqual(['Ahoj']);
  });

  it('extracts bare message ids, each once, ignoring comments', () => {
    expect(messageIds(['<a@x> (reply to) <b@y>', '<a@x>'])).toEqual(['a@x', 'b@y']);
    expect(messageIds(['bare@id.example'])).toEqual(['bare@id.example']);
    expect(messageIds([''])).toEqual([]);
  });

  it('keeps the thread root and the newest references when there are too many', () => {
    const ids = Array.from({ length: 10 }, (_, index) => `r${index}@x`);
    expect(boundReferences(ids, 4)).toEqual(['r0@x', 'r7@x', 'r8@x', 'r9@x']);
    expect(boundReferences(ids.slice(0, 3), 4)).toEqual(['r0@x', 'r1@x', 'r2@x']);
  });

  it('reads RFC 5322 dates, with a trailing zone comment, and refuses nonsense', () => {
    expect(parseDate('Thu, 23 Jan 2020 15:39:33 +0100 (CET)')).toBe('2020-01-23T14:39:33.000Z');
    expect(parseDate('zítra')).toBeUndefined();
    expect(parseDate(undefined)).toBeUndefined();
  });

  it('flattens header text to one line without control characters', () => {
    expect(withoutControlCharacters('a\tb\r\nc\u0000d\u009be')).toBe('a b  cde');
  });
});
