/**
 * The matcher's door: match(text) -> {decision, candidates with scores in [0, 1]}.
 * Knows the knowledge model, nothing of Bot Framework. Built once per knowledge snapshot.
 *
 * The pipeline, one step per file:
 *   analyze (analyzer.ts: normalize, Cantonese, synonyms, tokens; homophones.ts and typos.ts correct
 *   what the knowledge does not know) -> candidates (candidateIndex.ts, FlexSearch) -> score
 *   (scoring.ts, over knowledgeIndex.ts) -> decide (decision.ts).
 */
import type { KnowledgeBase, MatchingSettings } from '../knowledge/types';
import { Analyzer } from './analyzer';
import { isHanPair } from './chinese';
import { alternativesOf, decide, decisionFeatures, type Decision, type DecisionFeatures } from './decision';
import { ElsewhereWords, mentionsElsewhere, type ElsewhereMention } from './elsewhere';
import { HomophoneCorrector } from './homophones';
import { buildKnowledgeIndex, type KnowledgeIndex } from './knowledgeIndex';
import { generalPrior, type LanguagePrior } from './prior';
import {
  combineEvidence,
  questionSimilarity,
  specificityInLanguage,
  termTypicality,
  termWeight
} from './scoring';
import { isStopTerm } from './tokenize';
import { splitRunTogether } from './typos';
import { stemEnglish } from './english';

export type { Decision } from './decision';

/** Questions are short; a pasted document must not cost more than a long question. */
const MAX_QUERY_CHARS = 2000;
/**
 * Candidates come from the query's rarest known terms: they decide which entries can win, and
 * their short posting lists keep FlexSearch fast however large the knowledge base (a
 * common term shared by thousands of questions costs time and finds nothing the rare ones would miss).
 */
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
/** The two-letter words of English a run-together word may hold ("whereis", "howto", "canigo"). */
const TWO_LETTER_WORDS: ReadonlySet<string> = new Set(
  'am an as at be by do go he hi if in is it me my no of oh ok on or so to up us we id hk uk eu un'.split(' ')
);
const HAN_START = /^\p{Script=Han}/u;
/**
 * A Chinese word of two characters is three terms (both characters and their pair): in counts of
 * words (evidence, unexplained) each Chinese term counts a third, so that "three unexplained words"
 * means the same in both languages.
 */
const HAN_TERM_WORDS = 1 / 3;
/**
 * questionSimilarity is a^0.6 * b^0.4, so a^3 * b^2 (its fifth power, multiplications instead of two
 * Math.pow) orders documents the same way. A document whose fifth power is below the entry's second
 * largest by more than this relative margin (far above rounding error) is below two other documents,
 * so it can be neither the best question nor the second: its similarity is never computed.
 */
const SKIP_MARGIN = 1 - 1e-9;
/** Below this a fifth power may have lost precision to underflow; never skip on it. */
const SKIP_FLOOR = 1e-200;

/**
 * The query terms to find candidates with (ids): the rarest key terms (indexes into `terms`) that
 * some question uses. Sorting is stable, so terms of equal weight keep the query's order.
 */
