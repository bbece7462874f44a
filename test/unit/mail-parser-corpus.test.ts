/**
 * The parsing stage against the 324 real messages of test/fixtures/mail-corpus (see its SOURCES.md),
 * and against the expectations that some sources ship as data: Zammad's .yml parse results,
 * MimeKit's TNEF attachment lists and zbateson's original attachment files.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParsedAttachment, ParsedMail } from '../../functions/adapters/mail-parser/parse-mail';
import { MAX_FILENAME_LENGTH, sanitizeFilename } from '../../functions/core/tickets/attachment-name';
import { decodeTnef } from '../../functions/adapters/mail-parser/tnef';
import {
  corpusMessages,
  corpusPath,
  loadZammadExpectation,
  parseWithMemorySink,
  readCorpus,
  type MemoryAttachmentSink,
  type ParsedFixture,
} from '../support/mail-corpus';

const PARSE_ALL_TIMEOUT = 60_000;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const sourceOf = (file: string): string => file.split('/')[0]!;

const messages = corpusMessages();
const parsed = new Map<string, ParsedFixture | { error: unknown }>();

beforeAll(async () => {
  for (const file of messages) {
    try {
      parsed.set(file, await parseWithMemorySink(file));
    } catch (error) {
      parsed.set(file, { error });
    }
  }
}, PARSE_ALL_TIMEOUT);

function fixture(file: string): ParsedFixture {
  const result = parsed.get(file);
  if (!result) throw new Error(`${file} was not parsed`);
  if ('error' in result) throw result.error;
  return result;
}

/** Everything that must hold for any message, whatever its content. Returns the violations. */
function violations(file: string): string[] {
  const result = parsed.get(file);
  if (!result) return ['not parsed'];
  if ('error' in result) return [`parseMail threw: ${String(result.error)}`];
  const { mail, sink } = result;
  const problems: string[] = [];
  const keys = new Set(mail.attachments.map((attachment) => attachment.key));
  if (keys.size !== mail.attachments.length) problems.push('duplicate attachment keys');
  if (sink.objects.size !== mail.attachments.length)
    problems.push(`sink holds ${sink.objects.size} objects for ${mail.attachments.length} attachments`);
  for (const attachment of mail.attachments) problems.push(...attachmentViolations(attachment, sink));
  if (typeof mail.text !== 'string' || typeof mail.textForDisplay !== 'string' || typeof mail.subject !== 'string')
    problems.push('text fields missing');
  if (mail.text.trim() !== '' && mail.textForDisplay.trim() === '') problems.push('display text lost all of the text');
  return problems;
}

function attachmentViolations(attachment: ParsedAttachment, sink: MemoryAttachmentSink): string[] {
  const problems: string[] = [];
  const stored = sink.objects.get(attachment.key);
  const label = JSON.stringify(attachment.filename);
  if (attachment.key !== `attachments/1/${attachment.id}`) problems.push(`${label}: key not generated from the id`);
  if (!stored) return [...problems, `${label}: not in the sink`];
  if (stored.body.length !== attachment.size) problems.push(`${label}: size ${attachment.size} but ${stored.body.length} bytes stored`);
  if (sha256(stored.body) !== attachment.sha256) problems.push(`${label}: sha256 does not match the stored bytes`);
  if (stored.filename !== attachment.filename || stored.contentType !== attachment.contentType)
    problems.push(`${label}: sink metadata differs`);
  if (attachment.filename === '' || sanitizeFilename(attachment.filename) !== attachment.filename)
    problems.push(`${label}: name not sanitised`);
  if (Array.from(attachment.filename).length > MAX_FILENAME_LENGTH) problems.push(`${label}: name too long`);
  if (!/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(attachment.contentType))
    problems.push(`${label}: bad content type ${attachment.contentType}`);
  return problems;
}

describe('corpus discovery', () => {
  it('finds the 324 raw messages SOURCES.md lists, telling them from the auxiliary files', () => {
    expect(messages).toHaveLength(324);
  });

  it('finds messages in all 19 source folders', () => {
    expect(new Set(messages.map(sourceOf)).size).toBe(19);
  });
});

