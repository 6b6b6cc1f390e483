/**
 * Choices the bot offers (buttons or a numbered list) and how a user's reply picks one. Pure.
 * The value shapes are a contract with clients (Web Chat, docs/readme/issue-5.md): keep them stable.
 */
import { LRUCache } from 'lru-cache';
import { TRAILING_PUNCTUATION, trimTrailing } from './text';
import { isSupportedLocale, type Locale } from '../language/locale';

export type FeedbackValue = 'helpful' | 'not-helpful';

/** Which list offered an entry: the report counts did-you-mean choices apart from the rest. */
export type EntryOfferedVia = 'suggestion' | 'followup' | 'topic';
const ENTRY_OFFERED_VIA: readonly string[] = ['suggestion', 'followup', 'topic'];

export type OptionValue =
  /** Answer exactly this entry (did-you-mean, follow-ups, topic lists). */
  | { action: 'answer'; entryId: string; via?: EntryOfferedVia }
  /** List the questions of a knowledge topic. */
  | { action: 'topic'; topic: string }
  /** Show the office contact card. */
  | { action: 'contact' }
  /** Switch the reply language. */
  | { action: 'language'; locale: Locale }
  /** "Was this helpful?" on an answer. */
  | { action: 'feedback'; entryId: string; value: FeedbackValue };

/** Value carried by a did-you-mean button, so a choice answers exactly that entry. */
export type ChooseEntryValue = Extract<OptionValue, { action: 'answer' }>;

export interface Option {
  title: string;
  value: OptionValue;
  /** Other exact texts that pick this option when typed (e.g. a bare "👍"). */
  aliases?: readonly string[];
}

const FEEDBACK_VALUES: readonly string[] = ['helpful', 'not-helpful'];

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= 200;
}

/** The option value a button sent back, or undefined when the value is anything else. */
export function parseOptionValue(value: unknown): OptionValue | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  switch (v.action) {
    case 'answer':
      if (!isNonEmptyString(v.entryId)) return undefined;
      // Buttons sent before `via` existed, or by clients that drop it, still answer.
      return typeof v.via === 'string' && ENTRY_OFFERED_VIA.includes(v.via)
        ? { action: 'answer', entryId: v.entryId, via: v.via as EntryOfferedVia }
        : { action: 'answer', entryId: v.entryId };
    case 'topic':
      return isNonEmptyString(v.topic) ? { action: 'topic', topic: v.topic } : undefined;
    case 'contact':
      return { action: 'contact' };
    case 'language':
      return isSupportedLocale(v.locale) ? { action: 'language', locale: v.locale } : undefined;
    case 'feedback':
      return isNonEmptyString(v.entryId) && typeof v.value === 'string' && FEEDBACK_VALUES.includes(v.value)
        ? { action: 'feedback', entryId: v.entryId, value: v.value as FeedbackValue }
        : undefined;
    default:
      return undefined;
  }
}

export function isChooseEntryValue(value: unknown): value is ChooseEntryValue {
  return parseOptionValue(value)?.action === 'answer';
}

function normalizeReply(text: string): string {
  return trimTrailing(text.normalize('NFKC').trim(), TRAILING_PUNCTUATION).replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Option titles and aliases come from the knowledge and the locale files, a small set that recurs
 * on every turn: their normalized forms are remembered (least recently used dropped past 5,000).
 */
const normalizedTitles = new LRUCache<string, string>({ max: 5000 });

function normalizeTitle(title: string): string {
  let normalized = normalizedTitles.get(title);
  if (normalized === undefined) {
    normalized = normalizeReply(title);
    normalizedTitles.set(title, normalized);
  }
  return normalized;
}

/**
 * The pending option a typed reply picks: its number ("2", "２", "#2", "2.") or its exact title or alias.
 * Undefined when the reply is anything else, so ordinary questions are never swallowed.
 */
export function pickOption(text: string, pending: readonly Option[]): Option | undefined {
  if (pending.length === 0) return undefined;
  const reply = normalizeReply(text);
  const number = /^#?\s*(\d{1,2})$/.exec(reply);
  if (number) {
    const index = Number(number[1]) - 1;
    return index >= 0 && index < pending.length ? pending[index] : undefined;
  }
  return pending.find(
    (option) =>
      normalizeTitle(option.title) === reply ||
      (option.aliases ?? []).some((alias) => normalizeTitle(alias) === reply)
  );
}

/** True when the text is only a number, i.e. an attempt to pick from a numbered list. */
export function isOptionNumber(text: string): boolean {
  return /^#?\s*\d{1,2}$/.test(normalizeReply(text));
}
