/**
 * The matcher's door: match(text) -> {decision, candidates with scores in [0, 1]}.
 * Knows the knowledge model, nothing of Bot Framework. Built once per knowledge snapshot.
 */
import type { KnowledgeBase, MatchingSettings } from '../knowledge/types';
import { Analyzer } from './analyzer';
import { buildFamilyIndex, type FamilyIndex } from './familyIndex';
import {
  isAmbiguous,
  combineEvidence,
  termTypicality,
  decide,
  questionSimilarity,
  type Decision
} from './scoring';
import { isStopTerm, type LanguageFamily } from './tokenize';

export type { Decision } from './scoring';

/** Questions are short; a pasted document must not cost more than a long question. */
const MAX_QUERY_CHARS = 2000;
/**
 * Candidates come from the query's rarest known terms: they decide which entries can win, and
 * their short posting lists keep FlexSearch fast however large the knowledge base (a common term
 * shared by thousands of questions costs time and finds nothing the rare ones would miss).
 */
const MAX_SEARCH_TERMS = 8;
/** Terms weighing less than this share of the rarest one only add long posting lists. */
const SEARCH_WEIGHT_RATIO = 0.3;
const SINGLE_HAN = /^\p{Script=Han}$/u;
/**
 * questionSimilarity is a^0.6 * b^0.4, so a^3 * b^2 (its fifth power, two multiplications instead of
 * two Math.pow) orders documents the same way. A document whose fifth power is below the entry's
 * second best by more than this relative margin (far above rounding error) cannot change the entry's
 * two best questions, and is skipped without computing its similarity.
 */
const SKIP_MARGIN = 1 - 1e-9;
/** Below this a fifth power may have lost precision to underflow; never skip on it. */
const SKIP_FLOOR = 1e-200;

