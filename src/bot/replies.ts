/** Builds reply activities from knowledge and strings. Pure: no state, no I/O. */
import { ActionTypes, MessageFactory, type Activity, type CardAction } from 'botbuilder';
import type { KnowledgeBase, KnowledgeEntry } from '../knowledge/types';
import type { Locale } from '../language/locale';
import type { Translate } from './i18n';

/** Value carried by a did-you-mean button, so a choice answers exactly that entry. */
export interface ChooseEntryValue {
  action: 'answer';
  entryId: string;
}

export function isChooseEntryValue(value: unknown): value is ChooseEntryValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as ChooseEntryValue).action === 'answer' &&
    typeof (value as ChooseEntryValue).entryId === 'string'
  );
}

export function entryTitle(entry: KnowledgeEntry, locale: Locale): string {
  return entry.questions[locale][0] ?? entry.questions.en[0] ?? entry.questions['zh-Hans'][0] ?? entry.id;
}

export function officePhones(knowledge: KnowledgeBase, locale: Locale): string {
  return knowledge.office.phones.join(locale === 'en' ? ', ' : '、');
}

export function answerActivity(entry: KnowledgeEntry, locale: Locale, t: Translate): Partial<Activity> {
  const provenance = t(locale, 'provenance', { source: entry.source[locale], reviewed: entry.reviewed });
  const reply = MessageFactory.text(`${entry.answer[locale]}\n\n_${provenance}_`);
  reply.textFormat = 'markdown';
  reply.locale = locale;
  return reply;
}

export function suggestionActivity(
  entries: readonly KnowledgeEntry[],
  locale: Locale,
  t: Translate
): Partial<Activity> {
  const actions: CardAction[] = entries.map((entry) => {
    const title = entryTitle(entry, locale);
    const value: ChooseEntryValue = { action: 'answer', entryId: entry.id };
    return { type: ActionTypes.MessageBack, title, text: title, displayText: title, value };
  });
  const reply = MessageFactory.suggestedActions(actions, t(locale, 'suggestIntro'));
  reply.locale = locale;
  return reply;
}

export function textActivity(text: string, locale: Locale): Partial<Activity> {
  const reply = MessageFactory.text(text);
  reply.locale = locale;
  return reply;
}
