/**
 * Step 3 of matching, score: term weights (the knowledge's idf times a general-language prior) and an
 * entry's score in [0, 1] from the evidence of its questions, keywords and answer. Pure.
 */
import { isStopTerm } from './tokenize';

/**
 * Specificity (see prior.ts) below which a term keeps this share of its weight: common words weigh
 * close to nothing, yet "where" still tells "where is the office" from "how do I reach it".
 */
export const SPECIFICITY_FLOOR = 0.1;

/**
 * Words that ask for a kind of answer, a place, a time or a person: common in the language, yet
 * "where" is all that tells "where is the foreign affairs office" from "what does the foreign affairs
 * office do". Their specificity is at least ASKING_SPECIFICITY (English stems and Simplified words).
 */
export const ASKING_WORDS: ReadonlySet<string> = new Set(['where', 'when', 'who', '哪里', '哪儿', '谁']);
export const ASKING_SPECIFICITY = 0.5;

/**
 * A term's specificity in the language: its general frequency (prior.ts), raised for ASKING_WORDS,
 * and 0 for the other function words (tokenize.ts's stop terms), whether or not the frequency list has
 * them: "im", "dont" or "pls" are missing from it and would otherwise count as rare, specific words.
 */
export function specificityInLanguage(term: string, priorSpecificity: number): number {
  if (ASKING_WORDS.has(term)) return Math.max(priorSpecificity, ASKING_SPECIFICITY);
  return isStopTerm(term) ? 0 : priorSpecificity;
}

/**
 * A term's weight: how well it tells entries apart in this knowledge (its idf over entries) times how
 * specific it is in the language in general, so 我, 想, "we" or "going" weigh almost nothing whether
 * or not some entry uses them, and a specific word no entry uses ("museum") weighs fully.
 */
export function termWeight(knowledgeIdf: number, specificity: number, reliability = 0): number {
  const s = Math.max(0, Math.min(1, specificity));
  const floor = specificityFloor(reliability);
  return knowledgeIdf * (floor + (1 - floor) * s);
}

/** Where the general prior starts to give way to the knowledge's own statistics, and over how much. */
const PRIOR_YIELDS_FROM = 0.6;
const PRIOR_YIELDS_OVER = 0.1;

/**
 * The share of its weight a common word keeps: SPECIFICITY_FLOOR while the knowledge's own statistics
 * are thin (phrasingReliability up to 0.6, 60 phrasings per entry: an office's knowledge has about 40),
 * so the general prior decides which words matter; rising to 1 (the prior no longer counts) by 0.7
 * (93 phrasings per entry): with a hundred phrasings per intent, "up" in "turn the volume up" is what
 * the knowledge's statistics show, a word that tells intents apart. On CLINC150 (100 phrasings per
 * intent) the prior at full strength cost 5 points of top-1 (81.8% against 86.8%; bench/ACCURACY.md).
 */
export function specificityFloor(reliability: number): number {
  const trust = Math.max(0, Math.min(1, (reliability - PRIOR_YIELDS_FROM) / PRIOR_YIELDS_OVER));
  return SPECIFICITY_FLOOR + (1 - SPECIFICITY_FLOOR) * trust;
}

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

/** Phrasings per entry at which phrasing statistics get half their say (see phrasingReliability). */
export const HALF_RELIABLE_PHRASINGS = 40;

/**
 * How far to trust statistics over an entry's phrasings (which words are typical of it, function words,
 * agreement of several phrasings), in [0, 1), from the mean number of phrasings per entry: with a
 * handful per entry they are noise, with a hundred they tell "where is my phone" from "how do I sync
 * my phone". A property of the knowledge, measured when the index is built.
 */
export function phrasingReliability(meanPhrasingsPerEntry: number): number {
  if (!(meanPhrasingsPerEntry > 0)) return 0;
  return meanPhrasingsPerEntry / (meanPhrasingsPerEntry + HALF_RELIABLE_PHRASINGS);
}

export interface EntryEvidence {
  /** questionSimilarity of the entry's best-fitting question or keyword. */
  bestQuestion: number;
  /** questionSimilarity of the second best (0 when there is none). */
  secondQuestion: number;
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

/**
 * Weights of the evidence, each set summing to 1: `few` for entries with few phrasings (trust the best
 * question), `many` for entries with many (trust what their phrasings share). Chosen on the validation
 * splits of the public benchmark sets and the office's own evaluation cases (bench/accuracy).
 */
export const EVIDENCE_WEIGHTS = {
  few: { question: 0.75, profile: 0, entryCoverage: 0.2, answerCoverage: 0.05 },
  many: { question: 0.4, profile: 0.35, entryCoverage: 0.2, answerCoverage: 0.05 }
} as const;

/** The entry's score in [0, 1]: the two weightings blended by how reliable phrasing statistics are. */
export function combineEvidence(e: EntryEvidence, reliability: number): number {
  const r = Math.max(0, Math.min(1, reliability));
  const { few, many } = EVIDENCE_WEIGHTS;
  const fewScore = few.question * e.bestQuestion + sharedEvidence(few, e);
  const manyScore =
    many.question * topQuestionsSimilarity(e.bestQuestion, e.secondQuestion) +
    many.profile * e.profile +
    sharedEvidence(many, e);
  return Math.max(0, Math.min(1, (1 - r) * fewScore + r * manyScore));
}

/** The evidence both weightings count alike: coverage of the query by the entry and by its answer. */
function sharedEvidence(
  w: (typeof EVIDENCE_WEIGHTS)[keyof typeof EVIDENCE_WEIGHTS],
  e: EntryEvidence
): number {
  return w.entryCoverage * e.entryCoverage + w.answerCoverage * e.answerCoverage;
}