describe('every corpus message', () => {
  it(
    'parses without throwing, stores each attachment once under a generated key, and reports hashes and sizes of the stored bytes',
    () => {
      const rows = new Map<string, { messages: number; pass: number; fail: number }>();
      const failures: Record<string, string[]> = {};
      for (const file of messages) {
        const row = rows.get(sourceOf(file)) ?? { messages: 0, pass: 0, fail: 0 };
        const problems = violations(file);
        row.messages++;
        if (problems.length === 0) row.pass++;
        else {
          row.fail++;
          failures[file] = problems;
        }
        rows.set(sourceOf(file), row);
      }
      console.log('Corpus invariants per source folder:');
      console.table(Object.fromEntries(rows));
      expect(failures).toEqual({});
    },
    PARSE_ALL_TIMEOUT,
  );

  it('decodes the malformed mime4j cases without crashing and keeps their text', () => {
    const cases = messages.filter((file) => file.startsWith('apache-james-mime4j/'));
    expect(cases).toHaveLength(6);
    for (const file of cases) expect(violations(file), file).toEqual([]);
    expect(fixture('apache-james-mime4j/testmsgs/missing-inner-start-boundary.msg').mail.text).toContain('Foo');
  });

  it('reads a message with bare-CR line endings like its CRLF copy', () => {
    const mac = fixture('sisimai-set-of-emails/maildir/mac/lhost-postfix-01.eml').mail;
    const dos = fixture('sisimai-set-of-emails/maildir/dos/lhost-postfix-01.eml').mail;
    expect(mac.subject).toBe(dos.subject);
    expect(mac.text).toBe(dos.text);
    expect(mac.attachments.map((attachment) => attachment.sha256)).toEqual(dos.attachments.map((attachment) => attachment.sha256));
    expect(mac.warnings).toContain('bare CR line endings were read as CRLF');
  });
});

// ---------------------------------------------------------------------------------------------
// Zammad: test/data/mail/mailNNN.yml is Zammad's own parse of mailNNN.box.
//
// Compared strictly: subject, and for every file Zammad extracted: the decoded bytes (sha256), the
// MIME type, the Content-ID and, where the sender named the file, the file name. Zammad's own
// choices that differ from ours by design are the systematic differences below; each is checked for
// what it claims, not skipped. Anything else fails, except the listed known deviations, which must
// each still occur (so the list cannot go stale).
// ---------------------------------------------------------------------------------------------

type Systematic =
  /** Zammad stores the HTML alternative of the body as a file "message.html"; we keep the text only. */
  | 'html-body-as-file'
  /**
   * Zammad stores message/delivery-status, extra text/plain and untyped body parts as files; mailparser
   * folds them into the message text. Checked: the part's first line is in our text.
   */
  | 'text-part-in-body'
  /** Zammad stores further text/html body parts as files; mailparser converts them into the message text. */
  | 'html-part-in-body'
  /**
   * Zammad's data for 7bit/8bit/quoted-printable parts of CRLF messages has LF line ends; ours are
   * the exact decoded bytes. Checked: identical once our CRLF become LF.
   */
  | 'line-endings'
  /** No name from the sender: Zammad derives one (Content-ID, "file", "image.jpg"); we generate priloha-N.ext. */
  | 'generated-name'
  /** Our sanitiser removes characters Windows reserves (":" in "Call: …"). Checked: sanitize(theirs) is ours. */
  | 'reserved-characters'
  /** mailparser turns header folding into a space where Zammad keeps the tab. Checked: equal with whitespace runs collapsed. */
  | 'folding-whitespace'
  /** Zammad left U+FFFD for a byte it could not decode; we decoded it. Checked: equal at every other position. */
  | 'undecoded-in-zammad'
  /** Zammad renames the second file of a name ("a.png" → "a1.png"); we keep both names. */
  | 'duplicate-renamed';

/** Where we knowingly differ from Zammad, message by message, and why. */
const KNOWN_DEVIATIONS: Readonly<
  Record<string, { reason: string; subject?: string; missing?: string[]; extra?: string[]; names?: Record<string, string> }>
