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
export function questionSimilarity(matchedWeight: number, queryWeight: number, questionWeight: number): number {
  if (matchedWeight <= 0 || queryWeight <= 0 || questionWeight <= 0) return 0;
  const queryCoverage = Math.min(1, matchedWeight / queryWeight);
  const questionCoverage = Math.min(1, matchedWeight / questionWeight);
  return Math.pow(queryCoverage, 0.6) * Math.pow(questionCoverage, 0.4);
}

export interface EntryEvidence {
  /** Best similarity over the entry's questions and keywords. */
  bestQuestion: number;
  /** Share of the query's weight found anywhere in the entry's questions and keywords. */
  entryCoverage: number;
  /** Share of the query's weight found in the answer text. */
  answerCoverage: number;
}

export const EVIDENCE_WEIGHTS = { bestQuestion: 0.75, entryCoverage: 0.2, answerCoverage: 0.05 } as const;

export function combineEvidence(e: EntryEvidence): number {
  const score =
    EVIDENCE_WEIGHTS.bestQuestion * e.bestQuestion +
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
