import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeTnef, decompressRtf, isTnef, TnefError } from '../../functions/adapters/mail-parser/tnef';
import { corpusPath } from '../support/mail-corpus';

const tnefDir = 'mimekit/tnef';
const samples = readdirSync(corpusPath(tnefDir))
  .filter((file) => file.endsWith('.tnef'))
  .map((file) => readFileSync(corpusPath(`${tnefDir}/${file}`)));

describe('decodeTnef', () => {
  it('rejects data without the TNEF signature', () => {
    expect(() => decodeTnef(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'))).toThrow(TnefError);
    expect(isTnef(Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00]))).toBe(true);
  });

  it('decodes an empty stream (signature only) to nothing', () => {
    expect(decodeTnef(Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00]))).toEqual({ files: [], body: {}, warnings: [] });
  });

  it('stops with a warning at an attribute whose declared length runs past the end', () => {
    const header = Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00]);
    const attribute = Buffer.from([0x02, 0x0f, 0x80, 0x06, 0x00, 0xff, 0xff, 0xff, 0x7f, 0x41, 0x42]);
    const result = decodeTnef(Buffer.concat([header, attribute]));
    expect(result.files).toEqual([]);
    expect(result.warnings).toEqual([expect.stringContaining('runs past the end')]);
  });

  it('never throws on corrupted versions of the MimeKit samples, and returns no more data than it was given', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: samples.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }),
        fc.nat(),
        (index, flips, cut) => {
          const bytes = Buffer.from(samples[index]!);
          for (const [position, value] of flips) bytes[6 + (position % (bytes.length - 6))] = value;
          const input = bytes.subarray(0, 6 + (cut % (bytes.length - 5)));
          const result = decodeTnef(input);
          const total = result.files.reduce((sum, file) => sum + file.data.length, 0);
          expect(total).toBeLessThanOrEqual(input.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('decompressRtf', () => {
  it('uses the 207-byte dictionary prefix of [MS-OXRTFCP]', () => {
    // The smallest LZFu stream: one control byte whose first reference points at the write position (207 = 0x0CF).
    const body = Buffer.from([0x01, 0x0c, 0xf0]);
    const header = Buffer.alloc(16);
    header.writeUInt32LE(body.length + 12, 0);
    header.writeUInt32LE(0, 4);
    header.write('LZFu', 8, 'latin1');
    expect(decompressRtf(Buffer.concat([header, body]), 1024)).toHaveLength(0);
  });

  it('returns stored (MELA) RTF unchanged', () => {
    const rtf = Buffer.from('{\\rtf1 ahoj}');
    const header = Buffer.alloc(16);
    header.writeUInt32LE(rtf.length + 12, 0);
    header.writeUInt32LE(rtf.length, 4);
    header.write('MELA', 8, 'latin1');
    expect(Buffer.from(decompressRtf(Buffer.concat([header, rtf]), 1024)).toString()).toBe('{\\rtf1 ahoj}');
  });

  it('caps the output at the given size whatever the stream declares', () => {
    const header = Buffer.alloc(16);
    header.writeUInt32LE(0xffffffff, 0);
    header.writeUInt32LE(0xffffffff, 4);
    header.write('LZFu', 8, 'latin1');
    // Control byte 0xff: eight references that each copy 17 bytes from the dictionary.
    const body = Buffer.from([0xff, ...Array.from({ length: 8 }, () => [0x00, 0x0f]).flat()]);
    expect(decompressRtf(Buffer.concat([header, body]), 50)).toHaveLength(50);
  });
});

describe('TNEF limits', () => {
  it('stops reading attachments past the limit, with a warning', () => {
    const attachment = Buffer.from([
      0x02, 0x02, 0x90, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x0f, 0x80, 0x06, 0x00, 0x01, 0x00, 0x00, 0x00, 0x41, 0x41,
      0x00,
    ]);
    const stream = Buffer.concat([Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00]), ...Array.from({ length: 50 }, () => attachment)]);
    const result = decodeTnef(stream, { maxFiles: 10 });
    expect(result.files).toHaveLength(10);
    expect(Array.from(result.files[0]!.data)).toEqual([0x41]);
    expect(result.warnings).toEqual(['TNEF stream holds more than 10 attachments; the rest are ignored']);
  });
});