> = {
  'zammad/mail064.box': {
    reason: 'windows-1258 bytes 0xEC/0xCC are combining accents (U+0301/U+0300, so é and à after NFC); Zammad decodes them as ì/Ì',
    names: { 'Capture d’eìcran 2017-12-27 aÌ 12.22.38.jpg': 'Capture d’écran 2017-12-27 à 12.22.38.jpg' },
  },
  'zammad/mail093.box': {
    reason: 'raw Shift_JIS bytes in Subject with no charset declared for them; Zammad guesses by statistics, we fall back to windows-1250',
    subject: 'ツール',
  },
};

interface ZammadExpectation {
  subject?: string | null;
  attachments?: { data: string | Uint8Array; filename: string; preferences?: Record<string, unknown> }[];
}

interface ZammadVerdict {
  systematic: Set<Systematic>;
  known: string[];
  failures: string[];
}

function compareWithZammad(box: string): ZammadVerdict {
  const expected = loadZammadExpectation(box.replace(/\.box$/, '.yml')) as ZammadExpectation;
  const { mail, sink } = fixture(box);
  const verdict: ZammadVerdict = { systematic: new Set(), known: [], failures: [] };
  const known = KNOWN_DEVIATIONS[box];

  const subject = expected.subject ?? '';
  if (subject !== mail.subject) {
    if (subject.replace(/\s+/g, ' ').trim() === mail.subject.replace(/\s+/g, ' ').trim()) verdict.systematic.add('folding-whitespace');
    else if (known?.subject === subject)
      verdict.known.push(`subject ${JSON.stringify(mail.subject)} instead of ${JSON.stringify(subject)}`);
    else verdict.failures.push(`subject ${JSON.stringify(mail.subject)}, Zammad ${JSON.stringify(subject)}`);
  }

  const unmatched = new Set(mail.attachments);
  for (const theirs of expected.attachments ?? []) {
    const preferences = theirs.preferences ?? {};
    const type = typeof preferences['Mime-Type'] === 'string' ? (preferences['Mime-Type'] as string).toLowerCase() : undefined;
    const data = typeof theirs.data === 'string' ? Buffer.from(theirs.data, 'utf8') : Buffer.from(theirs.data);
    if (preferences['content-alternative'] === true && type === 'text/html') {
      verdict.systematic.add('html-body-as-file');
      continue;
    }
    let ours = [...unmatched].find((attachment) => attachment.sha256 === sha256(data));
    if (!ours && typeof theirs.data === 'string') {
      ours = [...unmatched].find(
        (attachment) =>
          sha256(Buffer.from(sink.objects.get(attachment.key)!.body.toString('latin1').replace(/\r\n/g, '\n'), 'latin1')) === sha256(data),
      );
      if (ours) verdict.systematic.add('line-endings');
    }
    if (!ours) {
      if (type === 'message/delivery-status' || type === 'text/plain' || type === undefined) {
        const firstLine =
          data
            .toString('utf8')
            .split('\n')
            .find((line) => line.trim() !== '')
            ?.trim() ?? '';
        if (normalise(mail.text).includes(normalise(firstLine))) {
          verdict.systematic.add('text-part-in-body');
          continue;
        }
      }
      if (type === 'text/html' && mail.text.trim() !== '') {
        verdict.systematic.add('html-part-in-body');
        continue;
      }
      if (known?.missing?.includes(theirs.filename)) verdict.known.push(`no byte-identical file for ${JSON.stringify(theirs.filename)}`);
      else verdict.failures.push(`no file with the bytes of ${JSON.stringify(theirs.filename)} (${type}, ${data.length} bytes)`);
      continue;
    }
    unmatched.delete(ours);
    if (type !== undefined && ours.contentType !== type)
      verdict.failures.push(`${JSON.stringify(ours.filename)}: type ${ours.contentType}, Zammad ${type}`);
    const contentId = typeof preferences['Content-ID'] === 'string' ? preferences['Content-ID'] : undefined;
    if ((ours.contentId ?? undefined) !== contentId)
      verdict.failures.push(`${JSON.stringify(ours.filename)}: Content-ID ${ours.contentId}, Zammad ${contentId}`);
    compareNames(ours.filename, theirs.filename, known, verdict);
  }
  for (const extra of unmatched) {
    if (known?.extra?.includes(extra.filename))
      verdict.known.push(`file ${JSON.stringify(extra.filename)} that Zammad decoded differently`);
    else
      verdict.failures.push(`file ${JSON.stringify(extra.filename)} (${extra.contentType}, ${extra.size} bytes) that Zammad does not have`);
  }
  return verdict;
}

