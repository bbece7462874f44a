import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  attachmentFilename,
  contentTypeForFilename,
  fallbackFilename,
  MAX_FILENAME_LENGTH,
  messageFilename,
  sanitizeFilename,
} from '../../functions/core/tickets/attachment-name';
import { contradictsDeclaredType, sniffContentType } from '../../functions/adapters/mail-parser/content-sniff';
import { decodeRawHeaderText, holdsRawBytes } from '../../functions/adapters/mail-parser/header-charset';
import { encodeCzech, type CzechCharset } from '../support/czech-charsets';

describe('sanitizeFilename', () => {
  it('keeps only the last path segment of a traversal attempt', () => {
    expect(sanitizeFilename('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFilename('..\\..\\windows\\system32\\cmd.exe')).toBe('cmd.exe');
    expect(sanitizeFilename('php://foo')).toBe('foo');
  });

  it('removes control characters and turns folded line breaks into spaces', () => {
    expect(sanitizeFilename('fak\u0000tu\u0007ra\u009b.pdf')).toBe('faktura.pdf');
    expect(sanitizeFilename('dlouhy\r\n nazev.pdf')).toBe('dlouhy  nazev.pdf');
  });

  it('removes bidirectional overrides that disguise an extension', () => {
    expect(sanitizeFilename('faktura\u202Efdp.exe')).toBe('fakturafdp.exe');
  });

  it('removes the characters Windows reserves', () => {
    expect(sanitizeFilename('a<b>c:d"e|f?g*h.txt')).toBe('abcdefgh.txt');
  });

  it('drops leading dots and trailing dots and spaces', () => {
    expect(sanitizeFilename('...htaccess')).toBe('htaccess');
    expect(sanitizeFilename(' zprava.txt. . ')).toBe('zprava.txt');
  });

  it('prefixes Windows device names so they cannot address a device', () => {
    expect(sanitizeFilename('CON')).toBe('_CON');
    expect(sanitizeFilename('nul.txt')).toBe('_nul.txt');
    expect(sanitizeFilename('lpt1.pdf')).toBe('_lpt1.pdf');
    expect(sanitizeFilename('console.txt')).toBe('console.txt');
  });

  it('keeps Czech diacritics and composes decomposed ones (NFC)', () => {
    expect(sanitizeFilename('Příliš žluťoučký kůň.docx')).toBe('Příliš žluťoučký kůň.docx');
    expect(sanitizeFilename('Pr\u030Ci\u0301loha.pdf')).toBe('Příloha.pdf');
  });

  it('shortens long names to 150 characters and keeps the extension', () => {
    const name = sanitizeFilename(`${'ž'.repeat(300)}.pdf`);
    expect(Array.from(name)).toHaveLength(MAX_FILENAME_LENGTH);
    expect(name.endsWith('ž.pdf')).toBe(true);
  });

  it('drops an extension too long to be one when shortening', () => {
    const name = sanitizeFilename(`a.${'b'.repeat(300)}`);
    expect(name).toHaveLength(MAX_FILENAME_LENGTH);
    expect(name.startsWith('a.bbb')).toBe(true);
  });

  it('returns an empty name when nothing usable is left', () => {
    expect(sanitizeFilename(undefined)).toBe('');
    expect(sanitizeFilename('../..')).toBe('');
    expect(sanitizeFilename(' \u0001 . ')).toBe('');
  });

  it('never returns a name with a path separator, control or reserved character, or over 150 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (raw) => {
        const name = sanitizeFilename(raw);
        expect(name).not.toMatch(/[<>:"/\\|?*\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
        expect(Array.from(name).length).toBeLessThanOrEqual(MAX_FILENAME_LENGTH);
        expect(name).not.toMatch(/^[.\s]|[.\s]$/);
        expect(sanitizeFilename(name)).toBe(name);
      }),
    );
  });
});

