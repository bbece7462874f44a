import { afterEach, describe, expect, it } from 'vitest';
import { cs as serverMessages, type ErrorCode } from '../../functions/shared/messages.cs';
import { ApiError } from '../../web/src/api';
import { errorText, problemsFromError } from '../../web/src/error-text';
import { setLang } from '../../web/src/i18n/index';
import { passwordTooShort } from '../../web/src/validation';

/** Letters of Czech that English has not; the English portal too calls the company ID "IČ". */
const CZECH = /[áčďéěíňóřšťúůýž]/iu;
const czechIn = (text: string) => CZECH.test(text.replace(/IČO?/g, ''));

const codes = Object.keys(serverMessages.errors) as ErrorCode[];
const answer = (code: string, message: string) => new ApiError(400, code, message);

describe('portal error texts', () => {
  afterEach(() => setLang('cs'));

  it("word every error code of the client API in English, never with the server's Czech message", () => {
    setLang('en');
    const worded = codes.map((code) => [code, errorText(answer(code, serverMessages.errors[code as ErrorCode]))]);
    expect(worded.filter(([, text]) => czechIn(text!))).toEqual([]);
  });

  it("word every error code of the client API in Czech with the portal's own text, not the server's", () => {
    const worded = codes.map((code) => [code, errorText(answer(code, 'zpráva serveru'))]);
    expect(worded.filter(([, text]) => text === 'zpráva serveru')).toEqual([]);
  });

  it("fall back to the server's message for a code the portal does not know", () => {
    setLang('en');
    expect(errorText(answer('brand_new_refusal', 'Nový důvod odmítnutí.'))).toBe('Nový důvod odmítnutí.');
  });

  it('word a weak_password refusal by its reason at the new-password field, in English and in Czech', () => {
    const reasons = ['too_short', 'repeated', 'personal', 'guessable'];
    const form = { hasField: (name: string) => name === 'newPassword' };
    const texts = new Map<string, string>();
    for (const l of ['cs', 'en'] as const) {
      setLang(l);
      for (const reason of reasons) {
        const refusal = new ApiError(
          400,
          'weak_password',
          serverMessages.errors.weak_password,
          { newPassword: 'zpráva serveru' },
          undefined,
          reason,
        );
        const [problem, ...more] = problemsFromError(refusal, form);
        expect(more).toEqual([]);
        expect(problem!.field).toBe('newPassword');
        expect(problem!.message).not.toBe('zpráva serveru');
        expect(czechIn(problem!.message)).toBe(l === 'cs');
        texts.set(`${l}:${reason}`, problem!.message);
      }
    }
    expect(new Set(texts.values()).size).toBe(8);
  });
});

describe('portal password check', () => {
  it('counts the 10 characters as the server does: code points of the NFC form after trimming', () => {
    expect(passwordTooShort(' '.repeat(10))).toBe(true);
    expect(passwordTooShort(`  ${'žluťoučký'.normalize('NFD')}  `)).toBe(true);
    expect(passwordTooShort('\u00a0 abcdefghi \u3000')).toBe(true);
    expect(passwordTooShort('modrý pták')).toBe(false);
    expect(passwordTooShort('😀'.repeat(10))).toBe(false);
  });
});
