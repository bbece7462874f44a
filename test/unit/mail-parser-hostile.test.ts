/**
 * Messages built to hurt: hostile file names, lying content types, too many or too deep parts,
 * broken streams. The parser must never throw on them and must keep its limits.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { AttachmentSinkError, parseMail, RawReadError, type AttachmentSink } from '../../functions/adapters/mail-parser/parse-mail';
import { CZECH_PANGRAM, encodeCzech, type CzechCharset } from '../support/czech-charsets';
import { MemoryAttachmentSink, parseWithMemorySink, streamOf } from '../support/mail-corpus';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

interface Part {
  headers: string[];
  body: string | Buffer;
}

/** A raw multipart/mixed message, CRLF line ends. */
function multipart(parts: Part[], extraHeaders: string[] = []): Buffer {
  const boundary = 'hranice-123';
  const chunks: (string | Buffer)[] = [
    'From: Jana Nováková <jana@firma.cz>\r\nTo: podpora@softech.cz\r\nSubject: Test\r\nMIME-Version: 1.0\r\n',
    ...extraHeaders.map((header) => `${header}\r\n`),
    `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n`,
  ];
  for (const part of parts) {
    chunks.push(`--${boundary}\r\n${part.headers.map((header) => `${header}\r\n`).join('')}\r\n`, part.body, '\r\n');
  }
  chunks.push(`--${boundary}--\r\n`);
  return Buffer.concat(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)));
}

const textPart = (text: string): Part => ({ headers: ['Content-Type: text/plain; charset=utf-8'], body: text });
const filePart = (disposition: string, body: Buffer, type = 'application/octet-stream'): Part => ({
  headers: [`Content-Type: ${type}`, `Content-Disposition: ${disposition}`, 'Content-Transfer-Encoding: base64'],
  body: body.toString('base64').replace(/.{76}/g, '$&\r\n'),
});

async function compose(options: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new MailComposer(options).compile().build();
}

