import fc from 'fast-check';
import { dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { describe, expect, it } from 'vitest';
import { generateTemporaryPassword } from '../../functions/core/accounts/passwords';
import { passwordLength, passwordProblem, type PasswordContext } from '../../functions/core/accounts/password-rules';

/**
 * The rules for a password a person chooses (NIST SP 800-63B §3.1.1.2): at least 10 characters
 * after trimming, counted as code points of the NFC form; no password that is one character over
 * and over, that is common or easily guessed, or that contains the IČO, the company's name or an
 * e-mail of the account; no composition rules.
 */
const company: PasswordContext = { ico: '27082440', companyName: 'Žluťoučký Kůň s.r.o.', emails: ['jana.novakova@kun.cz', 'info@kun.cz'] };
const strong = 'korektni kun baterie sponka';

const whitespace = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u3000'), maxLength: 4 });

describe('password rules: examples', () => {
  it('refuses the passwords of the defect: ten spaces, 1111111111, aaaaaaaaaa', async () => {
    expect(await passwordProblem(' '.repeat(10))).toBe('too_short');
    expect(await passwordProblem('1111111111')).toBe('repeated');
    expect(await passwordProblem('aaaaaaaaaa')).toBe('repeated');
  });

  it('counts code points of the NFC form after trimming, so a Czech letter typed as two code points counts once', async () => {
    const nineLetters = 'žluťoučký'; // 9 letters
    expect(passwordLength(nineLetters.normalize('NFD'))).toBe(9);
    expect(await passwordProblem(`  ${nineLetters.normalize('NFD')}  `)).toBe('too_short');
    expect(passwordLength('😀'.repeat(10))).toBe(10);
    expect(passwordLength('  ab  cd  ')).toBe(6);
  });

  it('refuses one character over and over whatever its case, and a short group over and over', async () => {
    expect(await passwordProblem('AaAaAaAaAaAa')).toBe('repeated');
    expect(await passwordProblem('ŽžŽžŽžŽžŽžŽž')).toBe('repeated');
    expect(await passwordProblem('abababababab')).toBe('repeated');
    expect(await passwordProblem('hesloHESLOheslo')).toBe('repeated');
    expect(await passwordProblem('heslo heslo heslo')).toBe('repeated');
    expect(await passwordProblem('ab-ab-ab-ab-ab')).toBe('repeated');
  });

  it('refuses common and easily guessed passwords, Czech ones included', async () => {
    for (const p of [
      'password123',
      'heslo12345',
      'qwertzuiop',
      '1234567890',
      'abcdefghijkl',
      'Heslo123456',
      'iloveyou12',
      'jahoda123456',
    ]) {
      expect(await passwordProblem(p), p).toBe('guessable');
    }
  });

  it('refuses a password holding the IČO, the company name (any case, with or without diacritics) or an e-mail', async () => {
    expect(await passwordProblem('moje-heslo-27082440', company)).toBe('personal');
    expect(await passwordProblem('moje heslo 2708 2440', company)).toBe('personal');
    expect(await passwordProblem('zlutoucky-stul-na-dvore', company)).toBe('personal');
    expect(await passwordProblem('ŽLUŤOUČKÝ stůl na dvoře', company)).toBe('personal');
    expect(await passwordProblem('jana.novakova zelená louka', company)).toBe('personal');
    expect(await passwordProblem('novakova-zelena-louka-7', company)).toBe('personal');
    expect(await passwordProblem('jana.novakova@kun.cz', company)).toBe('personal');
    // Parts shorter than 4 characters (kůň, s.r.o., kun.cz's "kun") are not refused on their own.
    expect(await passwordProblem('kun sro modra obloha nad poli', company)).toBeNull();
  });

  it("refuses a staff member's own name and e-mail", async () => {
    const staff = { personName: 'Petr Dvořák', emails: ['petr.dvorak@softech.cz'] };
    expect(await passwordProblem('dvorak-modra-obloha-nad-poli', staff)).toBe('personal');
    expect(await passwordProblem('PetrDvorak-modra-obloha', staff)).toBe('personal');
    expect(await passwordProblem(strong, staff)).toBeNull();
  });

  it('accepts a long passphrase of unrelated words, with no composition rules', async () => {
    for (const p of [
      strong,
      'demo-heslo-2026',
      'nove-dlouhe-heslo',
      'uplne-nove-heslo-2026',
      'modrý pták zpívá u řeky',
      'trojúhelník pod mostem',
    ]) {
      expect(await passwordProblem(p, company), p).toBeNull();
    }
  });

  it('keeps the rules on the password as typed only for counting: inner spaces count, outer ones do not', async () => {
    expect(await passwordProblem(`   ${strong}   `)).toBeNull();
  });
});

describe('password rules: properties', () => {
  it('refuses everything shorter than 10 code points after NFC and trimming, and nothing longer for its length', async () => {
    await fc.assert(
      fc.asyncProperty(whitespace, fc.string({ unit: 'binary', maxLength: 14 }), whitespace, async (before, core, after) => {
        const password = before + core + after;
        const short = [...password.normalize('NFC').trim()].length < 10;
        expect((await passwordProblem(password)) === 'too_short').toBe(short);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses any one character repeated, however often, in any case, with any whitespace around', async () => {
    await fc.assert(
      fc.asyncProperty(
        whitespace,
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        fc.integer({ min: 10, max: 300 }),
        fc.array(fc.boolean(), { minLength: 300, maxLength: 300 }),
        whitespace,
        async (before, char, times, upper, after) => {
          const body = Array.from({ length: times }, (_, i) => (upper[i] ? char.toUpperCase() : char.toLowerCase())).join('');
          expect(await passwordProblem(before + body + after)).toMatch(/^(repeated|too_short)$/);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses a group of two or three characters repeated to any length', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme-ascii', minLength: 2, maxLength: 3 }),
        fc.integer({ min: 5, max: 40 }),
        async (group, times) => {
          expect(await passwordProblem(group.repeat(times))).not.toBeNull();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses the most common passwords of 10 or more characters, as typed, capitalised or in capitals', async () => {
    const common = commonDictionary['passwords-common'].filter((p) => p.trim().length >= 10);
    expect(common.length).toBeGreaterThan(1000);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...common), fc.constantFrom('as is', 'capitalised', 'capitals'), async (p, form) => {
        const typed = form === 'capitals' ? p.toUpperCase() : form === 'capitalised' ? p[0]!.toUpperCase() + p.slice(1) : p;
        expect(await passwordProblem(typed)).not.toBeNull();
      }),
      { numRuns: 150 },
    );
  });

  it("refuses any password that holds the account's IČO, wherever it stands and however it is spaced", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^\d{8}$/),
        fc.nat({ max: strong.length }),
        fc.constantFrom('', ' ', '-'),
        async (ico, at, gap) => {
          const spaced = `${ico.slice(0, 4)}${gap}${ico.slice(4)}`;
          expect(await passwordProblem(strong.slice(0, at) + spaced + strong.slice(at), { ico })).toBe('personal');
        },
      ),
      { numRuns: 100 },
    );
  });

  it("refuses any password that holds a word of the company name (4+ letters) or an e-mail's local part, in any case and without diacritics", async () => {
    const word = fc.string({ unit: fc.constantFrom(...'abcčdďeéěfghiíjklmnňoópqrřsštťuúůvwxyýzž'), minLength: 4, maxLength: 12 });
    const strip = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');
    await fc.assert(
      fc.asyncProperty(word, fc.constantFrom('name', 'email'), fc.constantFrom('lower', 'upper', 'stripped'), async (w, where, form) => {
        const context: PasswordContext = where === 'name' ? { companyName: `${w} s.r.o.` } : { emails: [`${w}@example.cz`] };
        const typed = form === 'upper' ? w.toUpperCase() : form === 'stripped' ? strip(w) : w;
        expect(await passwordProblem(`${typed} ${strong}`, context)).toBe('personal');
      }),
      { numRuns: 100 },
    );
  });

  it('lets every temporary password the system generates pass the rules', async () => {
    for (let i = 0; i < 100; i++) {
      const p = generateTemporaryPassword();
      expect(await passwordProblem(p, company), p).toBeNull();
    }
  });
});
