/** The chat page's and the embed button's own words, per language: the `page` part of locales/<locale>.json. */
import { readLanguageNames, sharedLocales, type LocaleResources } from '../language/i18n';
import { SUPPORTED_LOCALES, type Locale } from '../language/locale';

export interface PageStrings {
  title: string;
  automated: string;
  privacy: string;
  languageLabel: string;
  chatLabel: string;
  connecting: string;
  /** Shown when the server ended the chat (idle, or to make room) and the page started a new one. */
  ended: string;
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
  /** Between the parts of the page title and of the footer (office name, address, phones). */
  partSeparator: string;
  /** Web Chat's own UI locale (its strings for the send button, timestamps, ...): en-US, zh-CN, zh-TW. */
  webChatLocale: string;
  /** Between the office's phone numbers (from `format.listSeparator`, as in answers and cards). */
  listSeparator: string;
}

const KEYS: readonly (keyof PageStrings)[] = [
  'title',
  'automated',
  'privacy',
  'languageLabel',
  'chatLabel',
  'connecting',
  'ended',
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
  'avatarLabel',
  'webChatLocale',
  'partSeparator'
];

/** The page strings of every locale; a missing or empty one is an error at start, not a blank on the page. */
export function readPageStrings(
  resources: LocaleResources = sharedLocales().resources
): Record<Locale, PageStrings> {
  const result = {} as Record<Locale, PageStrings>;
  for (const locale of SUPPORTED_LOCALES) {
    const file = resources[locale] as { page?: Record<string, unknown>; format?: Record<string, unknown> };
    const page = file.page ?? {};
    const strings = {} as PageStrings;
    for (const key of KEYS) {
      const value = page[key];
      if (typeof value !== 'string' || value === '')
        throw new Error(`locales/${locale}.json: page.${key} is missing`);
      strings[key] = value;
    }
    const separator = file.format?.listSeparator;
    if (typeof separator !== 'string' || separator === '')
      throw new Error(`locales/${locale}.json: format.listSeparator is missing`);
    strings.listSeparator = separator;
    result[locale] = strings;
  }
  return result;
}

export const PAGE_STRINGS: Record<Locale, PageStrings> = readPageStrings();
export const LANGUAGE_NAMES: Record<Locale, string> = readLanguageNames();
