/**
 * The matcher's door: match(text) -> {decision, candidates with scores in [0, 1]}.
 * Knows the knowledge model, nothing of Bot Framework. Built once per knowledge snapshot.
 *
 * The pipeline, one step per file:
 *   analyze (analyzer.ts: normalize, Cantonese, synonyms, tokens; homophones.ts corrects slips the
 *   knowledge does not know; queryTerms.ts: the terms' ids and weights, typos and run-together words
 *   corrected) -> candidates (candidates.ts, FlexSearch in candidateIndex.ts) -> score (rank.ts, with
 *   scoring.ts's formulas, over knowledgeIndex.ts) -> decide (decision.ts).
 */
import type { KnowledgeBase, MatchingSettings } from '../knowledge/types';
import { Analyzer } from './analyzer';
import { candidatesFor } from './candidates';
import { isHanPair } from './chinese';
import { alternativesOf, decide, decisionFeatures, type Decision, type DecisionFeatures } from './decision';
import { ElsewhereWords } from './elsewhere';
import { HomophoneCorrector } from './homophones';
import { buildKnowledgeIndex, type KnowledgeIndex } from './knowledgeIndex';
import { generalPrior, type LanguagePrior } from './prior';
import { isQuestionTerm, queryTermsOf } from './queryTerms';
import { rankCandidates, type MatchCandidate } from './rank';

export type { Decision } from './decision';
export type { MatchCandidate } from './rank';

/** Questions are short; a pasted document must not cost more than a long question. */
const MAX_QUERY_CHARS = 2000;
const HAN_START = /^\p{Script=Han}/u;

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
      for (const [term, id] of this.index.termIds) if (isQuestionTerm(index, id)) vocabulary.add(term);
      this.homophones = new HomophoneCorrector(vocabulary, prior, undefined, stopCharacterPairs);
    }
  }

  /** The knowledge's character pairs in a short normalized text, as it is analyzed (for homophones). */
  private readonly knownPairsOf = (text: string): ReadonlySet<string> => {
    const pairs = new Set<string>();
    for (const term of this.analyzer.termsOf(text).terms) {
      const id = this.index.termIds.get(term);
      if (id !== undefined && isQuestionTerm(this.index, id) && isHanPair(term)) pairs.add(term);
    }
    return pairs;
  };

  /** What this matcher built from the knowledge, to hand to a Matcher in another thread. */
  built(): BuiltMatcher {
    return { index: this.index, homophones: this.homophones };
  }

  /** Ranks entries for a user's text. Never throws; empty or meaningless text gives `none`. */
  match(text: string): MatchResult {
    // Step 1, analyze: slips corrected, then terms with their ids and weights.
    const normalized = this.homophones.correct(
      this.analyzer.normalize((text ?? '').slice(0, MAX_QUERY_CHARS)),
      this.knownPairsOf
    );
    const query = queryTermsOf(this.analyzer.termsOf(normalized), this.index);
    const { terms, weights } = query;
    if (terms.length === 0) return { decision: 'none', candidates: [], alternatives: [], terms: [] };
    // Steps 2 and 3: candidates, scored.
    const ranked = rankCandidates(candidatesFor(query, this.index), query, {
      index: this.index,
      entries: this.knowledge.entries,
      maxCandidates: this.maxCandidates,
      elsewhere: this.elsewhere,
      mentions: this.elsewhere.mentionsIn(terms)
    });
    // Step 4, decide.
    let chineseWeight = 0;
    let queryWeight = 0;
    terms.forEach((term, i) => {
      queryWeight += weights[i]!;
      if (HAN_START.test(term)) chineseWeight += weights[i]!;
    });
    const features = decisionFeatures(ranked, { chinese: queryWeight > 0 ? chineseWeight / queryWeight : 0 });
    const decision = decide(features, this.settings);
    return {
      decision,
      features,
      candidates: ranked,
      alternatives: decision === 'answer' ? alternativesOf(ranked, this.settings) : [],
      terms
    };
  }
}
