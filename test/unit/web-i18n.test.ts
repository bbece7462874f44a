import { afterEach, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../web/src/catalog';
import { cs } from '../../web/src/i18n/cs';
import { en } from '../../web/src/i18n/en';
import { plural, setLang, t } from '../../web/src/i18n/index';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('portal translations', () => {
  afterEach(() => setLang('cs'));

  it('have the same keys in Czech and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(cs).sort());
  });

  it('have no empty strings', () => {
    for (const dict of [cs, en]) {
      for (const [key, value] of Object.entries(dict)) expect(value.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(cs) as (keyof typeof cs)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(cs[key]));
    }
  });

  it('label every API category', () => {
    for (const category of CATEGORIES) {
      expect(cs).toHaveProperty(`category.${category}`);
    }
  });

  it('use the service wording of docs/wording.md in Czech', () => {
    expect(cs['ico.label']).toBe('IČ');
    expect(cs['ico.hint']).toContain('dříve IČO');
    expect(cs['new.details']).toBe('Podrobnější specifikace zadání (max. 8000 znaků)');
    expect(cs['new.email']).toBe('E-mail pro komunikaci v této věci');
    expect(cs['category.webspace-access']).toBe('změna přístupů ke správě webového prostoru');
  });

  it('picks Czech plural forms for 1, 2–4 and 5+', () => {
    expect(plural('new.remaining', 1)).toBe('Zbývá 1 znak');
    expect(plural('new.remaining', 3)).toBe('Zbývají 3 znaky');
    expect(plural('new.remaining', 0)).toBe('Zbývá 0 znaků');
    expect(plural('new.remaining', 8000)).toBe('Zbývá 8\u00a0000 znaků');
  });

  it('switches language for every message', () => {
    setLang('en');
    expect(t('login.submit')).toBe('Log in');
    expect(plural('new.over', 1)).toBe('1 character too many');
  });
});
