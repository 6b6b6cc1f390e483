/**
 * The topic menu (welcome, "help") and the language buttons, driven by the knowledge: a topic button is
 * shown only when the knowledge has entries for it. Pure.
 */
import type { KnowledgeBase, KnowledgeEntry } from '../knowledge/types';
import { SUPPORTED_LOCALES, type Locale } from '../language/locale';
import type { Translate } from '../language/i18n';
import { LANGUAGE_BUTTON_TITLES } from './languageSwitch';
import { isOptionNumber, pickOption, type EntryOfferedVia, type Option } from './options';

/** Menu topics, in menu order: knowledge `topic` -> string key of the button title. */
export const MENU_TOPICS: readonly { topic: string; key: string }[] = [
  { topic: 'passports', key: 'topics.passports' },
  { topic: 'visas', key: 'topics.visas' },
  { topic: 'overseas-chinese', key: 'topics.overseasChinese' },
  { topic: 'donations', key: 'topics.donations' }
];

/** Most questions a topic button lists at once; the user can always type their own. */
export const MAX_TOPIC_QUESTIONS = 8;

export function entryTitle(entry: KnowledgeEntry, locale: Locale): string {
  return entry.questions[locale][0] ?? entry.questions.en[0] ?? entry.questions['zh-Hans'][0] ?? entry.id;
}

export function answerOption(entry: KnowledgeEntry, locale: Locale, via: EntryOfferedVia): Option {
  return { title: entryTitle(entry, locale), value: { action: 'answer', entryId: entry.id, via } };
}

export function topicEntries(knowledge: Pick<KnowledgeBase, 'entries'>, topic: string): KnowledgeEntry[] {
  return knowledge.entries.filter((entry) => entry.topic === topic);
}

export function languageOptions(): Option[] {
  return SUPPORTED_LOCALES.map((locale) => ({
    title: LANGUAGE_BUTTON_TITLES[locale],
    value: { action: 'language', locale }
  }));
}

/** Topic buttons (those with entries), "Contact us", then the language switch. */
export function menuOptions(
  knowledge: Pick<KnowledgeBase, 'entries'>,
  locale: Locale,
  t: Translate
): Option[] {
  const topics: Option[] = MENU_TOPICS.filter(({ topic }) => topicEntries(knowledge, topic).length > 0).map(
    ({ topic, key }) => ({ title: t(locale, key), value: { action: 'topic', topic } })
  );
  return [
    ...topics,
    { title: t(locale, 'topics.contact'), value: { action: 'contact' } },
    ...languageOptions()
  ];
}

/** The title of a menu topic in a locale, or undefined for a topic not on the menu. */
export function topicTitle(topic: string, locale: Locale, t: Translate): string | undefined {
  const item = MENU_TOPICS.find((m) => m.topic === topic);
  return item ? t(locale, item.key) : undefined;
}

/**
 * A menu button's title typed as the whole message, in any of our languages ("联系我们", "Contact us",
 * "護照"): the option that button is, so typing it does what the button does. Undefined otherwise.
 */
export function typedMenuOption(
  text: string,
  knowledge: Pick<KnowledgeBase, 'entries'>,
  t: Translate
): Option | undefined {
  // A number picks from a list the user was shown, never from this menu.
  if (text.length > 40 || isOptionNumber(text)) return undefined;
  for (const locale of SUPPORTED_LOCALES) {
    const picked = pickOption(
      text,
      menuOptions(knowledge, locale, t).filter((o) => o.value.action !== 'language')
    );
    if (picked) return picked;
  }
  return undefined;
}