function compareNames(ours: string, theirs: string, known: (typeof KNOWN_DEVIATIONS)[string] | undefined, verdict: ZammadVerdict): void {
  if (ours === theirs) return;
  if (/^priloha-\d+\.[a-z0-9]+$|^zprava\.eml$/.test(ours)) verdict.systematic.add('generated-name');
  else if (sanitizeFilename(theirs) === ours) verdict.systematic.add('reserved-characters');
  else if (
    theirs.includes('\uFFFD') &&
    theirs.length === ours.length &&
    [...theirs].every((character, index) => character === '\uFFFD' || character === ours[index])
  ) {
    verdict.systematic.add('undecoded-in-zammad');
  } else if (ours.includes('.') && [1, 2, 3].some((counter) => ours.replace('.', `${counter}.`) === theirs))
    verdict.systematic.add('duplicate-renamed');
  else if (known?.names?.[theirs] === ours) verdict.known.push(`name ${JSON.stringify(ours)} instead of ${JSON.stringify(theirs)}`);
  else verdict.failures.push(`name ${JSON.stringify(ours)}, Zammad ${JSON.stringify(theirs)}`);
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

describe("Zammad's parse results", () => {
  const boxes = messages.filter((file) => file.startsWith('zammad/'));

  it('has an expectation for each of the 106 Zammad messages', () => {
    expect(boxes).toHaveLength(106);
  });

  it('agrees with Zammad on subjects, file bytes, types, Content-IDs and names, apart from documented differences', () => {
    const verdicts = new Map(boxes.map((box) => [box, compareWithZammad(box)]));
    const count = { strict: 0, systematicOnly: 0, knownDeviation: 0, failed: 0 };
    const bySystematic: Record<string, number> = {};
    const failures: Record<string, string[]> = {};
    const knownSeen: Record<string, string[]> = {};
    for (const [box, verdict] of verdicts) {
      for (const rule of verdict.systematic) bySystematic[rule] = (bySystematic[rule] ?? 0) + 1;
      if (verdict.failures.length > 0) {
        count.failed++;
        failures[box] = verdict.failures;
      } else if (verdict.known.length > 0) count.knownDeviation++;
      else if (verdict.systematic.size > 0) count.systematicOnly++;
      else count.strict++;
      if (verdict.known.length > 0) knownSeen[box] = verdict.known;
    }
    console.log(
      'Zammad comparison (messages):',
      count,
      '\nsystematic differences (messages affected):',
      bySystematic,
      '\nknown deviations:',
      knownSeen,
    );
    expect(failures).toEqual({});
    expect(Object.keys(knownSeen).sort()).toEqual(Object.keys(KNOWN_DEVIATIONS).sort());
  });
});

// ---------------------------------------------------------------------------------------------
// MimeKit: NAME.list lists the files MimeKit extracts from NAME.tnef. Its test
// (UnitTests/Tnef/TnefTests.cs, TestTnefParser) requires each listed name to be among the extracted
// parts; the message body counts as a part named body.rtf / body.html / body.txt.
// ---------------------------------------------------------------------------------------------

describe("MimeKit's TNEF samples", () => {
  const dir = 'mimekit/tnef';
  const samples = readdirSync(corpusPath(dir))
    .filter((file) => file.endsWith('.tnef'))
    .map((file) => file.replace(/\.tnef$/, ''));

  it('finds the 19 samples', () => {
    expect(samples).toHaveLength(19);
  });

  it.each(samples)('expands %s.tnef into the files its .list names', (name) => {
    const expected = readFileSync(corpusPath(`${dir}/${name}.list`), 'utf8')
      .split(/\r?\n/)
      .filter(Boolean);
    const result = decodeTnef(readCorpus(`${dir}/${name}.tnef`));
    const names = result.files.map((file) => file.filename);
    if (result.body.rtf) names.push('body.rtf');
    if (result.body.html) names.push('body.html');
    if (result.body.text) names.push('body.txt');
    for (const listed of expected) expect(names).toContain(listed);
  });

  it('decompresses RTF bodies into RTF', () => {
    const rtf = decodeTnef(readCorpus(`${dir}/rtf.tnef`)).body.rtf;
    expect(Buffer.from(rtf!).toString('latin1')).toMatch(/^\{\\rtf1/);
  });

  it('takes long file names from the MAPI properties, not the 8.3 title', () => {
    const names = decodeTnef(readCorpus(`${dir}/attachments.tnef`)).files.map((file) => file.filename);
    expect(names).toEqual(['zappa_av1.jpg', 'bookmark.htm']);
  });

  it('reads attachment data held in PR_ATTACH_DATA_OBJ', () => {
    const files = decodeTnef(readCorpus(`${dir}/MAPI_ATTACH_DATA_OBJ.tnef`)).files;
    const pdf = files.find((file) => file.filename === 'VIA_Nytt_1402.pdf');
    expect(Buffer.from(pdf!.data.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  });
});

describe('winmail.dat in messages', () => {
  it('replaces winmail.dat by the files inside it', () => {
    const { mail } = fixture('roundcube/tnef3.eml');
    expect(
      mail.attachments
        .filter((attachment) => attachment.origin === 'tnef')
        .map((attachment) => [attachment.filename, attachment.contentType]),
    ).toEqual([
      ['zappa_av1.jpg', 'image/jpeg'],
      ['bookmark.htm', 'text/html'],
      ['zprava.rtf', 'application/rtf'],
    ]);
    expect(mail.attachments.some((attachment) => attachment.filename === 'winmail.dat')).toBe(false);
  });

  it('takes the message text from winmail.dat when the MIME text is empty', () => {
    const { mail } = fixture('roundcube/tnef2.eml');
    expect(mail.text.trim()).not.toBe('');
  });

  it('keeps a winmail.dat that is not TNEF as it is, with a warning', () => {
    const { mail } = fixture('zbateson-mail-mime-parser/m4006.txt');
    expect(mail.attachments.map((attachment) => [attachment.filename, attachment.origin, attachment.sha256])).toEqual([
      ['winmail.dat', 'part', sha256(readCorpus('zbateson-mail-mime-parser/files/winmail.dat'))],
    ]);
    expect(mail.warnings).toContain('winmail.dat could not be expanded (not a TNEF stream (signature missing)); kept as is');
  });

  it.each([
    'mimekit/tnef/rich-text.eml',
    'mimekit/tnef/ukr.eml',
    'roundcube/tnef1.eml',
    'sisimai-set-of-emails/maildir/bsd/lhost-amazonworkmail-01.eml',
  ])('expands the winmail.dat of %s', (file) => {
    const { mail } = fixture(file);
    expect(mail.attachments.some((attachment) => attachment.filename.toLowerCase() === 'winmail.dat')).toBe(false);
    expect(mail.warnings.filter((warning) => warning.includes('winmail.dat'))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Central-European charsets: every message that declares windows-1250 or iso-8859-2.
// ---------------------------------------------------------------------------------------------

describe('windows-1250 and iso-8859-2 messages', () => {
  const declaresCentralEuropean = (file: string): boolean =>
    /charset="?(windows-1250|iso-8859-2)/i.test(readCorpus(file).toString('latin1'));
  const found = messages.filter(declaresCentralEuropean);

  it('finds the six messages that declare them', () => {
    expect(found).toEqual([
      'linux-mailinglist-archives/linux-bluetooth/1daf992897b3fcd3f69fb5c344c03c25590968e1.eml',
      'linux-mailinglist-archives/linux-bluetooth/62fcc0e1f201db339b3d22ec05bc855afdc79770.eml',
      'linux-mailinglist-archives/linux-bluetooth/8c80964785e56f1d1bddc0a45d41a688b746adc7.eml',
      'linux-mailinglist-archives/linux-bluetooth/b97796d8ac5d0a165635a1d25195e242a84b96c2.eml',
      'linux-mailinglist-archives/linux-bluetooth/f7ceb1fb84f624bfd838e92277a2f72bab8bbd13.eml',
      'zammad/mail068.box',
    ]);
  });

  it.each(found)('decodes %s without replacement characters', (file) => {
    const { mail } = fixture(file);
    expect(mail.text).not.toContain('\uFFFD');
    expect(mail.subject).not.toContain('\uFFFD');
  });

  it('decodes the Czech windows-1250 HTML body of Zammad mail068', () => {
    const { mail } = fixture('zammad/mail068.box');
    for (const word of ['Čtvrtek', 'zavolání', 'garáž', 'strýce', 'neodpovídá']) expect(mail.text).toContain(word);
  });

  it.each([
    'linux-mailinglist-archives/linux-bluetooth/1daf992897b3fcd3f69fb5c344c03c25590968e1.eml',
    'linux-mailinglist-archives/linux-bluetooth/8c80964785e56f1d1bddc0a45d41a688b746adc7.eml',
    'linux-mailinglist-archives/linux-bluetooth/f7ceb1fb84f624bfd838e92277a2f72bab8bbd13.eml',
  ])('decodes the raw 8-bit "ł" in the body of %s', (file) => {
    expect(fixture(file).mail.text).toContain('Michał');
  });

  it('decodes the windows-1250 typographic quotes of b97796d8', () => {
    expect(fixture('linux-mailinglist-archives/linux-bluetooth/b97796d8ac5d0a165635a1d25195e242a84b96c2.eml').mail.text).toMatch(
      /“classic[^”]*”/,
    );
  });

  it('decodes a windows-1250 encoded-word subject (php issue212)', () => {
    expect(fixture('php-mime-mail-parser/issue212').mail.subject).toMatch(/^Automatyczna odpowiedź: Piotrze, test z 6 miesięcy na/);
  });

  it('decodes a Czech RFC 2047 file name (webklex attachment_encoded_filename)', () => {
    expect(fixture('webklex-php-imap/attachment_encoded_filename.eml').mail.attachments.map((attachment) => attachment.filename)).toEqual([
      'Prostřeno_2014_poslední volné termíny.xls',
    ]);
  });

  it('decodes a Polish RFC 2231 file name (roundcube filename.eml)', () => {
    expect(fixture('roundcube/filename.eml').mail.attachments.map((attachment) => attachment.filename)).toContain('żółć.png');
  });
});

// ---------------------------------------------------------------------------------------------
// zbateson files/: the original attachments of the Hunnysoft samples (stalwart legacy/) and of
// zbateson's own messages.
// ---------------------------------------------------------------------------------------------

describe("zbateson's original attachment files", () => {
  const original = (name: string): string => sha256(readCorpus(`zbateson-mail-mime-parser/files/${name}`));
  const pairs: readonly [message: string, attachment: string, file: string][] = [
    ['stalwart-mail-parser/legacy/000.eml', 'redball.png', 'redball.png'],
    ['stalwart-mail-parser/legacy/006.eml', 'blueball.png', 'blueball.png'],
    ['stalwart-mail-parser/legacy/006.eml', 'redball.png', 'redball.png'],
    ['stalwart-mail-parser/legacy/015.eml', 'blueball.png', 'blueball.png'],
    ['stalwart-mail-parser/legacy/015.eml', 'greenball.png', 'greenball.png'],
    ['stalwart-mail-parser/legacy/015.eml', '2aa3ed95.png', 'blueball.png'],
    ['stalwart-mail-parser/legacy/015.eml', '2aa3edd1.png', 'redball.png'],
    ['stalwart-mail-parser/legacy/021.eml', 'blueball.png', 'blueball.png'],
    ['stalwart-mail-parser/legacy/021.eml', 'greenball.png', 'greenball.png'],
    ['stalwart-mail-parser/legacy/021.eml', 'redball.png', 'redball.png'],
    ['stalwart-mail-parser/legacy/031.eml', 'blueball.png', 'blueball.png'],
    ['stalwart-mail-parser/legacy/031.eml', 'redball.png', 'redball.png'],
    ['stalwart-mail-parser/legacy/035.eml', 'greenball.png', 'greenball.png'],
    ['stalwart-mail-parser/legacy/035.eml', 'redball.png', 'redball.png'],
    ['stalwart-mail-parser/legacy/035.eml', 'CTEMPnsmailEG.png', 'blueball.png'], // named "C:\TEMP\nsmailEG.png" by Netscape
    ['stalwart-mail-parser/legacy/035.eml', 'CTEMPnsmail39.png', 'redball.png'],
    ['stalwart-mail-parser/legacy/041.eml', 'redball.png', 'redball.png'],
    ['zbateson-mail-mime-parser/m0024.txt', 'Biodiversite de semaine en semaine.doc', 'Biodiversite de semaine en semaine.doc'],
    ['zbateson-mail-mime-parser/m4006.txt', 'winmail.dat', 'winmail.dat'],
  ];

  it.each(pairs)('%s: %s has the bytes of files/%s', (message, attachment, file) => {
    const found = fixture(message).mail.attachments.filter((candidate) => candidate.filename === attachment);
    expect(found).toHaveLength(1);
    expect(found[0]!.sha256).toBe(original(file));
  });

  // The texts of the fables are message bodies, in ISO-8859-1; compared after decoding.
  it.each([
    ['stalwart-mail-parser/legacy/003.eml', 'HasenundFrosche.txt'],
    ['stalwart-mail-parser/legacy/010.eml', 'HasenundFrosche.txt'],
    ['stalwart-mail-parser/legacy/012.eml', 'HasenundFrosche.txt'],
    ['stalwart-mail-parser/legacy/053.eml', 'HasenundFrosche.txt'],
    ['stalwart-mail-parser/legacy/021.eml', 'hareandtortoise.txt'],
    ['php-mime-mail-parser/m0016', 'HasenundFrosche.txt'],
    ['zbateson-mail-mime-parser/invalid-charset.txt', 'hareandtortoise.txt'],
  ])('%s: the text is files/%s', (message, file) => {
    const expected = readCorpus(`zbateson-mail-mime-parser/files/${file}`).toString('latin1').replace(/\r\n/g, '\n').trim();
    expect(fixture(message).mail.text.trim()).toBe(expected);
  });

  it('keeps the BinHex attachments of legacy/016 as BinHex (mailparser does not decode application/mac-binhex40)', () => {
    const found = fixture('stalwart-mail-parser/legacy/016.eml').mail.attachments;
    expect(found.map((attachment) => [attachment.filename, attachment.contentType])).toEqual([
      ['blueball.png', 'application/mac-binhex40'],
      ['HasenundFrösche.txt', 'application/mac-binhex40'],
    ]);
  });
});

// Other known facts about individual corpus messages.
describe('corpus specifics', () => {
  it('keeps attached messages whole as .eml named after their subject', () => {
    const { mail } = fixture('zammad/mail014.box');
    expect(mail.attachments.map((attachment) => [attachment.filename, attachment.origin])).toEqual([
      ['Neue Anfrage erstellt - 33284.eml', 'rfc822'],
      ['Call HW-Anforderung; Best-nr.47524152.eml', 'rfc822'],
    ]);
  });

  it('strips the path from webklex issue-414 file names', () => {
    expect(fixture('webklex-php-imap/issue-414.eml').mail.attachments.map((attachment) => attachment.filename)).toEqual([
      'MyFile.txt',
      'foo',
    ]);
  });

  it('keeps inline images with their Content-ID', () => {
    const image = fixture('zammad/mail009.box').mail.attachments[0]!;
    expect(image).toMatchObject({ filename: 'super-seven.jpg', inline: true, contentId: '485376C9-2486-4351-B932-E2010998F579@home' });
  });

  it('records that a declared JPEG is really a PNG (roundcube attachment-gh9443)', () => {
    const { mail } = fixture('roundcube/attachment-gh9443.eml');
    expect(mail.attachments[0]).toMatchObject({ contentType: 'image/jpeg', detectedType: 'image/png' });
  });

  it('returns bare message ids and the references in order', () => {
    const mail: ParsedMail = fixture('zammad/mail055.box').mail;
    expect(mail.messageId).not.toMatch(/[<>]/);
    for (const reference of mail.references) expect(reference).not.toMatch(/[<>\s]/);
  });
});
