/**
 * Every user-visible string, from locales/<locale>.json through i18next: the bot's replies, the words
 * generated into answers (opening hours, lists), the chat page's and the language buttons' titles.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import i18next, { type i18n, type TFunction } from 'i18next';
import { SUPPORTED_LOCALES, type Locale } from './locale';

export type Translate = (locale: Locale, key: string, values?: Record<string, unknown>) => string;

export type LocaleResources = Record<Locale, Record<string, unknown>>;

export function readLocaleResources(localesDir: string): LocaleResources {
  const resources = {} as LocaleResources;
  for (const locale of SUPPORTED_LOCALES) {
    const file = path.join(localesDir, `${locale}.json`);
    resources[locale] = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  }
  return resources;
}

/** A synchronous translator; a key missing in one locale falls back to English rather than showing the key. */
export function createTranslator(resources: LocaleResources): Translate {
  const instance: i18n = i18next.createInstance();
  void instance.init({
    resources: Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l, { translation: resources[l] }])),
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...SUPPORTED_LOCALES],
    // Our keys are exact BCP-47 script tags; stop i18next from trying "zh" alone.
    load: 'currentOnly',
    nonExplicitSupportedLngs: false,
    interpolation: { escapeValue: false },
    initAsync: false
  });
  const fixed = new Map<Locale, TFunction>(SUPPORTED_LOCALES.map((l) => [l, instance.getFixedT(l)]));
  // i18next's lookup and interpolation cost more than the rest of a turn's reply building; the
  // resources never change after start, so results are remembered (least recently used dropped).
  const memo = new LRUCache<string, string>({ max: 2000 });
  return (locale, key, values) => {
    const memoKey =
      values === undefined ? `${locale}\u0000${key}` : `${locale}\u0000${key}\u0000${JSON.stringify(values)}`;
    let text = memo.get(memoKey);
    if (text === undefined) {
      text = fixed.get(locale)!(key, values ?? {}) as string;
      memo.set(memoKey, text);
    }
    return text;
  };
}

export const DEFAULT_LOCALES_DIR = path.resolve(__dirname, '..', '..', 'locales');

let shared: { resources: LocaleResources; translate: Translate } | undefined;

/** The shipped locales/ files, read once, for the parts that are not handed a translator (knowledge, page). */
export function sharedLocales(): { resources: LocaleResources; translate: Translate } {
  if (!shared) {
    const resources = readLocaleResources(DEFAULT_LOCALES_DIR);
    shared = { resources, translate: createTranslator(resources) };
  }
  return shared;
}

/** The one translator over the shipped locales/ files. */
export const localeText: Translate = (locale, key, values) => sharedLocales().translate(locale, key, values);

/**
 * Each language's name in itself ("English", "简体中文", "繁體中文"), from its own locale file's
 * `languageName`: the language buttons' titles, what typing them selects, and the page's language links.
 */
export function readLanguageNames(
  resources: LocaleResources = sharedLocales().resources
): Record<Locale, string> {
  const names = {} as Record<Locale, string>;
  for (const locale of SUPPORTED_LOCALES) {
    const name = resources[locale].languageName;
    if (typeof name !== 'string' || name.trim() === '')
      throw new Error(`locales/${locale}.json: languageName is missing`);
    names[locale] = name;
  }
  return names;
}
