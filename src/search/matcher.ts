/**
 * The matcher's door: match(text) -> {decision, candidates with scores in [0, 1]}.
 * Knows the knowledge model, nothing of Bot Framework. Built once per knowledge snapshot.
 */
import type { KnowledgeBase, KnowledgeEntry, MatchingSettings } from '../knowledge/types';
import { Analyzer } from './analyzer';
import { CandidateIndex } from './candidateIndex';
import {
  isAmbiguous,
  combineEvidence,
  phrasingReliability,
  termTypicality,
  decide,
  inverseDocumentFrequency,
  questionSimilarity,
  type Decision
} from './scoring';
import { isStopTerm, type LanguageFamily } from './tokenize';
import { TypoCorrector } from './typos';

export type { Decision } from './scoring';

const EMPTY_IDS = new Uint32Array(0);
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

function searchTermsOf(
  keyTerms: readonly string[],
  weights: ReadonlyMap<string, number>,
  isIndexed: (term: string) => boolean
): string[] {
  let known = keyTerms.filter(isIndexed);
  // A single Chinese character is in countless questions; its bigrams find the same entries faster.
  const withoutSingleHan = known.filter((t) => !SINGLE_HAN.test(t));
  if (withoutSingleHan.length > 0) known = withoutSingleHan;
  const weight = (t: string) => weights.get(t) ?? 0;
  known.sort((a, b) => weight(b) - weight(a));
  const floor = weight(known[0] ?? '') * SEARCH_WEIGHT_RATIO;
  return known.filter((t, i) => i === 0 || weight(t) >= floor).slice(0, MAX_SEARCH_TERMS);
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

type DocumentKind = 'question' | 'keyword' | 'answer';

interface IndexedDocument {
  entry: number;
  kind: DocumentKind;
  text: string;
  terms: string[];
  /** Terms given to the candidate index (stop words left out unless there is nothing else). */
  keyTerms: string[];
  /** Its terms as ids in its family's vocabulary, and the sum of their weights (precomputed at build). */
  termIds: Uint32Array;
  weight: number;
}

interface FamilyIndex {
  /** One FlexSearch document per entry: the key terms of all its questions and keywords. */
  candidates: CandidateIndex;
  /** Per entry: ids of its question and keyword documents. */
  entryDocuments: Map<number, number[]>;
  /** Term -> idf over entries. */
  weights: Map<string, number>;
  /** Term -> id (index into `scratch`). */
  termIds: Map<string, number>;
  /** Per query: the weight of each query term by id, 0 elsewhere (reset after every match). */
  scratch: Float64Array;
  /** Weight of a term no entry uses. */
  unknownWeight: number;
  /** Weight of a function word no entry uses ("here", "week"): common words say little either way. */
  unknownStopWeight: number;
  /** Per entry: term -> its termTypicality (from the share of the entry's questions using it). */
  profiles: Map<number, Map<string, number>>;
  answerTerms: Map<number, Set<string>>;
  typos: TypoCorrector;
  /** phrasingReliability of this knowledge (mean phrasings per entry). */
  reliability: number;
}

export interface MatcherOptions {
  maxCandidates?: number;
  settings?: MatchingSettings;
}

export class Matcher {
  private readonly analyzer: Analyzer;
  private readonly documents: IndexedDocument[] = [];
  private readonly families: Record<LanguageFamily, FamilyIndex>;
  readonly settings: MatchingSettings;
  private readonly maxCandidates: number;

  constructor(
    private readonly knowledge: Pick<KnowledgeBase, 'entries' | 'matching' | 'synonyms'>,
    options: MatcherOptions = {}
  ) {
    this.analyzer = new Analyzer(knowledge.synonyms);
    this.settings = options.settings ?? knowledge.matching;
    this.maxCandidates = options.maxCandidates ?? 5;
    this.families = { en: this.buildFamily('en'), zh: this.buildFamily('zh') };
  }

  private buildFamily(family: LanguageFamily): FamilyIndex {
    const counts = new Map<number, { documents: number; terms: Map<string, number> }>();
    const answerTerms = new Map<number, Set<string>>();
    const documentIds: number[] = [];
    const locales = family === 'en' ? (['en'] as const) : (['zh-Hans', 'zh-Hant'] as const);

    this.knowledge.entries.forEach((entry: KnowledgeEntry, entryIndex) => {
      const seenTexts = new Set<string>();
      const stats = { documents: 0, terms: new Map<string, number>() };
      const addDocument = (kind: DocumentKind, text: string): void => {
        const analyzed = this.analyzer.analyze(text);
        const key = analyzed.terms.join(' ');
        if (analyzed.terms.length === 0 || seenTexts.has(key)) return; // zh-Hant often folds back to zh-Hans
        seenTexts.add(key);
        stats.documents++;
        for (const t of analyzed.terms) stats.terms.set(t, (stats.terms.get(t) ?? 0) + 1);
        documentIds.push(this.documents.length);
        this.documents.push({
          entry: entryIndex,
          kind,
          text,
          terms: analyzed.terms,
          keyTerms: analyzed.keyTerms,
          termIds: EMPTY_IDS,
          weight: 0
        });
      };
      for (const locale of locales) {
        // Text written the same in both scripts needs no second analysis.
        const same =
          locale === 'zh-Hant'
            ? new Set([...entry.questions['zh-Hans'], ...entry.keywords['zh-Hans']])
            : undefined;
        entry.questions[locale].forEach((q) => same?.has(q) || addDocument('question', q));
        entry.keywords[locale].forEach((k) => same?.has(k) || addDocument('keyword', k));
      }
      if (stats.documents > 0) counts.set(entryIndex, stats);
      const answer = this.analyzer.analyze(entry.answer[locales[0]]);
      answerTerms.set(entryIndex, new Set(answer.terms));
    });

    const documentFrequency = new Map<string, number>();
    for (const { terms } of counts.values()) {
      for (const term of terms.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
    const entryCount = Math.max(1, counts.size);
    let phrasings = 0;
    for (const c of counts.values()) phrasings += c.documents;
    const reliability = phrasingReliability(phrasings / entryCount);
    // Function words weigh in as far as there are enough phrasings to show which entries use them.
    const weights = new Map<string, number>();
    for (const [term, df] of documentFrequency) {
      weights.set(term, inverseDocumentFrequency(df, entryCount) * (isStopTerm(term) ? reliability : 1));
    }

    const termIds = new Map([...weights.keys()].map((term, id) => [term, id]));
    const profiles = new Map<number, Map<string, number>>();
    for (const [entryIndex, { documents, terms }] of counts) {
      const profile = new Map<string, number>();
      for (const [term, n] of terms) profile.set(term, termTypicality(n, documents));
      profiles.set(entryIndex, profile);
    }

    const entryDocuments = new Map<number, number[]>();
    const entryKeyTerms = new Map<number, Set<string>>();
    for (const id of documentIds) {
      const document = this.documents[id]!;
      document.termIds = Uint32Array.from(document.terms, (t) => termIds.get(t)!);
      document.weight = document.terms.reduce((sum, t) => sum + weights.get(t)!, 0);
      const ids = entryDocuments.get(document.entry);
      if (ids) ids.push(id);
      else entryDocuments.set(document.entry, [id]);
      const keys = entryKeyTerms.get(document.entry) ?? new Set<string>();
      for (const t of document.keyTerms) keys.add(t);
      entryKeyTerms.set(document.entry, keys);
    }
    // Entries, not single questions, are the candidates: a tenth of the documents to index, and an
    // entry whose phrasings together share the query's words is found even if no single one does.
    const candidates = new CandidateIndex();
    for (const [entryIndex, keys] of entryKeyTerms) candidates.add(entryIndex, [...keys]);
    return {
      candidates,
      entryDocuments,
      weights,
      termIds,
      scratch: new Float64Array(termIds.size),
      unknownWeight: inverseDocumentFrequency(0, entryCount),
      unknownStopWeight: inverseDocumentFrequency(entryCount, entryCount),
      profiles,
      answerTerms,
      typos: new TypoCorrector(new Set(weights.keys())),
      reliability
    };
  }

  /** Ranks entries for a user's text. Never throws; empty or meaningless text gives `none`. */
  match(text: string): MatchResult {
    const analyzed = this.analyzer.analyze((text ?? '').slice(0, MAX_QUERY_CHARS));
    const family = this.families[analyzed.family];
    const known = (t: string): string => (family.weights.has(t) ? t : (family.typos.correct(t) ?? t));
    const uniqueTerms = [...new Set(analyzed.terms.map(known))];
    const keyTerms = [...new Set(analyzed.keyTerms.map(known))];
    if (uniqueTerms.length === 0) return { decision: 'none', candidates: [], terms: [] };

    const queryWeights = new Map<string, number>();
    for (const t of uniqueTerms) {
      const unknown = isStopTerm(t) ? family.unknownStopWeight : family.unknownWeight;
      queryWeights.set(t, family.weights.get(t) ?? unknown);
    }
    let queryWeight = 0;
    for (const w of queryWeights.values()) queryWeight += w;
    const best = new Map<number, { similarity: number; second: number; coverage: number; text: string }>();
    const { scratch } = family;
    const setIds: number[] = [];
    for (const [t, weight] of queryWeights) {
      const id = family.termIds.get(t);
      if (id === undefined) continue;
      scratch[id] = weight;
      setIds.push(id);
    }
    try {
      for (const entryIndex of family.candidates.search(
        searchTermsOf(keyTerms, queryWeights, (t) => family.weights.has(t))
      )) {
        for (const documentId of family.entryDocuments.get(entryIndex) ?? []) {
          const document = this.documents[documentId]!;
          let matched = 0;
          for (const id of document.termIds) matched += scratch[id]!;
          if (matched === 0) continue; // shares no word with the query: cannot be its best question
          const similarity = questionSimilarity(matched, queryWeight, document.weight);
          const coverage = matched / queryWeight;
          const current = best.get(document.entry);
          if (!current) best.set(document.entry, { similarity, second: 0, coverage, text: document.text });
          else {
            current.coverage = Math.max(current.coverage, coverage);
            if (similarity > current.similarity) {
              current.second = current.similarity;
              current.similarity = similarity;
              current.text = document.text;
            } else if (similarity > current.second) current.second = similarity;
          }
        }
      }
    } finally {
      for (const id of setIds) scratch[id] = 0;
    }

    const queryTerms = [...queryWeights.keys()];
    const queryTermWeights = [...queryWeights.values()];
    const ranked: MatchCandidate[] = [];
    for (const [entryIndex, { similarity, second, coverage, text: matchedQuestion }] of best) {
      const profile = family.profiles.get(entryIndex)!;
      const answerTerms = family.answerTerms.get(entryIndex);
      let typical = 0;
      let covered = 0;
      let inAnswer = 0;
      for (let i = 0; i < queryTerms.length; i++) {
        const term = queryTerms[i]!;
        const weight = queryTermWeights[i]!;
        if (answerTerms?.has(term)) inAnswer += weight;
        const share = profile.get(term);
        if (share === undefined) continue;
        typical += weight * share;
        covered += weight;
      }
      const score = combineEvidence(
        {
          bestQuestion: similarity,
          secondQuestion: second,
          profile: typical / queryWeight,
          entryCoverage: covered / queryWeight,
          answerCoverage: inAnswer / queryWeight
        },
        family.reliability
      );
      ranked.push({ id: this.knowledge.entries[entryIndex]!.id, score, coverage, matchedQuestion });
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
