/**
 * Step 2 of matching, candidates: the entries worth scoring, found by FlexSearch (candidateIndex.ts)
 * from the query's rarest known terms. Those decide which entries can win, and their short posting
 * lists keep the search fast however large the knowledge base: a common term shared by thousands of
 * questions costs time and finds nothing the rare ones would miss.
 */
import type { KnowledgeIndex } from './knowledgeIndex';
import { isQuestionTerm, type QueryTerms } from './queryTerms';

const MAX_SEARCH_TERMS = 8;
/** Terms weighing less than this share of the rarest one only add long posting lists. */
const SEARCH_WEIGHT_RATIO = 0.3;
/**
 * When the rarest terms find fewer entries than this (one), the search is run again with the commoner
 * terms too: one rare word ("exactly" in "what exactly does the office do") must not leave the only
 * entry that uses it as the sole candidate while the rest of the query is another's question. Measured
 * (bench/matching, synthetic knowledge): p99 per Chinese question 0.11 -> 0.21-0.39 ms at 1,000 entries,
 * 0.13 -> 0.54-0.64 ms at 10,000; at 4 the 1,000-entry p99 reached 1.1 ms for no gain in the folds.
 */
const FEW_CANDIDATES = 2;
/** The wider search still leaves out the commonest words ("the", 的): they find everything. */
const WIDER_WEIGHT_RATIO = 0.1;
const SINGLE_HAN = /^\p{Script=Han}$/u;

/** The entries (indexes) to score for this query, most shared rare terms first. */
export function candidatesFor(query: QueryTerms, index: KnowledgeIndex): number[] {
  const rarest = searchTermsOf(query, index, SEARCH_WEIGHT_RATIO);
  const found = index.candidates.search(rarest);
  if (found.length >= FEW_CANDIDATES) return found;
  const wider = searchTermsOf(query, index, WIDER_WEIGHT_RATIO);
  return wider.length > rarest.length ? index.candidates.search(wider) : found;
}

/**
 * The term ids to search with: the rarest key terms that some question uses, down to `weightRatio` of
 * the rarest. Sorting is stable, so terms of equal weight keep the query's order.
 */
export function searchTermsOf(query: QueryTerms, index: KnowledgeIndex, weightRatio: number): number[] {
  const { terms, ids, weights } = query;
  let known = query.keys.filter((i) => isQuestionTerm(index, ids[i]!));
  // A single Chinese character is in countless questions; its bigrams find the same entries faster.
  const withoutSingleHan = known.filter((i) => !isSingleHan(terms[i]!));
  if (withoutSingleHan.length > 0) known = withoutSingleHan;
  known.sort((a, b) => weights[b]! - weights[a]!);
  const floor = known.length > 0 ? weights[known[0]!]! * weightRatio : 0;
  const chosen: number[] = [];
  for (let k = 0; k < known.length && chosen.length < MAX_SEARCH_TERMS; k++) {
    if (k === 0 || weights[known[k]!]! >= floor) chosen.push(ids[known[k]!]!);
  }
  return chosen;
}

/** One Han character (two UTF-16 units beyond the BMP). */
function isSingleHan(term: string): boolean {
  return term.length <= 2 && SINGLE_HAN.test(term);
}
