/** Pure scoring: term weights from the knowledge base and a similarity in [0, 1]. */
import type { MatchingSettings } from '../knowledge/types';

export type Decision = 'answer' | 'suggest' | 'none';

/** BM25's idf: rare terms weigh more; a term in every entry weighs almost nothing. */
export function inverseDocumentFrequency(documentFrequency: number, documentCount: number): number {
  return Math.log(1 + (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/**
 * How well one alternate question fits the query: the share of the query's weight it covers
 * (most important: the user's words are explained) combined with the share of its own weight the
 * query covers (a long question matched by one word is a weaker fit).
 */
export function questionSimilarity(
  matchedWeight: number,
  queryWeight: number,
  questionWeight: number
): number {
  if (matchedWeight <= 0 || queryWeight <= 0 || questionWeight <= 0) return 0;
  const queryCoverage = Math.min(1, matchedWeight / queryWeight);
  const questionCoverage = Math.min(1, matchedWeight / questionWeight);
  return Math.pow(queryCoverage, 0.6) * Math.pow(questionCoverage, 0.4);
}

/**
 * An entry's question evidence from its two best-fitting questions: one close phrasing counts most,
 * a second one close as well confirms it (several phrasings agreeing beat one lucky overlap).
 */
export function topQuestionsSimilarity(best: number, second: number): number {
  return (best + SECOND_QUESTION_WEIGHT * Math.min(best, second)) / (1 + SECOND_QUESTION_WEIGHT);
}

const SECOND_QUESTION_WEIGHT = 0.5;

/**
 * How typical a term is of an entry, from the share of the entry's questions that use it; the square
 * root keeps a word used by a third of the phrasings well above one used once among a hundred.
 */
export function termTypicality(questionsWithTerm: number, questionCount: number): number {
  if (questionCount <= 0 || questionsWithTerm <= 0) return 0;
  return Math.sqrt(Math.min(1, questionsWithTerm / questionCount));
}

export interface EntryEvidence {
  /** topQuestionsSimilarity over the entry's questions and keywords. */
  bestQuestion: number;
  /**
   * How typical the query's words are of the entry: the query's weight, each term scaled by its
   * termTypicality for the entry (a word in every phrasing of the entry counts fully).
   */
  profile: number;
  /** Share of the query's weight found anywhere in the entry's questions and keywords. */
  entryCoverage: number;
  /** Share of the query's weight found in the answer text. */
  answerCoverage: number;
}

/** Chosen on the validation splits of the public benchmark sets (bench/accuracy), not on test data. */
export const EVIDENCE_WEIGHTS = {
  bestQuestion: 0.4,
  profile: 0.35,
  entryCoverage: 0.2,
  answerCoverage: 0.05
} as const;

export function combineEvidence(e: EntryEvidence): number {
  const score =
    EVIDENCE_WEIGHTS.bestQuestion * e.bestQuestion +
    EVIDENCE_WEIGHTS.profile * e.profile +
    EVIDENCE_WEIGHTS.entryCoverage * e.entryCoverage +
    EVIDENCE_WEIGHTS.answerCoverage * e.answerCoverage;
  return Math.max(0, Math.min(1, score));
}

/** answer: confident and clearly ahead; suggest: plausible or ambiguous; none: nothing close. */
export function decide(scores: readonly number[], settings: MatchingSettings): Decision {
  const top = scores[0];
  if (top === undefined || top < settings.suggestThreshold || top <= 0) return 'none';
  const margin = top - (scores[1] ?? 0);
  if (top >= settings.answerThreshold && margin >= settings.minMargin) return 'answer';
  return 'suggest';
}
