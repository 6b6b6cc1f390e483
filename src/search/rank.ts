/**
 * Step 3 of matching, score: each candidate entry's evidence for the query (its best and second best
 * questions, how typical the query's words are of its phrasings, how much of them its answer uses,
 * what the query says that the entry does not explain) and its score (scoring.ts), best first.
 * Plain loops over the index's flat arrays: at 1,000 entries a query is scored in well under a
 * millisecond (bench/RESULTS.md), so nothing here is tuned beyond that.
 */
import type { KnowledgeEntry } from '../knowledge/types';
import { mentionsElsewhere, type ElsewhereMention, type ElsewhereWords } from './elsewhere';
import type { KnowledgeIndex } from './knowledgeIndex';
import { isQuestionTerm, type QueryTerms } from './queryTerms';
import { combineEvidence, questionSimilarity, termTypicality } from './scoring';

export interface MatchCandidate {
  id: string;
  score: number;
  /** The alternate question (or keyword) that fitted best, as staff wrote it. */
  matchedQuestion: string;
  /** Share of the query's weight that one question of this entry contains, in [0, 1]. */
  coverage: number;
  /** Share of the best question's own weight the query contains, in [0, 1]. */
  questionCoverage: number;
  /** Share of the query's weight the entry explains (its questions, keywords or answer), in [0, 1]. */
  explained: number;
  /**
   * The weight of the query's words the entry does not explain, in words of full weight (a specific
   * word no entry uses counts 1; a common word almost 0): "ID card" asked of the passport entry.
   */
  unexplained: number;
  /** The weight of the query's words the entry explains, in words of full weight. */
  evidence: number;
  /**
   * The heaviest single word of the query the entry does not explain, in [0, 1] of a full-weight word:
   * "museum" asked of the office hours (1), against a few story words of half weight each.
   */
  heaviestUnexplained: number;
  /**
   * 1 when the query names something another agency handles (knowledge/elsewhere.yaml) that this
   * entry does not speak of: "the museum" asked of the office hours; else 0.
   */
  elsewhere: number;
}

const HAN_START = /^\p{Script=Han}/u;
/**
 * A Chinese word of two characters is three terms (both characters and their pair): in counts of
 * words (evidence, unexplained) each Chinese term counts a third, so that "three unexplained words"
 * means the same in both languages.
 */
const HAN_TERM_WORDS = 1 / 3;

/** The share of a word each query term is (see HAN_TERM_WORDS). */
export function wordSharesOf(terms: readonly string[]): number[] {
  return terms.map((term) => (HAN_START.test(term) ? HAN_TERM_WORDS : 1));
}

/** What the ranking reads besides the query: the index, the entries, other agencies' words. */
export interface RankingContext {
  index: KnowledgeIndex;
  entries: readonly KnowledgeEntry[];
  maxCandidates: number;
  /** Other agencies' words, and those the query mentions. */
  elsewhere: ElsewhereWords;
  mentions: readonly ElsewhereMention[];
}

/** The query as every entry's scoring reads it. */
interface ScoredQuery extends QueryTerms {
  wordShares: number[];
  /** Term id -> its position in the query, for the terms questions use. */
  positionOf: Map<number, number>;
  /** The sum of the terms' weights, and of their weights in words. */
  weight: number;
  words: number;
}

/** Scores the candidate entries, best first (equal scores by id), at most maxCandidates. */
export function rankCandidates(
  candidateEntries: readonly number[],
  terms: QueryTerms,
  context: RankingContext
): MatchCandidate[] {
  const { index, maxCandidates } = context;
  const query: ScoredQuery = {
    ...terms,
    wordShares: wordSharesOf(terms.terms),
    positionOf: new Map(),
    weight: 0,
    words: 0
  };
  terms.weights.forEach((weight, i) => {
    query.weight += weight;
    query.words += weight * query.wordShares[i]!;
    if (isQuestionTerm(index, terms.ids[i]!)) query.positionOf.set(terms.ids[i]!, i);
  });
  if (!(query.weight > 0)) return [];

  const ranked: MatchCandidate[] = [];
  for (const entryIndex of candidateEntries) {
    const evidence = entryEvidence(entryIndex, query, context);
    if (!evidence) continue;
    // Keep the best maxCandidates in the order a sort by score, then id, would give.
    let at = ranked.length;
    while (
      at > 0 &&
      (ranked[at - 1]!.score - evidence.score || evidence.id.localeCompare(ranked[at - 1]!.id)) < 0
    )
      at--;
    if (at >= maxCandidates) continue;
    ranked.splice(at, 0, evidence);
    if (ranked.length > maxCandidates) ranked.pop();
  }
  return ranked;
}

