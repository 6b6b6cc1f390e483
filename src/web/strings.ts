/** The chat page's and the embed button's own words, per language: the `page` part of locales/<locale>.json. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SUPPORTED_LOCALES, type Locale } from '../language/locale';

export interface PageStrings {
  title: string;
  automated: string;
  privacy: string;
  languageLabel: string;
  chatLabel: string;
  connecting: string;
  /** {{phones}} is replaced with the office's phone numbers. */
  failed: string;
  /** `failed` and `noscript` for an office that publishes no phone number. */
  failedNoPhone: string;
  retry: string;
  noscript: string;
  noscriptNoPhone: string;
  skipToChat: string;
  /** Label before the phone numbers, with its colon. */
  phone: string;
  /** Label before the website link, with its colon. */
  website: string;
  /** Footer note when the office publishes neither an address nor a phone number. */
  contactNotPublished: string;
  /** The floating button's default label and the panel's close button. */
  open: string;
  close: string;
  /** The send box's placeholder. */
  placeholder: string;
  /** The assistant's avatar initials (read out by screen readers), and its accessible name. */
  avatar: string;
  avatarLabel: string;
}

const KEYS: readonly (keyof PageStrings)[] = [
  'title',
  'automated',
  'privacy',
  'languageLabel',
  'chatLabel',
  'connecting',
  'failed',
  'failedNoPhone',
  'retry',
  'noscript',
  'noscriptNoPhone',
  'skipToChat',
  'phone',
  'website',
  'contactNotPublished',
  'open',
  'close',
  'placeholder',
  'avatar',
  'avatarLabel'
];

export const LOCALES_DIR = path.resolve(__dirname, '..', '..', 'locales');

interface LocaleFile {
  page?: Record<string, unknown>;
  languageNames?: Record<string, unknown>;
}

function readLocaleFile(locale: Locale, dir: string): LocaleFile {
  return JSON.parse(readFileSync(path.join(dir, `${locale}.json`), 'utf8')) as LocaleFile;
}

/** The page strings of every locale; a missing or empty one is an error at start, not a blank on the page. */
export function readPageStrings(dir = LOCALES_DIR): Record<Locale, PageStrings> {
  const result = {} as Record<Locale, PageStrings>;
  for (const locale of SUPPORTED_LOCALES) {
    const page = readLocaleFile(locale, dir).page ?? {};
    const strings = {} as PageStrings;
    for (const key of KEYS) {
      const value = page[key];
      if (typeof value !== 'string' || value === '')
        throw new Error(`locales/${locale}.json: page.${key} is missing`);
      strings[key] = value;
    }
    result[locale] = strings;
  }
  return result;
}

/** Names of the languages in themselves, for the language switch (the same in every locale file). */
export function readLanguageNames(dir = LOCALES_DIR): Record<Locale, string> {
  const names = readLocaleFile('en', dir).languageNames ?? {};
  const result = {} as Record<Locale, string>;
  for (const locale of SUPPORTED_LOCALES) {
    const name = names[locale];
    if (typeof name !== 'string' || name === '')
      throw new Error(`locales/en.json: languageNames.${locale} is missing`);
    result[locale] = name;
  }
  return result;
}

export const PAGE_STRINGS: Record<Locale, PageStrings> = readPageStrings();
export const LANGUAGE_NAMES: Record<Locale, string> = readLanguageNames();

/** Web Chat's own UI locale for each of ours (its strings for send box, timestamps, etc.). */
export const WEBCHAT_LOCALES: Record<Locale, string> = {
  en: 'en-US',
  'zh-Hans': 'zh-CN',
  'zh-Hant': 'zh-TW'
};