describe('hostile file names', () => {
  it('keeps only the last path segment of "../../etc/passwd"', async () => {
    const raw = await compose({
      from: 'a@b.cz',
      to: 'c@d.cz',
      text: 'x',
      attachments: [{ filename: '../../etc/passwd', content: 'root:x:0:0' }],
    });
    const { mail } = await parseWithMemorySink(raw);
    expect(mail.attachments.map((attachment) => attachment.filename)).toEqual(['passwd']);
  });

  it('never derives the storage key from the file name', async () => {
    const raw = await compose({
      from: 'a@b.cz',
      to: 'c@d.cz',
      text: 'x',
      attachments: [{ filename: '../../attachments/2/x', content: 'x' }],
    });
    const { mail, sink } = await parseWithMemorySink(raw);
    expect([...sink.objects.keys()]).toEqual([`attachments/1/${mail.attachments[0]!.id}`]);
  });

  it('removes control characters from names', async () => {
    const raw = multipart([textPart('x'), filePart('attachment; filename="fak\\"tu\u0007ra\u0001.pdf"', Buffer.from('%PDF-1.4'))]);
    const { mail } = await parseWithMemorySink(raw);
    expect(mail.attachments.map((attachment) => attachment.filename)).toEqual(['faktura.pdf']);
  });

  it('removes encoded control characters and bidi overrides from names', async () => {
    const encoded = `=?utf-8?B?${Buffer.from('smlouva\u0000\u202Efdp.exe').toString('base64')}?=`;
    const raw = multipart([textPart('x'), filePart(`attachment; filename="${encoded}"`, Buffer.from('MZ'))]);
    const { mail } = await parseWithMemorySink(raw);
    expect(mail.attachments.map((attachment) => attachment.filename)).toEqual(['smlouvafdp.exe']);
  });

  it('shortens a 300-character name to 150 characters, keeping the extension', async () => {
    const raw = await compose({
      from: 'a@b.cz',
      to: 'c@d.cz',
      text: 'x',
      attachments: [{ filename: `${'příloha-'.repeat(38)}x.pdf`, content: '%PDF-1.4' }],
    });
    const { mail } = await parseWithMemorySink(raw);
    const name = mail.attachments[0]!.filename;
    expect(Array.from(name)).toHaveLength(150);
    expect(name.startsWith('příloha-příloha-')).toBe(true);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('generates names for attachments that have none', async () => {
    const raw = multipart([
      textPart('x'),
      filePart('attachment', Buffer.from('%PDF-1.4'), 'application/pdf'),
      filePart('attachment; filename=""', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'),
      { headers: ['Content-Type: message/rfc822'], body: 'Subject: =?utf-8?Q?P=C5=AFvodn=C3=AD?=\r\n\r\nahoj' },
      { headers: ['Content-Type: message/rfc822'], body: 'From: x@y.cz\r\n\r\nbez předmětu' },
    ]);
    const { mail } = await parseWithMemorySink(raw);
    expect(mail.attachments.map((attachment) => [attachment.filename, attachment.origin])).toEqual([
      ['priloha-1.pdf', 'part'],
      ['priloha-2.jpg', 'part'],
      ['Původní.eml', 'rfc822'],
      ['zprava.eml', 'rfc822'],
    ]);
  });

  it('keeps the declared type of a ZIP archive sent as image/png, and records what it really is', async () => {
    const zip = Buffer.concat([Buffer.from('504b030414000000080000002100', 'hex'), Buffer.alloc(64)]);
    const raw = await compose({
      from: 'a@b.cz',
      to: 'c@d.cz',
      text: 'x',
      attachments: [{ filename: 'foto.png', content: zip, contentType: 'image/png' }],
    });
    const { mail } = await parseWithMemorySink(raw);
    expect(mail.attachments[0]).toMatchObject({
      filename: 'foto.png',
      contentType: 'image/png',
      detectedType: 'application/zip',
      sha256: sha256(zip),
    });
    expect(mail.warnings).toContain('attachment "foto.png" is declared image/png but its content looks like application/zip');
  });
});

describe('limits', () => {
  it('stores the first 500 of 2000 tiny attachments, says so, and still reads the text', async () => {
    const parts = [
      textPart('Posílám 2000 souborů.'),
      ...Array.from({ length: 2000 }, (_, index) => filePart(`attachment; filename="f${index}.txt"`, Buffer.from(`#${index}`))),
    ];
    const { mail, sink } = await parseWithMemorySink(multipart(parts));
    expect(mail.attachments).toHaveLength(500);
    expect(sink.objects.size).toBe(500);
    expect(mail.attachments.at(-1)!.filename).toBe('f499.txt');
    expect(mail.text.trim()).toBe('Posílám 2000 souborů.');
    expect(mail.warnings).toContain('attachment limit reached (500); 1500 attachments not stored');
  }, 30_000);

  it('honours a lower attachment limit', async () => {
    const parts = [
      textPart('x'),
      ...Array.from({ length: 5 }, (_, index) => filePart(`attachment; filename="f${index}.txt"`, Buffer.from('y'))),
    ];
    const { mail } = await parseWithMemorySink(multipart(parts), { maxAttachments: 2 });
    expect(mail.attachments.map((attachment) => attachment.filename)).toEqual(['f0.txt', 'f1.txt']);
  });

  it('drops an attachment over the size limit and stores the ones after it', async () => {
    const big = Buffer.alloc(300_000, 0x61);
    const small = Buffer.from('malý');
    const raw = multipart([
      textPart('x'),
      filePart('attachment; filename="velky.bin"', big),
      filePart('attachment; filename="maly.txt"', small),
    ]);
    const { mail, sink } = await parseWithMemorySink(raw, { maxAttachmentBytes: 100_000 });
    expect(mail.attachments.map((attachment) => [attachment.filename, attachment.sha256])).toEqual([['maly.txt', sha256(small)]]);
    expect(mail.warnings).toContain('attachment "velky.bin" not stored: larger than the limit of 100000 bytes');
    expect(sink.objects.size).toBe(1);
  });

  it('keeps a winmail.dat over the TNEF limit as it is', async () => {
    const tnef = Buffer.concat([Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00]), Buffer.alloc(5000)]);
    const raw = multipart([textPart('x'), filePart('attachment; filename="winmail.dat"', tnef, 'application/ms-tnef')]);
    const { mail } = await parseWithMemorySink(raw, { maxTnefBytes: 1000 });
    expect(mail.attachments.map((attachment) => [attachment.filename, attachment.size, attachment.sha256])).toEqual([
      ['winmail.dat', 5006, sha256(tnef)],
    ]);
    expect(mail.warnings).toContain('winmail.dat is larger than 1000 bytes; kept as is, not expanded');
  });
});

describe('malformed structure', () => {
  it('parses 200 nested multiparts and finds the text at the bottom', async () => {
    const depth = 200;
    let raw = 'From: a@b.cz\r\nSubject: hluboko\r\nMIME-Version: 1.0\r\n';
    for (let level = 0; level < depth; level++) raw += `Content-Type: multipart/mixed; boundary="b${level}"\r\n\r\n--b${level}\r\n`;
    raw += 'Content-Type: text/plain\r\n\r\nNa dně.\r\n';
    for (let level = depth - 1; level >= 0; level--) raw += `--b${level}--\r\n`;
    const { mail } = await parseWithMemorySink(Buffer.from(raw));
    expect(mail.subject).toBe('hluboko');
    expect(mail.text.trim()).toBe('Na dně.');
  });

  it('reads a message without Content-Type as plain text', async () => {
    const { mail } = await parseWithMemorySink(Buffer.from('From: a@b.cz\r\nSubject: bez typu\r\n\r\nJen text.\r\n'));
    expect(mail).toMatchObject({ subject: 'bez typu', text: 'Jen text.\n', attachments: [], warnings: [] });
  });

  it('returns an empty result for empty input', async () => {
    const { mail } = await parseWithMemorySink(Buffer.alloc(0));
    expect(mail).toMatchObject({ subject: '', text: '', textForDisplay: '', attachments: [], references: [], to: [], cc: [], replyTo: [] });
    expect(mail.from).toBeUndefined();
  });

  it('returns what it can of random bytes', async () => {
    const noise = Buffer.from(Array.from({ length: 100_000 }, (_, index) => (index * 7919) % 251));
    const { mail } = await parseWithMemorySink(noise);
    expect(typeof mail.text).toBe('string');
  });

  it('reads a multipart message with bare-CR line endings', async () => {
    const raw = multipart([textPart('Řádek jedna\r\nŘádek dva'), filePart('attachment; filename="a.txt"', Buffer.from('obsah'))]);
    const { mail } = await parseWithMemorySink(Buffer.from(raw.toString('latin1').replace(/\r\n/g, '\r'), 'latin1'));
    expect(mail.text).toBe('Řádek jedna\nŘádek dva');
    expect(mail.attachments.map((attachment) => [attachment.filename, attachment.sha256])).toEqual([
      ['a.txt', sha256(Buffer.from('obsah'))],
    ]);
  });

  it('decodes a bare-CR message split at every possible chunk boundary the same way', async () => {
    const raw = Buffer.from('Subject: x\rContent-Type: text/plain\r\rA\rB\r', 'latin1');
    for (const chunkSize of [1, 2, 3, 7]) {
      const { mail } = await parseWithMemorySink(streamOf(raw, chunkSize));
      expect(mail.text, `chunk size ${chunkSize}`).toBe('A\nB\n');
    }
  });

  it('returns what it parsed, with a warning, when there are more MIME parts than it will read', async () => {
    const parts = [textPart('x'), ...Array.from({ length: 20_050 }, () => ({ headers: ['Content-Type: text/x-a'], body: 'a' }))];
    const { mail } = await parseWithMemorySink(multipart(parts));
    expect(mail.attachments).toHaveLength(500);
    expect(mail.warnings.some((warning) => warning.startsWith('malformed MIME, parsing stopped early'))).toBe(true);
  }, 60_000);

  it('throws a RawReadError (for the caller to retry) when the raw stream fails, instead of returning half a message', async () => {
    const raw = multipart([textPart('Začátek.'), filePart('attachment; filename="a.bin"', Buffer.alloc(200_000, 1))]);
    const source = new Readable({
      read() {
        this.push(raw.subarray(0, 1000));
        this.destroy(new Error('connection reset'));
      },
    });
    const failure = await parseWithMemorySink(source).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RawReadError);
    expect((failure as Error).message).toBe('reading the raw message failed: connection reset');
  });
});