function searchTermsOf(
  keys: readonly number[],
  terms: readonly string[],
  ids: readonly number[],
  weights: readonly number[],
  vocabularySize: number,
  weightRatio = SEARCH_WEIGHT_RATIO
): number[] {
  let known: number[] = [];
  for (const i of keys) if (ids[i]! >= 0 && ids[i]! < vocabularySize) known.push(i);
  // A single Chinese character is in countless questions; its bigrams find the same entries faster.
  const withoutSingleHan: number[] = [];
  for (const i of known) if (!isSingleHan(terms[i]!)) withoutSingleHan.push(i);
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

export interface MatchResult {
  decision: Decision;
  /** What the decision was made on (undefined when nothing was ranked). */
  features?: DecisionFeatures;
  /** Best first, at most `maxCandidates`. */
  candidates: MatchCandidate[];
  /**
   * With an answer: up to two other entries close enough to offer as "or did you mean" (ids, best
   * first); empty otherwise.
   */
  alternatives: string[];
  /** Terms the query was reduced to (for staff tools and debugging). */
  terms: string[];
}

/** The parts of a Matcher that building it computes from the knowledge. */
export interface BuiltMatcher {
  index: KnowledgeIndex;
  homophones: HomophoneCorrector;
}

export interface MatcherOptions {
  maxCandidates?: number;
  settings?: MatchingSettings;
  /** General-language word frequencies (tests may pass a small one). */
  prior?: LanguagePrior;
}

export class Matcher {
  private readonly analyzer: Analyzer;
  private readonly index: KnowledgeIndex;
  private readonly homophones: HomophoneCorrector;
  private readonly elsewhere: ElsewhereWords;
  readonly settings: MatchingSettings;
  private readonly maxCandidates: number;
  /** Per query: term id -> its slot, 1 + index of the query term, 0 elsewhere (reset after every match). */
  private readonly slotOf: Int32Array;
  /** Per document of the entry being scored: its matched weight and the fifth power of its similarity. */
  private readonly matchedWeights: Float64Array;
  private readonly powers: Float64Array;
  /** Per query, grown as needed: each slot's weight and use count. */
  private slotWeights = new Float64Array(64);
  private uses = new Int32Array(64);

  /**
   * @param built the index and homophone corrector of a Matcher over the same knowledge and options,
   *   as `built()` gave them: a reload builds them in a worker thread, and only hands them over here.
   */
  constructor(
    private readonly knowledge: Pick<KnowledgeBase, 'entries' | 'matching' | 'synonyms'> &
      Partial<Pick<KnowledgeBase, 'cantonese' | 'elsewhere'>>,
    options: MatcherOptions = {},
    built?: BuiltMatcher
  ) {
    this.analyzer = new Analyzer(knowledge.synonyms, knowledge.cantonese ?? []);
    this.elsewhere = new ElsewhereWords(knowledge.elsewhere ?? [], this.analyzer);
    this.settings = options.settings ?? knowledge.matching;
    this.maxCandidates = options.maxCandidates ?? 5;
    const prior = options.prior ?? generalPrior;
    if (built) {
      this.index = built.index;
      this.homophones = built.homophones;
    } else {
      const { index, stopCharacterPairs } = buildKnowledgeIndex(knowledge.entries, this.analyzer, prior);
      this.index = index;
      const vocabulary = new Set<string>();
      for (const [term, id] of this.index.termIds) if (id < this.index.vocabularySize) vocabulary.add(term);
      this.homophones = new HomophoneCorrector(vocabulary, prior, undefined, stopCharacterPairs);
    }
    this.slotOf = new Int32Array(this.index.vocabularySize);
    this.matchedWeights = new Float64Array(this.index.maxEntryDocuments);
    this.powers = new Float64Array(this.index.maxEntryDocuments);
  }

  /** The knowledge's character pairs in a short normalized text, as it is analyzed (for homophones). */
  private readonly knownPairsOf = (text: string): ReadonlySet<string> => {
    const pairs = new Set<string>();
    for (const term of this.analyzer.termsOf(text).terms) {
      const id = this.index.termIds.get(term);
      if (id !== undefined && id < this.index.vocabularySize && isHanPair(term)) pairs.add(term);
    }
    return pairs;
  };

  /** What this matcher built from the knowledge, to hand to a Matcher in another thread. */
  built(): BuiltMatcher {
    return { index: this.index, homophones: this.homophones };
  }

  /** Ranks entries for a user's text. Never throws; empty or meaningless text gives `none`. */
  match(text: string): MatchResult {
    const normalized = this.homophones.correct(
      this.analyzer.normalize((text ?? '').slice(0, MAX_QUERY_CHARS)),
      this.knownPairsOf
    );
    const analyzed = this.analyzer.termsOf(normalized);

    const index = this.index;
    const slotOf = this.slotOf;
    const { termIds, vocabularySize } = index;
    const isKnown = (id: number) => id >= 0 && id < vocabularySize;
    /** The query's distinct terms, each corrected (typo, run-together words) when no question uses it. */
    const terms: string[] = [];
    /** Per query term: its id (-1 for a term neither questions nor answers use), its weight. */
    const ids: number[] = [];
    const termWeights: number[] = [];
    /** The query terms to find candidates with (indexes into `terms`), and which are among them. */
    const keys: number[] = [];
    const isKey: boolean[] = [];
    const add = (term: string, id: number, key: boolean) => {
      const known = isKnown(id);
      let at = known ? slotOf[id]! - 1 : terms.indexOf(term);
      if (at < 0) {
        at = terms.length;
        terms.push(term);
        ids.push(id);
        isKey.push(false);
        const idf = known
          ? index.weights[id]!
          : termWeight(
              index.unknownWeight,
              specificityInLanguage(term, index.prior.specificity(term)),
              index.reliability
            );
        termWeights.push(idf);
        if (known) slotOf[id] = at + 1;
      }
      if (key && !isKey[at]) {
        isKey[at] = true;
        keys.push(at);
      }
    };
    const knownStem = (half: string): string | undefined => {
      // "ar" is the stem of "are" but no word as typed: "notarised" is no "not ar is".
      if (half.length === 2 && !TWO_LETTER_WORDS.has(half)) return undefined;
      const stem = stemEnglish(half);
      const id = termIds.get(stem);
      if (id !== undefined && isKnown(id) && (half.length >= 2 || isStopTerm(stem))) return stem;
      return isStopTerm(stem) ? stem : undefined;
    };
    try {
      // keyTerms is a subsequence of terms: walking both tells which terms are key terms.
      const { keyTerms } = analyzed;
      let nextKey = 0;
      for (const analyzedTerm of analyzed.terms) {
        const key = keyTerms[nextKey] === analyzedTerm;
        if (key) nextKey++;
        const id = termIds.get(analyzedTerm) ?? -1;
        if (isKnown(id)) {
          add(analyzedTerm, id, key);
          continue;
        }
        // An English word is no typo of another ("bank" is not "back") nor a run of several ("weather"
        // is not "we at her"): only what general English lacks is corrected.
        if (index.prior.isWord(analyzedTerm)) {
          add(analyzedTerm, id, key);
          continue;
        }
        const corrected = index.typos.correct(analyzedTerm);
        if (corrected !== undefined) {
          add(corrected, termIds.get(corrected)!, key);
          continue;
        }
        const halves = splitRunTogether(analyzedTerm, knownStem);
        if (halves) {
          for (const half of halves) add(half, termIds.get(half) ?? -1, !isStopTerm(half));
          continue;
        }
        add(analyzedTerm, id, key);
      }
      if (terms.length === 0) return { decision: 'none', candidates: [], alternatives: [], terms: [] };
      const rarest = searchTermsOf(keys, terms, ids, termWeights, vocabularySize);
      let candidates = index.candidates.search(rarest);
      if (candidates.length < FEW_CANDIDATES) {
        const wider = searchTermsOf(keys, terms, ids, termWeights, vocabularySize, WIDER_WEIGHT_RATIO);
        if (wider.length > rarest.length) candidates = index.candidates.search(wider);
      }
      const wordShares = terms.map((term) => (HAN_START.test(term) ? HAN_TERM_WORDS : 1));
      const mentions = this.elsewhere.mentionsIn(terms);
      const ranked = this.rank(candidates, ids, termWeights, wordShares, mentions);
      let chineseWeight = 0;
      let queryWeight = 0;
      terms.forEach((term, i) => {
        queryWeight += termWeights[i]!;
        if (HAN_START.test(term)) chineseWeight += termWeights[i]!;
      });
      const features = decisionFeatures(ranked, {
        chinese: queryWeight > 0 ? chineseWeight / queryWeight : 0
      });
      const decision = decide(features, this.settings);
      return {
        decision,
        features,
        candidates: ranked,
        alternatives: decision === 'answer' ? alternativesOf(ranked, this.settings) : [],
        terms
      };
    } finally {
      for (const id of ids) if (isKnown(id)) slotOf[id] = 0;
    }
  }

  /** Scratch buffers of at least `size` slots (slot 0 and one per query term). */
  private scratchFor(size: number): void {
    if (this.slotWeights.length >= size) return;
    const length = Math.max(size, this.slotWeights.length * 2);
    this.slotWeights = new Float64Array(length);
    this.uses = new Int32Array(length);
  }

  /**
   * Scores every candidate entry, best first, at most maxCandidates: its best and second best
   * questions, how typical the query's words are of its phrasings, and how much of them its answer uses.
   */
  private rank(
    candidateEntries: readonly number[],
    ids: readonly number[],
    termWeights: readonly number[],
    /** Per query term: the share of a word it is (see HAN_TERM_WORDS). */
    wordShares: readonly number[],
    /** Other agencies' words in the query. */
    mentions: readonly ElsewhereMention[]
  ): MatchCandidate[] {
    const family = this.index;
    const slotOf = this.slotOf;
    const termCount = ids.length;
    let queryWeight = 0;
    let queryWords = 0;
    for (let i = 0; i < termWeights.length; i++) {
      queryWeight += termWeights[i]!;
      queryWords += termWeights[i]! * wordShares[i]!;
    }
    if (!(queryWeight > 0)) return [];
    const inverseQueryWeight = 1 / queryWeight;
    const fullWeight = family.unknownWeight;
    this.scratchFor(termCount + 1);
    // Slot 0 is every word the query does not use: its weight, 0, changes no sum.
    const { slotWeights, uses, matchedWeights, powers } = this;
    slotWeights[0] = 0;
    for (let i = 0; i < termCount; i++) slotWeights[i + 1] = termWeights[i]!;
    const { entryDocuments, documentTermStart, documentTerms, documentWeights, inverseWeights } = family;
    const ranked: MatchCandidate[] = [];
    for (const entryIndex of candidateEntries) {
      /** Per slot: how many of the entry's documents use the term. */
      uses.fill(0, 0, termCount + 1);
      const first = entryDocuments[entryIndex]!;
      const end = entryDocuments[entryIndex + 1]!;
      // First pass: each document's matched weight, and the two largest fifth powers of its similarity.
      let top = 0;
      let next = 0;
      let bestMatched = 0;
      for (let d = first; d < end; d++) {
        const from = documentTermStart[d]!;
        const to = documentTermStart[d + 1]!;
        let matched = 0;
        for (let k = from; k < to; k++) {
          const slot = slotOf[documentTerms[k]!]!;
          matched += slotWeights[slot]!;
          uses[slot]!++;
        }
        matchedWeights[d - first] = matched;
        if (matched === 0) continue; // shares no word with the query: cannot be its best question
        if (matched > bestMatched) bestMatched = matched;
        // Products by reciprocals, not quotients: a rounding apart, far inside the skipping margin.
        const a = Math.min(1, matched * inverseQueryWeight);
        const b = Math.min(1, matched * inverseWeights[d]!);
        const power = a * a * a * b * b;
        powers[d - first] = power;
        if (power > top) {
          next = top;
          top = power;
        } else if (power > next) next = power;
      }
      // Second pass, over the documents that can be the best or second best: their similarity.
      const limit = next >= SKIP_FLOOR ? next * SKIP_MARGIN : 0;
      let bestDocument = -1;
      let best = 0;
      let second = 0;
      for (let d = first; d < end; d++) {
        const matched = matchedWeights[d - first]!;
        if (matched === 0 || powers[d - first]! < limit) continue;
        const similarity = questionSimilarity(matched, queryWeight, documentWeights[d]!);
        if (bestDocument < 0) {
          bestDocument = d;
          best = similarity;
        } else if (similarity > best) {
          second = best;
          best = similarity;
          bestDocument = d;
        } else if (similarity > second) second = similarity;
      }
      if (bestDocument < 0) continue;

      const documentCount = end - first;
      const answerFrom = family.answerTermStart[entryIndex]!;
      const answerTo = family.answerTermStart[entryIndex + 1]!;
      let typical = 0;
      let covered = 0;
      let inAnswer = 0;
      let explained = 0;
      let explainedWords = 0;
      let heaviestUnexplained = 0;
      const isAnswered = (i: number) =>
        ids[i]! >= 0 && containsId(family.answerTerms, answerFrom, answerTo, ids[i]!);
      for (let i = 0; i < termCount; i++) {
        const weight = termWeights[i]!;
        const answered = isAnswered(i);
        if (answered) inAnswer += weight;
        const n = uses[i + 1]!;
        if (n > 0 || answered) {
          explained += weight;
          explainedWords += weight * wordShares[i]!;
        } else if (weight > heaviestUnexplained) heaviestUnexplained = weight;
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
      // Keep the best maxCandidates as a sort would order them (stable: ties keep candidate order).
      const entry = this.knowledge.entries[entryIndex]!;
      const id = entry.id;
      let at = ranked.length;
      while (at > 0 && (ranked[at - 1]!.score - score || id.localeCompare(ranked[at - 1]!.id)) < 0) at--;
      if (at >= this.maxCandidates) continue;
      ranked.splice(at, 0, {
        id,
        score,
        coverage: bestMatched / queryWeight,
        matchedQuestion: family.documentTexts[bestDocument]!,
        questionCoverage: Math.min(1, matchedWeights[bestDocument - first]! / documentWeights[bestDocument]!),
        explained: explained / queryWeight,
        unexplained: (queryWords - explainedWords) / fullWeight,
        evidence: explainedWords / fullWeight,
        heaviestUnexplained: Math.min(1, heaviestUnexplained / fullWeight),
        elsewhere: mentionsElsewhere(
          mentions,
          entry.topic,
          (i) => uses[i + 1]! > 0 || isAnswered(i),
          (mention) => this.elsewhere.speaksOf(entryIndex, entry, mention.word)
        )
      });
      if (ranked.length > this.maxCandidates) ranked.pop();
    }
    return ranked;
  }
}
