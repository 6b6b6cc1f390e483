/** The bot's languages and how a user's language is chosen. Pure functions, no I/O. */

export const SUPPORTED_LOCALES = ['en', 'zh-Hans', 'zh-Hant'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** Locales staff must write; zh-Hant is generated from zh-Hans when missing. */
export const AUTHORED_LOCALES: readonly Locale[] = ['en', 'zh-Hans'];

export function isSupportedLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/**
 * Maps a BCP-47 tag from a channel or browser ("zh-CN", "zh-TW", "zh-HK", "en-US", "zh-Hant-TW")
 * to one of our locales, or undefined when it is none of our languages.
 */
export function normalizeLocale(tag: unknown): Locale | undefined {
  // Channels send anything in `locale`; only text can name a language.
  if (typeof tag !== 'string' || !tag) return undefined;
  const lower = tag.trim().toLowerCase().replace(/_/g, '-');
  if (lower === '') return undefined;
  const parts = lower.split('-');
  if (parts[0] === 'en') return 'en';
  if (parts[0] !== 'zh' && parts[0] !== 'yue' && parts[0] !== 'cmn') return undefined;
  if (parts.includes('hant') || parts.some((p) => p === 'tw' || p === 'hk' || p === 'mo')) return 'zh-Hant';
  return 'zh-Hans';
}

/** The Chinese or English script a text is written in, as far as the text alone can tell. */
export type TextScript = 'en' | 'zh-Hans' | 'zh-Hant' | 'zh' | 'unsupported' | 'none';

export interface LocaleInputs {
  /** Language the user chose explicitly (button or command), remembered per user. */
  explicit?: Locale;
  /** Script detected in the message text. */
  script: TextScript;
  /** The channel's `activity.locale`. */
  channelLocale?: unknown;
  defaultLocale: Locale;
}

/**
 * Explicit choice > script of the text > channel locale > default. An explicit choice of English or
 * Chinese is kept whatever the user types, but within Chinese the script typed decides: a user who
 * chose 简体中文 and writes in Traditional is answered in Traditional (and the other way round).
 * Chinese text whose characters exist in both scripts keeps a Chinese channel locale's variant.
 */
export function resolveLocale({ explicit, script, channelLocale, defaultLocale }: LocaleInputs): Locale {
  if (explicit === 'zh-Hans' && script === 'zh-Hant') return script;
  if (explicit === 'zh-Hant' && script === 'zh-Hans') return script;
  if (explicit) return explicit;
  const channel = normalizeLocale(channelLocale);
  switch (script) {
    case 'en':
    case 'zh-Hans':
    case 'zh-Hant':
      return script;
    case 'zh':
      if (channel === 'zh-Hans' || channel === 'zh-Hant') return channel;
      return defaultLocale === 'en' ? 'zh-Hans' : defaultLocale;
    case 'unsupported':
      return defaultLocale;
    case 'none':
      return channel ?? defaultLocale;
  }
}
