/**
 * Part of step 3, score: words that name what other agencies or institutions handle (staff list them
 * in knowledge/elsewhere.yaml). "When does the museum open" shares "open" with the office hours and
 * nothing else; the hours entry does not speak of museums, so the question is about something else.
 * Analyzed like questions (same analyzer), so Traditional, Cantonese and English stems agree. Pure.
 */
import type { ElsewhereGroup } from '../knowledge/types';
import type { Analyzer } from './analyzer';
import { isStopTerm } from './tokenize';

const HAN = /\p{Script=Han}/u;

/** One word of a group, as the terms that must all be in a query for it to be there. */
interface ElsewhereWord {
  terms: readonly string[];
  /** The entry topics it counts against; undefined: every entry. */
  topics: ReadonlySet<string> | undefined;
}

/** A word found in a query: the indexes of its terms among the query's terms. */
export interface ElsewhereMention {
  termIndexes: readonly number[];
  topics: ReadonlySet<string> | undefined;
}

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

  constructor(groups: readonly ElsewhereGroup[], analyzer: Analyzer) {
    for (const group of groups) {
      const topics = group.topics.length > 0 ? new Set(group.topics) : undefined;
      for (const word of group.words) {
        const terms = identifyingTerms(analyzer.analyze(word).terms);
        if (terms.length === 0) continue;
        const list = this.byFirstTerm.get(terms[0]!) ?? [];
        list.push({ terms, topics });
        this.byFirstTerm.set(terms[0]!, list);
      }
    }
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
      if (termIndexes.length === word.terms.length) mentions.push({ termIndexes, topics: word.topics });
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
  isExplained: (termIndex: number) => boolean
): number {
  for (const mention of mentions) {
    if (mention.topics && !mention.topics.has(topic)) continue;
    if (mention.termIndexes.some((i) => !isExplained(i))) return 1;
  }
  return 0;
}