describe('storage', () => {
  it('applies backpressure: a sink that has not read yet holds back the raw stream', async () => {
    const attachmentBytes = 24 * 1024 * 1024;
    const content = Buffer.alloc(attachmentBytes, 0x5a);
    const raw = multipart([textPart('velká příloha'), filePart('attachment; filename="velka.bin"', content)]);
    let pulled = 0;
    const source = new Readable({
      read(size) {
        const chunk = raw.subarray(pulled, pulled + Math.max(size, 64 * 1024));
        pulled += chunk.length;
        this.push(chunk.length > 0 ? chunk : null);
      },
    });
    let pulledWhileSinkWaited = 0;
    const sink: AttachmentSink = {
      async put(_key, body) {
        // Let the parser run until the raw stream stops moving, then see how far it got.
        let previous = -1;
        while (previous !== pulled) {
          previous = pulled;
          for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
        }
        pulledWhileSinkWaited = pulled;
        for await (const chunk of body) void chunk;
      },
    };
    const mail = await parseMail(source, { sink, keyFor: (id) => id, newId: () => 'x' });
    expect(mail.attachments[0]!.sha256).toBe(sha256(content));
    expect(pulledWhileSinkWaited).toBeGreaterThan(0);
    expect(pulledWhileSinkWaited).toBeLessThan(raw.length / 4);
  }, 60_000);

  it('throws a sink failure (a storage problem, not a message problem) so the caller can retry', async () => {
    const raw = multipart([textPart('x'), filePart('attachment; filename="a.txt"', Buffer.from('y'))]);
    const sink: AttachmentSink = {
      async put() {
        throw new Error('S3 unavailable');
      },
    };
    await expect(parseMail(streamOf(raw), { sink, keyFor: (id) => id, newId: () => 'x' })).rejects.toBeInstanceOf(AttachmentSinkError);
  });

  it('passes the sanitised name and declared type to the sink', async () => {
    const raw = await compose({
      from: 'a@b.cz',
      to: 'c@d.cz',
      text: 'x',
      attachments: [{ filename: 'C:\\Users\\jana\\smlouva.pdf', content: '%PDF-1.4', contentType: 'application/pdf' }],
    });
    const sink = new MemoryAttachmentSink();
    const mail = await parseMail(streamOf(raw), { sink, keyFor: (id) => `k/${id}`, newId: () => 'id1' });
    expect(sink.objects.get('k/id1')).toMatchObject({ filename: 'smlouva.pdf', contentType: 'application/pdf' });
    expect(mail.attachments[0]).toMatchObject({ id: 'id1', key: 'k/id1', filename: 'smlouva.pdf' });
  });
});

