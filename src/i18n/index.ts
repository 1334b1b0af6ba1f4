/**
 * A small typed i18n module rather than a library: the French catalog is the source of
 * truth, its keys and `{placeholders}` become types, so `t('key', { name })` is checked
 * at compile time and a missing English text does not compile. i18next and friends
 * would add runtime loading and plugins we do not need for two bundled languages.
 */
import { fr } from './fr.ts';
import { en } from './en.ts';
import type { Catalog, MessageKey, Messages, Plural } from './catalog-types.ts';

export type { Catalog, MessageKey, Messages, Plural } from './catalog-types.ts';

export const locales = ['fr', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'fr';

type Message = string | Plural;

type Placeholders<S> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;
type ParamNames<M> = M extends Plural ? Placeholders<M['one'] | M['other']> | 'count' : Placeholders<M>;
export type ParamsOf<K extends MessageKey> = {
  [P in ParamNames<Messages[K]>]: P extends 'count' ? number : string | number;
};
export type ParamArgs<K extends MessageKey> = [ParamNames<Messages[K]>] extends [never] ? [] : [ParamsOf<K>];

// Every French text must stay a literal type (no `'a' + 'b'`), or its placeholders would
// silently stop being checked: this line fails to compile, naming the offending key.
type WidenedKeys = { [K in MessageKey]: string extends Messages[K] ? K : never }[MessageKey];
export const frenchTextsAreLiterals: [WidenedKeys] extends [never] ? true : WidenedKeys = true;

const catalogs: Record<Locale, Catalog> = { fr, en };

export type Translate = <K extends MessageKey>(key: K, ...params: ParamArgs<K>) => string;

/** Texts and params as data, for replies built in the core and rendered later in the reader's language. */
export interface Text<K extends MessageKey = MessageKey> {
  key: K;
  params?: Record<string, string | number>;
}

export function catalog(locale: Locale): Catalog {
  return catalogs[locale];
}

export function format(locale: Locale, message: Message, params: Record<string, string | number> = {}): string {
  const template =
    typeof message === 'string'
      ? message
      : new Intl.PluralRules(locale).select(Number(params.count)) === 'one'
        ? message.one
        : message.other;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? value.toLocaleString(locale) : value;
  });
}

export function translator(locale: Locale): Translate {
  const messages = catalogs[locale];
  return (key, ...params) => format(locale, messages[key], params[0] as Record<string, string | number> | undefined);
}

/** Renders a Text built elsewhere (its params were checked where it was built). */
export function render(locale: Locale, text: Text): string {
  return format(locale, catalogs[locale][text.key], text.params);
}

/** Builds a Text with compile-time checked params. */
export function text<K extends MessageKey>(key: K, ...params: ParamArgs<K>): Text<K> {
  return params[0] ? { key, params: params[0] as Record<string, string | number> } : { key };
}

/**
 * Maps a platform or system locale ("fr-FR", "en-GB", "fr_CA.UTF-8") to one we speak;
 * anything else falls back, French by default.
 */
export function resolveLocale(tag: string | null | undefined, fallback: Locale = defaultLocale): Locale {
  const language = tag?.toLowerCase().split(/[-_.]/)[0];
  return (locales as readonly string[]).includes(language ?? '') ? (language as Locale) : fallback;
}
