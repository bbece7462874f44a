import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { trimQuotedText } from '../../functions/core/mail-in/quoted-text';
import { corpusPath, parseWithMemorySink } from '../support/mail-corpus';

describe('trimQuotedText', () => {
  it('cuts an English attribution and the quote below it', () => {
    expect(trimQuotedText('Díky, funguje.\n\nOn Mon, 2 Apr 2012 at 18:26, Jana <j@x.cz> wrote:\n> Zkuste to znovu.\n')).toBe(
      'Díky, funguje.',
    );
  });

  it('cuts a Czech "Dne … napsal(a):" attribution', () => {
    const text =
      'Dobrý den,\nposílám fotku.\n\nDne 12.03.2024 v 10:15 Podpora Softech <podpora@softech.cz> napsal(a):\n> Pošlete prosím fotku.';
    expect(trimQuotedText(text)).toBe('Dobrý den,\nposílám fotku.');
  });

  it('cuts an attribution that the client wrapped onto two lines', () => {
    const text = 'Ano.\n\nOn Mon, Apr 2, 2012 at 6:26 PM, Megan One <\nmegan@example.com> wrote:\n\n> Hi';
    expect(trimQuotedText(text)).toBe('Ano.');
  });

  it('cuts at -----Original Message----- and at its Czech form', () => {
    expect(trimQuotedText('Ok\n\n-----Original Message-----\nFrom: a\nSent: b\n\nold')).toBe('Ok');
    expect(trimQuotedText('Ok\n\n-------- Původní zpráva --------\nOd: a\n\nold')).toBe('Ok');
  });

  it('cuts an Outlook "From: … Sent: …" block, in English and in Czech', () => {
    expect(
      trimQuotedText(
        'Hotovo.\n\nFrom: Podpora [mailto:podpora@softech.cz]\nSent: Monday, March 4, 2024 9:00 AM\nTo: Jana\nSubject: Re: X\n\nold text',
      ),
    ).toBe('Hotovo.');
    expect(
      trimQuotedText(
        'Hotovo.\n________________________________\nOd: Podpora\nOdesláno: pondělí 4. března 2024 9:00\nKomu: Jana\nPředmět: X\n\nstarý text',
      ),
    ).toBe('Hotovo.');
  });

  it('removes a trailing block of "> " lines', () => {
    expect(trimQuotedText('Hello\n> On 22 Aug 2015, Adam wrote:\n>\n> Hi there!\n')).toBe('Hello');
  });

  it('keeps the answer of a bottom-posted reply', () => {
    expect(trimQuotedText('On 04/02/2012 06:26 PM, Megan One wrote:\n> Hi \nHello')).toBe('Hello');
  });

  it('keeps an inline reply whole, since the quotes are the questions being answered', () => {
    const text = 'Dobrý den,\n\nOn Mon, 2 Apr 2012, Jana wrote:\n> Kdy přijedete?\nZítra v 9.\n> Co přivezete?\nNový disk.';
    expect(trimQuotedText(text)).toBe(text);
  });

  it('keeps a forwarded message, which is the point rather than history', () => {
    const text =
      '---------- Forwarded message ---------\nFrom: Banka <info@banka.cz>\nDate: Mon, 4 Mar 2024\nSubject: Chyba\n\nChyba 0x80004005';
    expect(trimQuotedText(text)).toBe(text);
  });

  it('keeps text without any quotation unchanged apart from surrounding blank lines', () => {
    expect(trimQuotedText('\n\nJen text.\n> není citace, pokračuje\nkonec\n')).toBe('Jen text.\n> není citace, pokračuje\nkonec');
  });

  it('returns the whole text when everything is quoted', () => {
    expect(trimQuotedText('> jen citace\n> nic víc')).toBe('> jen citace\n> nic víc');
  });
});

// talon's tests/text_quotations_test.py::test_standard_replies: the reply extracted from the
// text/plain part equals NAME_reply_text where that exists, else "Hello" (both compared stripped).
describe("talon's standard replies", () => {
  const dir = 'talon/standard_replies';
  const samples = readdirSync(corpusPath(dir)).filter((file) => file.endsWith('.eml'));

  it('finds the twelve standard replies', () => {
    expect(samples).toHaveLength(12);
  });

  it.each(samples)('extracts the reply of %s', async (file) => {
    const expectedFile = corpusPath(`${dir}/${file.replace(/\.eml$/, '_reply_text')}`);
    const expected = existsSync(expectedFile) ? readFileSync(expectedFile, 'utf8').trim() : 'Hello';
    const { mail } = await parseWithMemorySink(`${dir}/${file}`);
    expect(mail.textForDisplay.trim()).toBe(expected);
  });

  it('cuts the Yahoo "--- On … wrote:" share block', async () => {
    const { mail } = await parseWithMemorySink('talon/reply-quotations-share-block.eml');
    expect(mail.textForDisplay).toMatch(/^Hi Katharine\.[\s\S]*\nJoe XXX$/);
  });
});