describe('Czech in legacy charsets', () => {
  const charsets: CzechCharset[] = ['windows-1250', 'iso-8859-2'];

  it.each(charsets)('decodes an 8-bit %s body', async (charset) => {
    const raw = Buffer.concat([
      Buffer.from(`From: a@b.cz\r\nSubject: x\r\nContent-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`),
      encodeCzech(CZECH_PANGRAM, charset),
      Buffer.from('\r\n'),
    ]);
    expect((await parseWithMemorySink(raw)).mail.text.trim()).toBe(CZECH_PANGRAM);
  });

  it.each(charsets)('decodes a quoted-printable %s body', async (charset) => {
    const qp = [...encodeCzech(CZECH_PANGRAM, charset)]
      .map((byte) => (byte >= 0x80 || byte === 0x3d ? `=${byte.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(byte)))
      .join('');
    const raw = Buffer.from(
      `From: a@b.cz\r\nSubject: x\r\nContent-Type: text/plain; charset="${charset}"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qp}\r\n`,
    );
    expect((await parseWithMemorySink(raw)).mail.text.trim()).toBe(CZECH_PANGRAM);
  });

  it.each(charsets)('decodes %s encoded-word subjects and sender names, B and Q', async (charset) => {
    const bytes = encodeCzech(CZECH_PANGRAM, charset);
    const raw = Buffer.from(
      `From: =?${charset}?Q?${encodeCzech('Jiří Šťastný', charset)
        .toString('latin1')
        .replace(/[\u0080-\u00ff ]/g, (c) => (c === ' ' ? '_' : `=${c.charCodeAt(0).toString(16).toUpperCase()}`))}?= <jiri@firma.cz>\r\n` +
        `Subject: =?${charset}?B?${bytes.toString('base64')}?=\r\n\r\ntext\r\n`,
    );
    const { mail } = await parseWithMemorySink(raw);
    expect(mail.subject).toBe(CZECH_PANGRAM);
    expect(mail.from).toEqual({ address: 'jiri@firma.cz', name: 'Jiří Šťastný' });
  });

  it.each(charsets)('decodes an RFC 2231 %s file name', async (charset) => {
    const encoded = [...encodeCzech('Účtenka řidiče.pdf', charset)]
      .map((byte) => (byte >= 0x80 || byte === 0x20 ? `%${byte.toString(16).toUpperCase()}` : String.fromCharCode(byte)))
      .join('');
    const raw = multipart([
      textPart('x'),
      filePart(`attachment; filename*=${charset}''${encoded}`, Buffer.from('%PDF-1.4'), 'application/pdf'),
    ]);
    expect((await parseWithMemorySink(raw)).mail.attachments.map((attachment) => attachment.filename)).toEqual(['Účtenka řidiče.pdf']);
  });

  it('decodes a raw 8-bit windows-1250 subject that declares no charset', async () => {
    const raw = Buffer.concat([
      Buffer.from('From: a@b.cz\r\nSubject: '),
      encodeCzech('Žádost o nabídku', 'windows-1250'),
      Buffer.from('\r\n\r\ntext\r\n'),
    ]);
    expect((await parseWithMemorySink(raw)).mail.subject).toBe('Žádost o nabídku');
  });

  it('decodes a raw 8-bit iso-8859-2 file name with the charset its part declares', async () => {
    const name = encodeCzech('Šťovík.txt', 'iso-8859-2').toString('latin1');
    const raw = multipart([
      textPart('x'),
      { headers: [`Content-Type: text/plain; charset=iso-8859-2; name="${name}"`, 'Content-Disposition: attachment'], body: 'x' },
    ]);
    const latin1Raw = Buffer.from(raw.toString('utf8').replace(name, '\u0000'), 'utf8');
    const withRawName = Buffer.concat([
      latin1Raw.subarray(0, latin1Raw.indexOf(0)),
      Buffer.from(name, 'latin1'),
      latin1Raw.subarray(latin1Raw.indexOf(0) + 1),
    ]);
    expect((await parseWithMemorySink(withRawName)).mail.attachments.map((attachment) => attachment.filename)).toEqual(['Šťovík.txt']);
  });
});

describe('message fields', () => {
  it('returns bare message ids, in-reply-to and references, addresses and the date', async () => {
    const raw = Buffer.from(
      'From: "Nováková, Jana" <Jana@Firma.cz>\r\nTo: podpora+12.abc@softech.cz, Petr <petr@firma.cz>\r\nCc: tym: a@x.cz, b@x.cz;\r\n' +
        'Reply-To: jana.reply@firma.cz\r\nMessage-ID: <abc@mail.firma.cz>\r\nIn-Reply-To: <t12.x1@softech.cz> (comment)\r\n' +
        'References: <root@softech.cz>\r\n <t12.x1@softech.cz>\r\nDate: Tue, 5 Mar 2024 10:15:00 +0100\r\nSubject: Re: [Softech #12] Tiskárna\r\n\r\nDěkuji.\r\n',
    );
    const { mail } = await parseWithMemorySink(raw);
    expect(mail).toMatchObject({
      messageId: 'abc@mail.firma.cz',
      inReplyTo: 't12.x1@softech.cz',
      references: ['root@softech.cz', 't12.x1@softech.cz'],
      from: { address: 'Jana@Firma.cz', name: 'Nováková, Jana' },
      to: ['podpora+12.abc@softech.cz', 'petr@firma.cz'],
      cc: ['a@x.cz', 'b@x.cz'],
      replyTo: ['jana.reply@firma.cz'],
      date: '2024-03-05T09:15:00.000Z',
      subject: 'Re: [Softech #12] Tiskárna',
    });
  });

  it('warns when the sender is ambiguous: two From headers, or several addresses in one', async () => {
    const twice = await parseWithMemorySink(Buffer.from('From: a@x.cz\r\nFrom: b@y.cz\r\nSubject: x\r\n\r\ny\r\n'));
    expect(twice.mail.from?.address).toBe('a@x.cz');
    expect(twice.mail.warnings).toContain('2 From headers; the first is used');
    const several = await parseWithMemorySink(Buffer.from('From: a@x.cz, b@y.cz\r\nSubject: x\r\n\r\ny\r\n'));
    expect(several.mail.warnings).toContain('the From header holds several addresses; the first is used');
  });

  it('leaves out a date it cannot read instead of inventing one', async () => {
    const { mail } = await parseWithMemorySink(Buffer.from('Date: včera odpoledne\r\nSubject: x\r\n\r\ny\r\n'));
    expect(mail.date).toBeUndefined();
  });

  it('removes control characters from the subject', async () => {
    const { mail } = await parseWithMemorySink(
      Buffer.from(`Subject: =?utf-8?B?${Buffer.from('a\u0000b\u0007c').toString('base64')}?=\r\n\r\ny\r\n`),
    );
    expect(mail.subject).toBe('abc');
  });

  it('converts an HTML-only body to text and trims the quote from the display text', async () => {
    const raw = Buffer.from(
      'Subject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Děkuji, <b>funguje</b>.</p><div>Dne 4. 3. 2024 v 9:00 Podpora napsal(a):</div><blockquote>Zkuste restart.</blockquote>\r\n',
    );
    const { mail } = await parseWithMemorySink(raw);
    expect(mail.text).toContain('Děkuji, funguje.');
    expect(mail.text).toContain('> Zkuste restart.');
    expect(mail.textForDisplay).toBe('Děkuji, funguje.');
  });
});