/** One entry's evidence and score, or undefined when none of its questions shares a word with the query. */
function entryEvidence(
  entryIndex: number,
  query: ScoredQuery,
  context: RankingContext
): MatchCandidate | undefined {
  const { index } = context;
  const { ids, weights, wordShares, positionOf, weight: queryWeight, words: queryWords } = query;
  const termCount = ids.length;
  /** Per query term: how many of the entry's documents (questions, keywords) use it. */
  const uses = new Array<number>(termCount).fill(0);
  const first = index.entryDocuments[entryIndex]!;
  const end = index.entryDocuments[entryIndex + 1]!;
  let bestDocument = -1;
  let bestDocumentMatched = 0;
  let bestMatchedWeight = 0;
  let best = 0;
  let second = 0;
  for (let d = first; d < end; d++) {
    let matched = 0;
    for (let k = index.documentTermStart[d]!; k < index.documentTermStart[d + 1]!; k++) {
      const at = positionOf.get(index.documentTerms[k]!);
      if (at === undefined) continue;
      matched += weights[at]!;
      uses[at]!++;
    }
    if (matched === 0) continue; // shares no word with the query: cannot be its best question
    bestMatchedWeight = Math.max(bestMatchedWeight, matched);
    const similarity = questionSimilarity(matched, queryWeight, index.documentWeights[d]!);
    if (bestDocument < 0 || similarity > best) {
      if (bestDocument >= 0) second = best;
      best = similarity;
      bestDocument = d;
      bestDocumentMatched = matched;
    } else if (similarity > second) second = similarity;
  }
  if (bestDocument < 0) return undefined;

  const answerFrom = index.answerTermStart[entryIndex]!;
  const answerTo = index.answerTermStart[entryIndex + 1]!;
  const isAnswered = (i: number) =>
    ids[i]! >= 0 && containsId(index.answerTerms, answerFrom, answerTo, ids[i]!);
  let typical = 0;
  let covered = 0;
  let inAnswer = 0;
  let explained = 0;
  let explainedWords = 0;
  let heaviestUnexplained = 0;
  for (let i = 0; i < termCount; i++) {
    const weight = weights[i]!;
    const answered = isAnswered(i);
    if (answered) inAnswer += weight;
    if (uses[i]! > 0 || answered) {
      explained += weight;
      explainedWords += weight * wordShares[i]!;
    } else if (weight > heaviestUnexplained) heaviestUnexplained = weight;
    if (uses[i] === 0) continue;
    typical += weight * termTypicality(uses[i]!, end - first);
    covered += weight;
  }
  const entry = context.entries[entryIndex]!;
  const fullWeight = index.unknownWeight;
  return {
    id: entry.id,
    score: combineEvidence(
      {
        bestQuestion: best,
        secondQuestion: second,
        profile: typical / queryWeight,
        entryCoverage: covered / queryWeight,
        answerCoverage: inAnswer / queryWeight
      },
      index.reliability
    ),
    coverage: bestMatchedWeight / queryWeight,
    matchedQuestion: index.documentTexts[bestDocument]!,
    questionCoverage: Math.min(1, bestDocumentMatched / index.documentWeights[bestDocument]!),
    explained: explained / queryWeight,
    unexplained: (queryWords - explainedWords) / fullWeight,
    evidence: explainedWords / fullWeight,
    heaviestUnexplained: Math.min(1, heaviestUnexplained / fullWeight),
    elsewhere: mentionsElsewhere(
      context.mentions,
      entry.topic,
      (i) => uses[i]! > 0 || isAnswered(i),
      (mention) => context.elsewhere.speaksOf(entryIndex, entry, mention.word)
    )
  };
}

/** Is `id` among the ascending ids list[from .. to - 1]? */
function containsId(list: Uint32Array, from: number, to: number, id: number): boolean {
  let low = from;
  let high = to - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = list[middle]!;
    if (value === id) return true;
    if (value < id) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
