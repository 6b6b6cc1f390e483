/**
 * What the bot says, as channel-neutral reply models (text in Markdown, options, contact card).
 * Pure: no state, no I/O. render.ts turns a model into an activity for a channel.
 */
import type { KnowledgeBase, KnowledgeEntry, SmallTalkIntent } from '../knowledge/types';
import type { Locale } from '../language/locale';
import type { ContactDetails } from './contactCard';
import type { Translate } from '../language/i18n';
import { answerOption, MAX_TOPIC_QUESTIONS, menuOptions } from './menu';
import type { Option } from './options';

export interface Reply {
  /** Markdown. */
  text: string;
  options?: Option[];
  contact?: ContactDetails;
}

export { entryTitle } from './menu';
export { isChooseEntryValue, type ChooseEntryValue } from './options';

export function textReply(text: string): Reply {
  return { text };
}

export function welcomeReply(knowledge: KnowledgeBase, locale: Locale, t: Translate): Reply {
  return {
    text: `${t(locale, 'welcome', { office: knowledge.office.name[locale] })}\n\n${t(locale, 'privacyNote')}`,
    options: menuOptions(knowledge, locale, t)
  };
}

/** The topic menu under an intro line (help command, language change, unsupported language). */
export function menuReply(knowledge: KnowledgeBase, intro: string, locale: Locale, t: Translate): Reply {
  return { text: intro, options: menuOptions(knowledge, locale, t) };
}

export function feedbackOptions(entry: KnowledgeEntry, locale: Locale, t: Translate): Option[] {
  return [
    {
      title: t(locale, 'feedback.helpful'),
      value: { action: 'feedback', entryId: entry.id, value: 'helpful' },
      aliases: ['👍']
    },
    {
      title: t(locale, 'feedback.notHelpful'),
      value: { action: 'feedback', entryId: entry.id, value: 'not-helpful' },
      aliases: ['👎']
    }
  ];
}

/**
 * An answer: the entry's text, its provenance in small print, follow-ups, "or did you mean" for
 * close runners-up (the matcher's alternatives), and "Was this helpful?".
 */
export function answerReply(
  entry: KnowledgeEntry,
  knowledge: Pick<KnowledgeBase, 'byId'>,
  locale: Locale,
  t: Translate,
  contact?: ContactDetails,
  alternatives: readonly KnowledgeEntry[] = []
): Reply {
  const provenance = t(locale, 'provenance', { source: entry.source[locale], reviewed: entry.reviewed });
  const followups = entry.followups
    .map((id) => knowledge.byId.get(id))
    .filter((e): e is KnowledgeEntry => e !== undefined)
    .map((e) => answerOption(e, locale, 'followup'));
  const others = alternatives
    .filter((e) => e.id !== entry.id && !entry.followups.includes(e.id))
    .map((e) => answerOption(e, locale, 'suggestion'));
  const orDidYouMean = others.length > 0 ? `\n\n${t(locale, 'orDidYouMean')}` : '';
  return {
    text: `${entry.answer[locale]}\n\n_${provenance}_${orDidYouMean}\n\n${t(locale, 'feedback.question')}`,
    options: [...followups, ...others, ...feedbackOptions(entry, locale, t)],
    contact
  };
}

/** "Did you mean ...": the candidates' question titles; each button carries its entry id. */
export function suggestionReply(entries: readonly KnowledgeEntry[], locale: Locale, t: Translate): Reply {
  return {
    text: t(locale, 'suggestIntro'),
    options: entries.map((e) => answerOption(e, locale, 'suggestion'))
  };
}

/** The questions of one topic, for a topic button. */
export function topicReply(
  title: string,
  entries: readonly KnowledgeEntry[],
  locale: Locale,
  t: Translate
): Reply {
  const shown = entries.slice(0, MAX_TOPIC_QUESTIONS);
  return {
    text: t(locale, shown.length < entries.length ? 'topic.introSome' : 'topic.intro', { topic: title }),
    options: shown.map((e) => answerOption(e, locale, 'topic'))
  };
}

/** No answer: an apology, the contact card, and the menu, so the user always has a way on. */
export function noMatchReply(
  contact: ContactDetails,
  knowledge: Pick<KnowledgeBase, 'entries'>,
  locale: Locale,
  t: Translate
): Reply {
  return { text: t(locale, 'noMatch'), contact, options: menuOptions(knowledge, locale, t) };
}

/** A greeting, thanks, goodbye or "who are you": a short answer in kind, and the menu (not after goodbye). */
export function smallTalkReply(
  intent: Exclude<SmallTalkIntent, 'human' | 'complaint'>,
  knowledge: Pick<KnowledgeBase, 'entries' | 'office'>,
  locale: Locale,
  t: Translate
): Reply {
  const text = t(locale, `smalltalk.${intent}`, { office: knowledge.office.name[locale] });
  return intent === 'goodbye' ? { text } : { text, options: menuOptions(knowledge, locale, t) };
}

/**
 * Asking for a person or to complain: what the assistant cannot do, the office's contact card (phones,
 * the division most likely to help, whether it is open now) and where to complain: the general office,
 * the first division of office.yaml. With the menu.
 */
export function handoffReply(
  intent: 'human' | 'complaint',
  contact: ContactDetails,
  knowledge: Pick<KnowledgeBase, 'entries' | 'office'>,
  locale: Locale,
  t: Translate
): Reply {
  const general = knowledge.office.divisions[0]?.name[locale];
  const lines =
    intent === 'complaint' && general
      ? [t(locale, 'handoff.complaint', { division: general })]
      : [
          t(locale, 'handoff.human'),
          ...(general ? [t(locale, 'handoff.whereToComplain', { division: general })] : [])
        ];
  return { text: lines.join('\n\n'), contact, options: menuOptions(knowledge, locale, t) };
}

export function contactReply(
  contact: ContactDetails,
  knowledge: Pick<KnowledgeBase, 'entries'>,
  locale: Locale,
  t: Translate
): Reply {
  return { text: t(locale, 'contact.intro'), contact, options: menuOptions(knowledge, locale, t) };
}
