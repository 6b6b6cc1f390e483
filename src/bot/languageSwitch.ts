/** Recognises a request to change the reply language ("English", "中文", "繁體", "switch to English"). Pure. */
import { readLanguageNames } from '../language/i18n';
import type { Locale } from '../language/locale';
import { normalizeCommandText } from './commands';

/** 'zh' when the user asked for Chinese without saying which script. */
export type LanguageRequest = Locale | 'zh';

/**
 * Titles of the language buttons (each language's `languageName` in locales/); typing one selects it,
 * as the button does. Stable: clients rely on them.
 */
export const LANGUAGE_BUTTON_TITLES: Record<Locale, string> = readLanguageNames();

const NAMES: Record<LanguageRequest, readonly string[]> = {
  en: ['english', 'en', 'eng', '英文', '英语', '英語'],
  'zh-Hans': [
    '简体',
    '简体中文',
    '简体字',
    '简中',
    'simplified',
    'simplified chinese',
    'zh-hans',
    'zh-cn',
    '簡體',
    '簡體中文'
  ],
  'zh-Hant': [
    '繁體',
    '繁体',
    '繁體中文',
    '繁体中文',
    '繁體字',
    '繁体字',
    '正體中文',
    'traditional',
    'traditional chinese',
    'zh-hant',
    'zh-tw',
    'zh-hk'
  ],
  zh: ['中文', 'chinese', '汉语', '漢語', '华语', '華語', '普通话', '普通話', '国语', '國語', 'zh']
};

const LOOKUP = new Map<string, LanguageRequest>([
  ...(Object.keys(NAMES) as LanguageRequest[]).flatMap((locale) =>
    NAMES[locale].map((name) => [name, locale] as const)
  ),
  ...(Object.entries(LANGUAGE_BUTTON_TITLES) as [Locale, string][]).map(
    ([locale, title]) => [normalizeCommandText(title), locale] as const
  )
]);

// "switch to English", "in English please", "切换到中文", "请用繁体中文", "說英文", ...
const WRAPPERS: readonly RegExp[] = [
  /^(?:please )?(?:switch|change)(?: the)?(?: language)? (?:to|into) (.+?)(?: please)?$/,
  /^(?:please )?(?:answer|reply|speak|talk)?(?: to me)? ?in (.+?)(?: please)?$/,
  /^(?:language:? )(.+)$/,
  /^(.+?),? please$/,
  /^(?:请|請)?(?:切换|切換|换|換|改)(?:成|到|为|為)?(.+?)(?:吧)?$/,
  /^(?:请|請)?(?:用|说|說|讲|講)(.+?)(?:回答|回复|回覆)?(?:吧)?$/
];

/** The language a whole message asks for, or undefined when the message is something else. */
export function parseLanguageRequest(text: string): LanguageRequest | undefined {
  const normalized = normalizeCommandText(text);
  const direct = LOOKUP.get(normalized);
  if (direct) return direct;
  for (const wrapper of WRAPPERS) {
    const inner = wrapper.exec(normalized)?.[1]?.trim();
    const found = inner ? LOOKUP.get(inner) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** Turns "Chinese" into a script: keep the Traditional the user already reads, otherwise Simplified. */
export function requestedLocale(request: LanguageRequest, current: Locale): Locale {
  if (request !== 'zh') return request;
  return current === 'zh-Hant' ? 'zh-Hant' : 'zh-Hans';
}
