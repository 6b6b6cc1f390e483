/**
 * Small talk and requests for a person, recognised from the knowledge's phrase lists
 * (knowledge/smalltalk.yaml). Pure: text in, intent out.
 *
 * Greetings, thanks, goodbyes and "who are you" count only when the whole message is made of such
 * phrases and fillers ("thanks a lot!"); a message with anything else in it is a question ("thanks, and
 * where is your office?"). Asking for a person or to complain counts wherever it is said ("hello, can I
 * talk to a real person"), except short human phrases ("human", 人工), which must be the whole message.
 */
import type { SmallTalkIntent, SmallTalkPhrases } from '../knowledge/types';
import { toSimplified } from '../language/chinese';

export type SmallTalkKind = 'social' | 'handoff';

export interface SmallTalkMatch {
  intent: SmallTalkIntent;
  kind: SmallTalkKind;
}

const HANDOFF: readonly SmallTalkIntent[] = ['complaint', 'human'];
/** Which intent a message of several phrases is ("hi, thanks, bye" is a goodbye). */
const SOCIAL_ORDER: readonly SmallTalkIntent[] = ['identity', 'goodbye', 'thanks', 'greeting'];

interface Phrase {
  /** Latin words and single Chinese characters. */
  units: readonly string[];
  intent: SmallTalkIntent | 'filler';
  /** Counts wherever it occurs in the message (handoff phrases that are not short). */
  anywhere: boolean;
}

export interface CompiledSmallTalk {
  /** By first unit. */
  readonly phrases: ReadonlyMap<string, readonly Phrase[]>;
}

const HAN = /\p{Script=Han}/u;

/** NFKC, lower case, Simplified; punctuation, symbols and emoji to spaces; Latin and Chinese runs apart. */
export function normalizeSmallTalk(text: string): string {
  return toSimplified(text.normalize('NFKC').toLowerCase())
    .replace(/[’‘`´]/g, "'")
    .replace(/(?!')[\p{P}\p{S}\p{Z}\p{C}]+/gu, ' ')
    .replace(/(\p{Script=Han})(?=[\p{Script=Latin}\d])|([\p{Script=Latin}\d])(?=\p{Script=Han})/gu, '$1$2 ')
    .replace(/(^|\s)'+|'+(?=\s|$)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Latin words (and numbers) whole, Chinese text character by character. */
function unitsOf(normalized: string): string[] {
  return normalized.match(/\p{Script=Han}|[^\s\p{Script=Han}]+/gu) ?? [];
}

function isShort(units: readonly string[]): boolean {
  return HAN.test(units[0] ?? '') ? units.length <= 2 : units.length === 1;
}

const compiled = new WeakMap<SmallTalkPhrases, CompiledSmallTalk>();

export function compileSmallTalk(lists: SmallTalkPhrases): CompiledSmallTalk {
  const known = compiled.get(lists);
  if (known) return known;
  const phrases = new Map<string, Phrase[]>();
  for (const [intent, list] of Object.entries(lists) as [keyof SmallTalkPhrases, readonly string[]][]) {
    for (const raw of list) {
      const units = unitsOf(normalizeSmallTalk(raw));
      if (units.length === 0) continue;
      const anywhere = intent === 'complaint' || (intent === 'human' && !isShort(units));
      const group = phrases.get(units[0]!) ?? [];
      group.push({ units, intent: intent === 'fillers' ? 'filler' : intent, anywhere });
      phrases.set(units[0]!, group);
    }
  }
  const result = { phrases };
  compiled.set(lists, result);
  return result;
}

function startsAt(units: readonly string[], at: number, phrase: Phrase): boolean {
  return phrase.units.every((unit, i) => units[at + i] === unit);
}

/** Longest messages looked at: small talk is short; a long message is a question. */
const MAX_UNITS = 200;

/** The small-talk intent of a message, or undefined when it is (or carries) a question. */
export function matchSmallTalk(text: string, smallTalk: CompiledSmallTalk): SmallTalkMatch | undefined {
  const units = unitsOf(normalizeSmallTalk(text.slice(0, 4 * MAX_UNITS)));
  if (units.length === 0 || units.length > MAX_UNITS) return undefined;
  for (let at = 0; at < units.length; at++) {
    const handoff = smallTalk.phrases.get(units[at]!)?.find((p) => p.anywhere && startsAt(units, at, p));
    if (handoff) return { intent: handoff.intent as SmallTalkIntent, kind: 'handoff' };
  }
  // Can the whole message be read as phrases and fillers? intents[i]: the intents of one reading of units[0, i).
  const intents: (Set<SmallTalkIntent> | undefined)[] = [new Set()];
  for (let at = 0; at < units.length; at++) {
    const before = intents[at];
    if (before === undefined) continue;
    for (const phrase of smallTalk.phrases.get(units[at]!) ?? []) {
      const end = at + phrase.units.length;
      if (!startsAt(units, at, phrase)) continue;
      const after = (intents[end] ??= new Set());
      for (const intent of before) after.add(intent);
      if (phrase.intent !== 'filler') after.add(phrase.intent);
    }
  }
  const found = intents[units.length];
  if (found === undefined || found.size === 0) return undefined;
  const handoff = HANDOFF.find((intent) => found.has(intent));
  if (handoff) return { intent: handoff, kind: 'handoff' };
  const social = SOCIAL_ORDER.find((intent) => found.has(intent));
  return social ? { intent: social, kind: 'social' } : undefined;
}

/** Where a message divides into clauses: sentence punctuation in both scripts. */
const CLAUSE_END = /[,，.。!！?？;；、~～\n]+/u;

/**
 * The question in a message that opens or closes with small talk in a clause of its own ("谢谢，你们办公室
 * 在哪里？" -> "你们办公室在哪里？", "hello, how do I ..."); the message itself when there is none.
 */
export function questionPart(text: string, smallTalk: CompiledSmallTalk): string {
  const clauses = text.slice(0, 4 * MAX_UNITS).split(new RegExp(`(${CLAUSE_END.source})`, 'u'));
  // clauses alternates text and separators: [text, sep, text, sep, text]
  const social = (clause: string | undefined) =>
    clause !== undefined && matchSmallTalk(clause, smallTalk)?.kind === 'social';
  let start = 0;
  let end = clauses.length - 1;
  while (start + 2 <= end && social(clauses[start])) start += 2;
  while (end - 2 >= start && (clauses[end]!.trim() === '' ? social(clauses[end - 2]) : social(clauses[end])))
    end -= clauses[end]!.trim() === '' ? 4 : 2;
  if (start === 0 && end === clauses.length - 1) return text;
  return (
    clauses
      .slice(start, Math.max(start + 1, end + 1))
      .join('')
      .trim() || text
  );
}
