import { describe, expect, it } from 'vitest';
import { decodeUuLine } from '../../functions/adapters/mail-parser/uuencode';
import { parseWithMemorySink } from '../support/mail-corpus';

describe('uuencode', () => {
  it('decodes a line to as many bytes as its length character says', () => {
    expect(Buffer.from(decodeUuLine(',2&5L;&\\@6F%M;6%D')).toString()).toBe('Hello Zammad');
    expect(Buffer.from(decodeUuLine('#0V%T\r\n')).toString()).toBe('Cat');
  });

  it('yields nothing for begin, end, blank and terminating lines', () => {
    for (const line of ['begin 644 file.txt', 'end', '', '`']) expect(decodeUuLine(line)).toHaveLength(0);
  });

  it('decodes an attachment sent with Content-Transfer-Encoding x-uuencode', async () => {
    const raw = Buffer.from(
      'Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nahoj\r\n' +
        '--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="cat.txt"\r\n' +
        'Content-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644 cat.txt\r\n#0V%T\r\n`\r\nend\r\n--b--\r\n',
    );
    const { mail, sink } = await parseWithMemorySink(raw);
    expect(mail.attachments).toHaveLength(1);
    expect(sink.objects.get(mail.attachments[0]!.key)!.body.toString()).toBe('Cat');
  });
});
