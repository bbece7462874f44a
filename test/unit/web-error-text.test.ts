import { afterEach, describe, expect, it } from 'vitest';
import { cs as serverMessages, type ErrorCode } from '../../functions/shared/messages.cs';
import { ApiError } from '../../web/src/api';
import { errorText } from '../../web/src/error-text';
import { setLang } from '../../web/src/i18n/index';

/** Letters of Czech that English has not; the English portal too calls the company ID "IČ". */
const CZECH = /[áčďéěíňóřšťúůýž]/iu;
const czechIn = (text: string) => CZECH.test(text.replace(/IČO?/g, ''));

const codes = Object.keys(serverMessages.errors) as ErrorCode[];
const answer = (code: string, message: string) => new ApiError(400, code, message);

describe('portal error texts', () => {
  afterEach(() => setLang('cs'));

  it('word every error code of the client API in English, never with the server\'s Czech message', () => {
    setLang('en');
    const worded = codes.map((code) => [code, errorText(answer(code, serverMessages.errors[code as ErrorCode]))]);
    expect(worded.filter(([, text]) => czechIn(text!))).toEqual([]);
  });

  it('word every error code of the client API in Czech with the portal\'s own text, not the server\'s', () => {
    const worded = codes.map((code) => [code, errorText(answer(code, 'zpráva serveru'))]);
    expect(worded.filter(([, text]) => text === 'zpráva serveru')).toEqual([]);
  });

  it('fall back to the server\'s message for a code the portal does not know', () => {
    setLang('en');
    expect(errorText(answer('brand_new_refusal', 'Nový důvod odmítnutí.'))).toBe('Nový důvod odmítnutí.');
  });
});