describe('generated attachment names', () => {
  it('names an unnamed attachment after its position and content type', () => {
    expect(fallbackFilename('application/pdf', 1)).toBe('priloha-1.pdf');
    expect(fallbackFilename('image/jpeg', 3)).toBe('priloha-3.jpg');
    expect(fallbackFilename('text/x-unknown', 2)).toBe('priloha-2.txt');
    expect(fallbackFilename('application/x-whatever', 4)).toBe('priloha-4.bin');
  });

  it('names an unnamed attached message zprava.eml', () => {
    expect(fallbackFilename('message/rfc822', 2)).toBe('zprava.eml');
  });

  it('falls back to a generated name only when the sanitised one is empty', () => {
    expect(attachmentFilename('../', 'application/pdf', 5)).toBe('priloha-5.pdf');
    expect(attachmentFilename('smlouva.pdf', 'application/pdf', 5)).toBe('smlouva.pdf');
  });

  it('names an attached message after its subject', () => {
    expect(messageFilename('Re: Objednávka č. 12/2024')).toBe('Re Objednávka č. 12-2024.eml');
    expect(messageFilename('Objednávka "A"')).toBe('Objednávka A.eml');
    expect(messageFilename(undefined)).toBe('zprava.eml');
  });

  it('guesses a content type from a known extension only', () => {
    expect(contentTypeForFilename('scan.PDF')).toBe('application/pdf');
    expect(contentTypeForFilename('photo.jpeg')).toBe('image/jpeg');
    expect(contentTypeForFilename('README')).toBeUndefined();
    expect(contentTypeForFilename('data.qqq')).toBeUndefined();
  });
});

describe('content sniffing', () => {
  it('recognises common formats by their first bytes', () => {
    expect(sniffContentType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffContentType(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('image/png');
    expect(sniffContentType(Buffer.from('504b0304140000000800', 'hex'))).toBe('application/zip');
    expect(sniffContentType(Buffer.from('MZ\u0090\u0000', 'latin1'))).toBe('application/x-msdownload');
    expect(sniffContentType(Buffer.from('plain words'))).toBeUndefined();
  });

  it('flags a ZIP archive declared as a PNG picture', () => {
    expect(contradictsDeclaredType('image/png', 'application/zip')).toBe(true);
  });

  it('accepts containers under their document types and any content under a generic type', () => {
    expect(contradictsDeclaredType('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/zip')).toBe(
      false,
    );
    expect(contradictsDeclaredType('application/msword', 'application/x-ole-storage')).toBe(false);
    expect(contradictsDeclaredType('image/jpg', 'image/jpeg')).toBe(false);
    expect(contradictsDeclaredType('application/octet-stream', 'application/x-msdownload')).toBe(false);
  });
});

describe('raw 8-bit header text', () => {
  const latin1 = (text: string, charset: CzechCharset): string => encodeCzech(text, charset).toString('latin1');

  it('detects a one-character-per-byte rendering with 8-bit bytes', () => {
    expect(holdsRawBytes('Fr\u00f6sche')).toBe(true);
    expect(holdsRawBytes('plain')).toBe(false);
    expect(holdsRawBytes('již dekódováno')).toBe(false);
  });

  it('decodes raw UTF-8 bytes as UTF-8', () => {
    expect(decodeRawHeaderText(Buffer.from('Žádost o nabídku', 'utf8').toString('latin1'))).toBe('Žádost o nabídku');
  });

  it('decodes raw windows-1250 bytes as windows-1250 without a hint', () => {
    expect(decodeRawHeaderText(latin1('Žádost o nabídku', 'windows-1250'))).toBe('Žádost o nabídku');
  });

  it('decodes raw iso-8859-2 bytes with the charset the message declares', () => {
    expect(decodeRawHeaderText(latin1('Šťastný Šimon', 'iso-8859-2'), ['iso-8859-2'])).toBe('Šťastný Šimon');
  });

  it('prefers a declared multi-byte charset over a declared single-byte one', () => {
    const gbk = Buffer.from('d7aab7a2a3bad5fbcce5', 'hex').toString('latin1');
    expect(decodeRawHeaderText(gbk, ['iso-8859-1', 'gb2312'])).toBe('转发：整体');
  });
});