function searchTermsOf(
  keyTerms: readonly string[],
  weight: (term: string) => number,
  isIndexed: (term: string) => boolean
): string[] {
  let known = keyTerms.filter(isIndexed);
  // A single Chinese character is in countless questions; its bigrams find the same entries faster.
  const withoutSingleHan = known.filter((t) => !SINGLE_HAN.test(t));
  if (withoutSingleHan.length > 0) known = withoutSingleHan;
  known.sort((a, b) => weight(b) - weight(a));
  const floor = known.length > 0 ? weight(known[0]!) * SEARCH_WEIGHT_RATIO : 0;
  return known.filter((t, i) => i === 0 || weight(t) >= floor).slice(0, MAX_SEARCH_TERMS);
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

export interface MatchCandidate {
  id: string;
  score: number;
  /** The alternate question (or keyword) that fitted best, as staff wrote it. */
  matchedQuestion: string;
  /** Share of the query's weight that one question of this entry contains, in [0, 1]. */
  coverage: number;
}

export interface MatchResult {
  decision: Decision;
  /** Best first, at most `maxCandidates`. */
  candidates: MatchCandidate[];
  /** Terms the query was reduced to (for staff tools and debugging). */
  terms: string[];
}

export interface MatcherOptions {
  maxCandidates?: number;
  settings?: MatchingSettings;
}

export class Matcher {
  private readonly analyzer: Analyzer;
  private readonly families: Record<LanguageFamily, FamilyIndex>;
  readonly settings: MatchingSettings;
  private readonly maxCandidates: number;
  /** Per family, per query: term id -> index of the query term, -1 elsewhere (reset after every match). */
  private readonly queryIndex: Record<LanguageFamily, Int32Array>;

  constructor(
    private readonly knowledge: Pick<KnowledgeBase, 'entries' | 'matching' | 'synonyms'>,
    options: MatcherOptions = {}
  ) {
    this.analyzer = new Analyzer(knowledge.synonyms);
    this.settings = options.settings ?? knowledge.matching;
    this.maxCandidates = options.maxCandidates ?? 5;
    this.families = {
      en: buildFamilyIndex(knowledge.entries, 'en', this.analyzer),
      zh: buildFamilyIndex(knowledge.entries, 'zh', this.analyzer)
    };
    this.queryIndex = {
      en: new Int32Array(this.families.en.vocabularySize).fill(-1),
      zh: new Int32Array(this.families.zh.vocabularySize).fill(-1)
    };
  }

  /** Ranks entries for a user's text. Never throws; empty or meaningless text gives `none`. */
  match(text: string): MatchResult {
    const analyzed = this.analyzer.analyze((text ?? '').slice(0, MAX_QUERY_CHARS));
    const family = this.families[analyzed.family];
    const { termIds, vocabularySize, weights } = family;
    const isIndexed = (t: string): boolean => (termIds.get(t) ?? vocabularySize) < vocabularySize;
    const known = (t: string): string => (isIndexed(t) ? t : (family.typos.correct(t) ?? t));
    const uniqueTerms = [...new Set(analyzed.terms.map(known))];
    const keyTerms = [...new Set(analyzed.keyTerms.map(known))];
    if (uniqueTerms.length === 0) return { decision: 'none', candidates: [], terms: [] };

    // The query's terms: weight, and id (-1 for a term neither questions nor answers use).
    const termCount = uniqueTerms.length;
    const queryTermWeights = new Float64Array(termCount);
    const queryTermIds = new Int32Array(termCount);
    let queryWeight = 0;
    for (let i = 0; i < termCount; i++) {
      const t = uniqueTerms[i]!;
      const id = termIds.get(t) ?? -1;
      const weight =
        id >= 0 && id < vocabularySize
          ? weights[id]!
          : isStopTerm(t)
            ? family.unknownStopWeight
            : family.unknownWeight;
      queryTermWeights[i] = weight;
      queryTermIds[i] = id;
      queryWeight += weight;
    }
    const searchTerms = searchTermsOf(keyTerms, (t) => weights[termIds.get(t)!]!, isIndexed);

    const queryIndex = this.queryIndex[analyzed.family];
    for (let i = 0; i < termCount; i++) {
      const id = queryTermIds[i]!;
      if (id >= 0 && id < vocabularySize) queryIndex[id] = i;
    }
    const ranked: MatchCandidate[] = [];
    try {
      const { entryDocuments, documentTermStart, documentTerms, documentWeights } = family;
      /** Per query term: how many of the current entry's documents use it. */
      const uses = new Int32Array(termCount);
      for (const entryIndex of family.candidates.search(searchTerms)) {
        uses.fill(0);
        const first = entryDocuments[entryIndex]!;
        const end = entryDocuments[entryIndex + 1]!;
        let bestDocument = -1;
        let best = 0;
        let second = 0;
        let secondLimit = 0;
        let bestPower = 0;
        let bestMatched = 0;
        for (let d = first; d < end; d++) {
          let matched = 0;
          for (let k = documentTermStart[d]!, last = documentTermStart[d + 1]!; k < last; k++) {
            const i = queryIndex[documentTerms[k]!]!;
            if (i < 0) continue;
            matched += queryTermWeights[i]!;
            uses[i]!++;
          }
          if (matched === 0) continue; // shares no word with the query: cannot be its best question
          if (matched > bestMatched) bestMatched = matched;
          const documentWeight = documentWeights[d]!;
          const a = Math.min(1, matched / queryWeight);
          const b = Math.min(1, matched / documentWeight);
          const power = a * a * a * b * b;
          if (power < secondLimit) continue;
          const similarity = questionSimilarity(matched, queryWeight, documentWeight);
          if (bestDocument < 0) {
            bestDocument = d;
            best = similarity;
            bestPower = power;
          } else if (similarity > best) {
            second = best;
            secondLimit = bestPower >= SKIP_FLOOR ? bestPower * SKIP_MARGIN : 0;
            best = similarity;
            bestPower = power;
            bestDocument = d;
          } else if (similarity > second) {
            second = similarity;
            secondLimit = power >= SKIP_FLOOR ? power * SKIP_MARGIN : 0;
          }
        }
        if (bestDocument < 0) continue;

        // How typical the query's words are of the entry's phrasings, and which its answer uses.
        const documentCount = end - first;
        const answerFrom = family.answerTermStart[entryIndex]!;
        const answerTo = family.answerTermStart[entryIndex + 1]!;
        let typical = 0;
        let covered = 0;
        let inAnswer = 0;
        for (let i = 0; i < termCount; i++) {
          const weight = queryTermWeights[i]!;
          const id = queryTermIds[i]!;
          if (id >= 0 && containsId(family.answerTerms, answerFrom, answerTo, id)) inAnswer += weight;
          const n = uses[i]!;
          if (n === 0) continue;
          typical += weight * termTypicality(n, documentCount);
          covered += weight;
        }
        const score = combineEvidence(
          {
            bestQuestion: best,
            secondQuestion: second,
            profile: typical / queryWeight,
            entryCoverage: covered / queryWeight,
            answerCoverage: inAnswer / queryWeight
          },
          family.reliability
        );
        ranked.push({
          id: this.knowledge.entries[entryIndex]!.id,
          score,
          coverage: bestMatched / queryWeight,
          matchedQuestion: family.documentTexts[bestDocument]!
        });
      }
    } finally {
      for (let i = 0; i < termCount; i++) {
        const id = queryTermIds[i]!;
        if (id >= 0 && id < vocabularySize) queryIndex[id] = -1;
      }
    }
    ranked.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    const candidates = ranked.slice(0, this.maxCandidates);
    return {
      decision: decide(
        candidates.map((c) => c.score),
        this.settings,
        isAmbiguous(candidates)
      ),
      candidates,
      terms: uniqueTerms
    };
  }
}
