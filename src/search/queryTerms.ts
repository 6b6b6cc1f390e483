/**
 * Step 1b of matching: the analyzed query against this knowledge's vocabulary. Each distinct term gets
 * its id and weight; a term no question uses is corrected first when it is a typo of one (not a word
 * of general English: "bank" is no typo of "back") or several known words run together.
 */
import type { AnalyzedText } from './analyzer';
import { stemEnglish } from './english';
import type { KnowledgeIndex } from './knowledgeIndex';
import { specificityInLanguage, termWeight } from './scoring';
import { isStopTerm } from './tokenize';
import { splitRunTogether } from './typos';

/** The two-letter words of English a run-together word may hold ("whereis", "howto", "canigo"). */
const TWO_LETTER_WORDS: ReadonlySet<string> = new Set(
  'am an as at be by do go he hi if in is it me my no of oh ok on or so to up us we id hk uk eu un'.split(' ')
);

export interface QueryTerms {
  /** The query's distinct terms, corrected, in first-seen order. */
  terms: string[];
  /** Per term: its id in the index (-1 for a term neither questions nor answers use). */
  ids: number[];
  /** Per term: its weight (the index's for a known term; an unknown one's from its general specificity). */
  weights: number[];
  /** The terms to find candidates with (indexes into `terms`): those that are no stop words. */
  keys: number[];
}

/** Is `id` a term of the questions and keywords (these have a weight)? Answer-only terms are not. */
export function isQuestionTerm(index: KnowledgeIndex, id: number): boolean {
  return id >= 0 && id < index.vocabularySize;
}

export function queryTermsOf(analyzed: AnalyzedText, index: KnowledgeIndex): QueryTerms {
  const query: QueryTerms = { terms: [], ids: [], weights: [], keys: [] };
  const positionOf = new Map<string, number>();
  const add = (term: string, id: number, key: boolean) => {
    let at = positionOf.get(term);
    if (at === undefined) {
      at = query.terms.length;
      positionOf.set(term, at);
      query.terms.push(term);
      query.ids.push(id);
      query.weights.push(
        isQuestionTerm(index, id)
          ? index.weights[id]!
          : termWeight(
              index.unknownWeight,
              specificityInLanguage(term, index.prior.specificity(term)),
              index.reliability
            )
      );
    }
    if (key && !query.keys.includes(at)) query.keys.push(at);
  };
  const knownStem = (half: string): string | undefined => {
    // "ar" is the stem of "are" but no word as typed: "notarised" is no "not ar is".
    if (half.length === 2 && !TWO_LETTER_WORDS.has(half)) return undefined;
    const stem = stemEnglish(half);
    const id = index.termIds.get(stem);
    if (id !== undefined && isQuestionTerm(index, id) && (half.length >= 2 || isStopTerm(stem))) return stem;
    return isStopTerm(stem) ? stem : undefined;
  };

  // keyTerms is a subsequence of terms: walking both tells which terms are key terms.
  const { keyTerms } = analyzed;
  let nextKey = 0;
  for (const term of analyzed.terms) {
    const key = keyTerms[nextKey] === term;
    if (key) nextKey++;
    const id = index.termIds.get(term) ?? -1;
    // A word of general English is no typo of another nor a run of several ("weather" is not "we at her").
    if (isQuestionTerm(index, id) || index.prior.isWord(term)) {
      add(term, id, key);
      continue;
    }
    const corrected = index.typos.correct(term);
    if (corrected !== undefined) {
      add(corrected, index.termIds.get(corrected)!, key);
      continue;
    }
    const halves = splitRunTogether(term, knownStem);
    if (halves) {
      for (const half of halves) add(half, index.termIds.get(half) ?? -1, !isStopTerm(half));
      continue;
    }
    add(term, id, key);
  }
  return query;
}
