/**
 * Step 4 of matching, decide: answer the best entry, offer "did you mean", or say nothing matched.
 * Pure. The answer is decided on several features of the ranking, not the top score alone: a long
 * story about a school trip and a question about an ID card can score alike, yet the first leaves
 * little of the best question unmatched and the second leaves a specific word unexplained.
 * With a fitted model (`matching.model` in knowledge/config.yaml, written by `npm run kb -- tune`)
 * the features are combined by logistic regression; without one, the thresholds decide.
 */
import type { DecisionModel, MatchingSettings } from '../knowledge/types';

export type Decision = 'answer' | 'suggest' | 'none';

/** What decide() needs of a ranked candidate (MatchCandidate has all of it). */
export interface RankedEvidence {
  id: string;
  score: number;
  coverage: number;
  questionCoverage: number;
  explained: number;
  evidence: number;
  unexplained: number;
  heaviestUnexplained: number;
  /** 1 when the query names another agency's thing the entry does not speak of (elsewhere.ts). */
  elsewhere: number;
}

/**
 * The features of a ranking the model weighs, each in [0, 1]: the best entry's score, its lead over
 * the second, how much of the query its best question covers and how much of that question the query covers, the
 * share of the query's weight the entry leaves unexplained, the heaviest single word it leaves
 * unexplained, and the query's length in words (a long story scores lower than the short question
 * it contains, at the same certainty), how many of its words the entry explains, and whether the query names another agency's thing the entry
 * does not speak of (knowledge/elsewhere.yaml: a museum, a consulate, an ID card), and how much of
 * the query is Chinese: Chinese is matched by character pairs, so a right answer to a Chinese question
 * scores lower than one to the same question in English (with it, cross-validated answered right on
 * the cases rose from 93.3% to 95.0% and zh-Hant's from 91.7% to 95.0%, the limits kept). Fitted on the tuning cases, the heaviest unexplained word
 * weighs for answering once the unexplained share is known: one name or place among known words
 * ("my honeymoon in Bali") is commoner in right answers than many half-specific ones.
 */
export const FEATURES = [
  'score',
  'margin',
  'coverage',
  'questionCoverage',
  'unexplained',
  'heaviestUnexplained',
  'length',
  'evidence',
  'elsewhere',
  'chinese'
] as const;
export type FeatureName = (typeof FEATURES)[number];
export type DecisionFeatures = Record<FeatureName, number> & { ambiguous: boolean };

/** Words of full weight at which a query counts as long (`length` 1): longer says no more. */
const LONG_QUERY_WORDS = 6;
/**
 * Words of full weight the entry explains at which `evidence` is 1. A story explains several of its
 * words ("public school", "seminar", "passport"); a near miss as long, one ("hours" in "quelle heure
 * ouvre le musee"): length alone cannot tell them apart.
 */
const EVIDENCE_WORDS = 3;

/** What decide() needs of the query itself, beside the ranking. */
export interface QueryEvidence {
  /** Share of the query's weight in Chinese words, in [0, 1]. */
  chinese: number;
}

export function decisionFeatures(
  ranked: readonly RankedEvidence[],
  query: QueryEvidence = { chinese: 0 }
): DecisionFeatures | undefined {
  const [first, second] = ranked;
  if (!first) return undefined;
  const margin = first.score - (second?.score ?? 0);
  return {
    score: first.score,
    margin,
    coverage: first.coverage,
    questionCoverage: first.questionCoverage,
    unexplained: Math.max(0, Math.min(1, 1 - first.explained)),
    heaviestUnexplained: first.heaviestUnexplained,
    length: Math.min(LONG_QUERY_WORDS, first.evidence + first.unexplained) / LONG_QUERY_WORDS,
    evidence: Math.min(EVIDENCE_WORDS, first.evidence) / EVIDENCE_WORDS,
    elsewhere: first.elsewhere,
    chinese: query.chinese,
    ambiguous: isAmbiguous(ranked)
  };
}

/** The model's probability that answering the best entry is right, in (0, 1). */
export function answerProbability(features: Record<FeatureName, number>, model: DecisionModel): number {
  let z = model.bias;
  for (const name of FEATURES) z += (model.weights[name] ?? 0) * features[name];
  return 1 / (1 + Math.exp(-z));
}

/** answer: confident and clearly ahead; suggest: plausible or ambiguous; none: nothing close. */
export function decide(features: DecisionFeatures | undefined, settings: MatchingSettings): Decision {
  if (!features || features.score <= 0) return 'none';
  // The model was fitted on every ranking, low scores included (`kb tune`): a long story scoring 0.18
  // far ahead of the rest is answered as the fit expects, not dropped by the suggest threshold.
  const answer =
    !features.ambiguous &&
    (settings.model
      ? answerProbability(features, settings.model) >= settings.model.answerAt
      : features.score >= settings.answerThreshold && features.margin >= settings.minMargin);
  if (answer) return 'answer';
  return features.score < settings.suggestThreshold ? 'none' : 'suggest';
}

/**
 * Entries after the answered one that score within this share of it are offered beside the answer
 * as "or did you mean" (at most MAX_ALTERNATIVES).
 */
export const ALTERNATIVE_RATIO = 0.8;
export const MAX_ALTERNATIVES = 2;

export function alternativesOf(ranked: readonly RankedEvidence[], settings: MatchingSettings): string[] {
  const [first, ...rest] = ranked;
  if (!first) return [];
  return rest
    .filter((c) => c.score >= settings.suggestThreshold && c.score >= first.score * ALTERNATIVE_RATIO)
    .slice(0, MAX_ALTERNATIVES)
    .map((c) => c.id);
}

/** Coverage at or above this counts as "one question contains the whole query". */
const FULL_COVERAGE = 0.999;
/** Within this score gap, two entries that both contain the whole query are a toss-up. */
const AMBIGUOUS_GAP = 0.2;

/**
 * A query that two close entries each contain completely ("passport", "签证") does not say which
 * one is meant, however high both score: the user should choose rather than get a guess.
 */
export function isAmbiguous(candidates: readonly { score: number; coverage: number }[]): boolean {
  const [first, second] = candidates;
  return (
    first !== undefined &&
    second !== undefined &&
    first.coverage >= FULL_COVERAGE &&
    second.coverage >= FULL_COVERAGE &&
    first.score - second.score < AMBIGUOUS_GAP
  );
}
