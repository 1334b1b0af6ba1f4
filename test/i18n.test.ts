import { describe, expect, it } from 'vitest';
import { catalog, format, locales, render, resolveLocale, text, translator, type Plural } from '../src/i18n/index.ts';

const placeholders = (message: string | Plural) =>
  [
    ...new Set(
      [...(typeof message === 'string' ? message : `${message.one} ${message.other}`).matchAll(/\{(\w+)\}/g)].map(
        (m) => m[1],
      ),
    ),
  ].sort();

describe('catalogs', () => {
  const fr = catalog('fr');

  it.each(locales)('%s has every key of the other languages, and no empty text', (locale) => {
    const keys = Object.keys(catalog(locale)).sort();
    for (const other of locales) expect(keys).toEqual(Object.keys(catalog(other)).sort());
    for (const [key, message] of Object.entries(catalog(locale)) as [string, string | Plural][]) {
      expect(typeof message === 'string' ? message.trim() : message.one.trim() && message.other.trim(), key).not.toBe(
        '',
      );
    }
  });

  it('uses the same placeholders and plural forms in English as in French', () => {
    const en = catalog('en');
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
      expect(typeof en[key], key).toBe(typeof fr[key]);
    }
  });
});

describe('translator', () => {
  it('speaks French by default and fills placeholders', () => {
    const t = translator(resolveLocale(undefined));
    expect(t('startup.error.unexpected', { reason: 'boum' })).toBe('Marraine n’a pas pu démarrer : boum');
    expect(translator('en')('startup.error.unexpected', { reason: 'boom' })).toBe('Marraine could not start: boom');
  });

  it('chooses the plural form from the count, per language rules', () => {
    // French counts 0 and 1 as singular; English only 1.
    const forms = { one: '{count} marraine', other: '{count} marraines' };
    expect(format('fr', forms, { count: 0 })).toBe('0 marraine');
    expect(format('fr', forms, { count: 1 })).toBe('1 marraine');
    expect(format('fr', forms, { count: 2 })).toBe('2 marraines');
    expect(format('en', { one: '{count} mentor', other: '{count} mentors' }, { count: 0 })).toBe('0 mentors');
  });

  it('formats numbers the way each language writes them', () => {
    expect(format('fr', '{n}', { n: 12345 })).toBe('12\u202f345');
    expect(format('en', '{n}', { n: 12345 })).toBe('12,345');
  });

  it('renders a text built elsewhere in the reader’s language', () => {
    const built = text('config.invalid.choice', { options: 'fr, en' });
    expect(render('fr', built)).toBe('doit valoir l’une de ces valeurs : fr, en.');
    expect(render('en', built)).toBe('must be one of: fr, en.');
  });

  it('checks keys and parameters at compile time', () => {
    const t = translator('fr');
    // @ts-expect-error a key that does not exist
    expect(() => t('nope.missing')).toThrow();
    // @ts-expect-error a missing parameter
    expect(t('startup.error.unexpected')).toContain('{reason}');
  });
});

describe('resolveLocale', () => {
  it.each([
    ['fr-FR', 'fr'],
    ['fr_CA.UTF-8', 'fr'],
    ['en-GB', 'en'],
    ['EN-us', 'en'],
    ['de', 'fr'],
    ['', 'fr'],
    [null, 'fr'],
  ] as const)('maps %s to %s', (tag, expected) => {
    expect(resolveLocale(tag)).toBe(expected);
  });

  it('falls back to the given language when the tag is unknown', () => {
    expect(resolveLocale('pt-BR', 'en')).toBe('en');
  });
});
