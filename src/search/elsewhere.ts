/**
 * Part of step 3, score: words that name what other agencies or institutions handle (staff list them
 * in knowledge/elsewhere.yaml). "When does the museum open" shares "open" with the office hours and
 * nothing else; the hours entry does not speak of museums, so the question is about something else.
 * Analyzed like questions (same analyzer), so Traditional, Cantonese and English stems agree. Pure.
 */
import { LRUCache } from 'lru-cache';
import type { ElsewhereGroup, KnowledgeEntry } from '../knowledge/types';
import type { Analyzer } from './analyzer';
import { isStopTerm } from './tokenize';

const HAN = /\p{Script=Han}/u;

/** One word of a group, as the terms that must all be in a query for it to be there. */
interface ElsewhereWord {
  /** Its place among all the groups' words (for the cache of which entries speak of it). */
  index: number;
  terms: readonly string[];
  /** The entry topics it counts against; undefined: every entry. */
  topics: ReadonlySet<string> | undefined;
  /**
   * An English word of several stems: the stems in order, space-delimited as an entry's text is looked
   * through, and the start of the first, to pick the texts worth analyzing. Undefined for Chinese words
   * and single stems (the term itself, already found explained or not).
   */
  phrase: { stems: string; probe: string } | undefined;
}

/** A word found in a query: the indexes of its terms among the query's terms. */
export interface ElsewhereMention {
  termIndexes: readonly number[];
  topics: ReadonlySet<string> | undefined;
  word: ElsewhereWord;
}

/** What an entry says, as ElsewhereWords.speaksOf reads it: its English questions, keywords and answer. */
export type EntryTexts = Pick<KnowledgeEntry, 'questions' | 'keywords' | 'answer'>;

/**
 * The terms that identify a word: a Chinese word by its character pairs (its single characters are
 * in countless words), one character by itself; an English phrase by all its stems, stop stems too
 * ("ID card" is "id" and "card": "id" is also "I'd", and "card" alone is any card).
 */
export function identifyingTerms(terms: readonly string[]): string[] {
  const han = terms.filter((t) => HAN.test(t) && !isStopTerm(t));
  const pairs = han.filter((t) => [...t].length >= 2);
  const latin = terms.filter((t) => !HAN.test(t));
  return [...(pairs.length > 0 ? pairs : han), ...latin];
}

export class ElsewhereWords {
  /** The words by their first identifying term: a query looks up only the words its terms start. */
  private readonly byFirstTerm = new Map<string, ElsewhereWord[]>();

  /** `${entry}:${word}` -> does the entry speak of the word (bounded: a knowledge base of 10,000 entries). */
  private readonly spoken = new LRUCache<string, boolean>({ max: 50_000 });

  constructor(
    groups: readonly ElsewhereGroup[],
    private readonly analyzer: Analyzer
  ) {
    let index = 0;
    for (const group of groups) {
      const topics = group.topics.length > 0 ? new Set(group.topics) : undefined;
      for (const text of group.words) {
        const analyzed = analyzer.analyze(text).terms;
        const terms = identifyingTerms(analyzed);
        if (terms.length === 0) continue;
        const stems = HAN.test(text) ? [] : latinTerms(analyzer.tokensInOrder(text));
        const phrase =
          stems.length > 1 ? { stems: ` ${stems.join(' ')} `, probe: stems[0]!.slice(0, 3) } : undefined;
        const list = this.byFirstTerm.get(terms[0]!) ?? [];
        list.push({ index: index++, terms, topics, phrase });
        this.byFirstTerm.set(terms[0]!, list);
      }
    }
  }

  /**
   * Does the entry speak of an English word itself, as one phrase somewhere in its questions, keywords
   * or answer? Its stems one by one are not enough: the contact entries name the "External Liaison
   * Division" and the "Office", yet never a Liaison Office; visa assistance says fees are not published,
   * yet speaks of no visa fee. (Chinese words keep the term-by-term rule: asking the same of them cost
   * 2 points of cross-validated zh-Hans answered right, 94.7% -> 93.0%; English alone raised English
   * answered right 93.7% -> 94.8% and its declines 95.3% -> 95.7%.) Cached per entry and word.
   */
  speaksOf(entryIndex: number, entry: EntryTexts, word: ElsewhereWord): boolean {
    const { phrase } = word;
    if (!phrase) return true;
    const key = `${entryIndex}:${word.index}`;
    const known = this.spoken.get(key);
    if (known !== undefined) return known;
    // Only texts holding the first stem's start are analyzed (a few of an entry's dozens: analyzing all
    // of them on an entry's first mention put 1,000-entry p99 at 1.4 ms, against 0.35 ms this way).
    const found = [...entry.questions.en, ...entry.keywords.en, entry.answer.en].some(
      (text) =>
        text.toLowerCase().includes(phrase.probe) &&
        ` ${latinTerms(this.analyzer.tokensInOrder(text)).join(' ')} `.includes(phrase.stems)
    );
    this.spoken.set(key, found);
    return found;
  }

  /** The words whose every identifying term is among the query's terms. */
  mentionsIn(queryTerms: readonly string[]): ElsewhereMention[] {
    if (this.byFirstTerm.size === 0) return [];
    const mentions: ElsewhereMention[] = [];
    const words = new Set<ElsewhereWord>();
    for (const term of queryTerms) for (const word of this.byFirstTerm.get(term) ?? []) words.add(word);
    for (const word of words) {
      const termIndexes: number[] = [];
      for (const term of word.terms) {
        const at = queryTerms.indexOf(term);
        if (at < 0) break;
        termIndexes.push(at);
      }
      if (termIndexes.length === word.terms.length) mentions.push({ termIndexes, topics: word.topics, word });
    }
    return mentions;
  }
}

/**
 * 1 when the query mentions another agency's word that counts against this entry's topic and the
 * entry leaves one of the word's terms unexplained (it does not speak of the thing); else 0.
 */
export function mentionsElsewhere(
  mentions: readonly ElsewhereMention[],
  topic: string,
  isExplained: (termIndex: number) => boolean,
  speaksOf: (mention: ElsewhereMention) => boolean = () => true
): number {
  for (const mention of mentions) {
    if (mention.topics && !mention.topics.has(topic)) continue;
    if (mention.termIndexes.some((i) => !isExplained(i)) || !speaksOf(mention)) return 1;
  }
  return 0;
}

/** The English (Latin-script) terms, in order. */
function latinTerms(terms: readonly string[]): string[] {
  return terms.filter((t) => !HAN.test(t));
}
