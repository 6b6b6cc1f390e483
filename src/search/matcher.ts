/**
 * The matcher's door: match(text) -> {decision, candidates with scores in [0, 1]}.
 * Knows the knowledge model, nothing of Bot Framework. Built once per knowledge snapshot.
 */
import type { KnowledgeBase, KnowledgeEntry, MatchingSettings } from '../knowledge/types';
import { Analyzer } from './analyzer';
import { CandidateIndex } from './candidateIndex';
import { combineEvidence, decide, inverseDocumentFrequency, questionSimilarity, type Decision } from './scoring';
import type { LanguageFamily } from './tokenize';
import { TypoCorrector } from './typos';

export type { Decision } from './scoring';

export interface MatchCandidate {
  id: string;
  score: number;
  /** The alternate question (or keyword) that fitted best, as staff wrote it. */
  matchedQuestion: string;
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
}

interface FamilyIndex {
  candidates: CandidateIndex;
  /** Term -> idf over entries. */
  weights: Map<string, number>;
  /** Weight of a term no entry uses. */
  unknownWeight: number;
  /** Per entry: the set of terms in its questions and keywords. */
  entryTerms: Map<number, Set<string>>;
  answerTerms: Map<number, Set<string>>;
  typos: TypoCorrector;
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
    const entryTerms = new Map<number, Set<string>>();
    const answerTerms = new Map<number, Set<string>>();
    const documentIds: number[] = [];
    const locales = family === 'en' ? (['en'] as const) : (['zh-Hans', 'zh-Hant'] as const);

    this.knowledge.entries.forEach((entry: KnowledgeEntry, entryIndex) => {
      const seenTexts = new Set<string>();
      const terms = new Set<string>();
      const addDocument = (kind: DocumentKind, text: string): void => {
        const analyzed = this.analyzer.analyze(text);
        const key = `${kind}\0${analyzed.terms.join(' ')}`;
        if (analyzed.terms.length === 0 || seenTexts.has(key)) return; // zh-Hant often folds back to zh-Hans
        seenTexts.add(key);
        if (kind !== 'answer') analyzed.terms.forEach((t) => terms.add(t));
        documentIds.push(this.documents.length);
        this.documents.push({ entry: entryIndex, kind, text, terms: analyzed.terms });
      };
      for (const locale of locales) {
        entry.questions[locale].forEach((q) => addDocument('question', q));
        entry.keywords[locale].forEach((k) => addDocument('keyword', k));
      }
      if (terms.size > 0) entryTerms.set(entryIndex, terms);
      const answer = this.analyzer.analyze(entry.answer[locales[0]]);
      answerTerms.set(entryIndex, new Set(answer.terms));
    });

    const documentFrequency = new Map<string, number>();
    for (const terms of entryTerms.values()) {
      for (const term of terms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
    const entryCount = Math.max(1, entryTerms.size);
    const weights = new Map<string, number>();
    for (const [term, df] of documentFrequency) weights.set(term, inverseDocumentFrequency(df, entryCount));

    const candidates = new CandidateIndex();
    for (const id of documentIds) {
      const document = this.documents[id]!;
      if (document.kind !== 'answer') candidates.add(id, document.terms);
    }
    return {
      candidates,
      weights,
      unknownWeight: inverseDocumentFrequency(0, entryCount),
      entryTerms,
      answerTerms,
      typos: new TypoCorrector(new Set(weights.keys()))
    };
  }

  /** Ranks entries for a user's text. Never throws; empty or meaningless text gives `none`. */
  match(text: string): MatchResult {
    const analyzed = this.analyzer.analyze(text ?? '');
    const family = this.families[analyzed.family];
    const terms = analyzed.terms.map((t) => (family.weights.has(t) ? t : (family.typos.correct(t) ?? t)));
    const uniqueTerms = [...new Set(terms)];
    if (uniqueTerms.length === 0) return { decision: 'none', candidates: [], terms: [] };

    const weightOf = (term: string): number => family.weights.get(term) ?? family.unknownWeight;
    const queryWeight = uniqueTerms.reduce((sum, t) => sum + weightOf(t), 0);
    const querySet = new Set(uniqueTerms);
    const matchedWeight = (terms: Iterable<string>): number => {
      let sum = 0;
      for (const t of terms) if (querySet.has(t)) sum += weightOf(t);
      return sum;
    };

    const best = new Map<number, { similarity: number; text: string }>();
    for (const documentId of family.candidates.search(uniqueTerms)) {
      const document = this.documents[documentId]!;
      const ownWeight = document.terms.reduce((sum, t) => sum + weightOf(t), 0);
      const similarity = questionSimilarity(matchedWeight(document.terms), queryWeight, ownWeight);
      const current = best.get(document.entry);
      if (!current || similarity > current.similarity) best.set(document.entry, { similarity, text: document.text });
    }

    const ranked: MatchCandidate[] = [];
    for (const [entryIndex, { similarity, text: matchedQuestion }] of best) {
      const score = combineEvidence({
        bestQuestion: similarity,
        entryCoverage: matchedWeight(family.entryTerms.get(entryIndex) ?? []) / queryWeight,
        answerCoverage: matchedWeight(family.answerTerms.get(entryIndex) ?? []) / queryWeight
      });
      ranked.push({ id: this.knowledge.entries[entryIndex]!.id, score, matchedQuestion });
    }
    ranked.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    const candidates = ranked.slice(0, this.maxCandidates);
    return {
      decision: decide(
        candidates.map((c) => c.score),
        this.settings
      ),
      candidates,
      terms: uniqueTerms
    };
  }
}
