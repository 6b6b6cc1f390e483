/**
 * The matcher's index of the knowledge, built once per snapshot: term ids and weights, every question
 * and keyword (English, Simplified and Traditional alike: English stems and Chinese characters never
 * collide, so a question mixing both finds evidence in either) as a run of term ids in flat typed
 * arrays (an entry's documents side by side), answer terms per entry, and the FlexSearch candidate index.
 * Flat typed arrays instead of an object, a Map or a Set per document or entry: a reload builds the
 * index in a worker thread and hands these to the main thread without a copy (runtime/matcherTransfer.ts:
 * one structured clone of everything had stalled requests 0.5-1 s at 10,000 entries).
 */
import type { KnowledgeEntry } from '../knowledge/types';
import type { Locale } from '../language/locale';
import type { Analyzer } from './analyzer';
import { CandidateIndex } from './candidateIndex';
import { isHanPair, isStopCharacter } from './chinese';
import type { LanguagePrior } from './prior';
import { inverseDocumentFrequency, phrasingReliability, specificityInLanguage, termWeight } from './scoring';
import { isCorrectable, TypoCorrector } from './typos';
import { Uint32List } from './uint32List';

export interface KnowledgeIndex {
  /** One FlexSearch document per entry: the key terms of all its questions and keywords. */
  candidates: CandidateIndex;
  /**
   * Term -> id. Ids below `vocabularySize` are terms of questions and keywords, in first-seen order
   * (these have a weight); the ids above are terms found only in answers.
   */
  termIds: Map<string, number>;
  vocabularySize: number;
  /** Term id -> idf over entries (ids below vocabularySize). */
  weights: Float64Array;
  /** Entry e's documents are entryDocuments[e] .. entryDocuments[e + 1] - 1. */
  entryDocuments: Uint32Array;
  /** Document d's term ids are documentTerms[documentTermStart[d] .. documentTermStart[d + 1] - 1]. */
  documentTermStart: Uint32Array;
  documentTerms: Uint32Array;
  /** Per document: the sum of its terms' weights. */
  documentWeights: Float64Array;
  /** Per document: the question or keyword as staff wrote it. */
  documentTexts: string[];
  /** Entry e's answer term ids, ascending: answerTerms[answerTermStart[e] .. answerTermStart[e + 1] - 1]. */
  answerTermStart: Uint32Array;
  answerTerms: Uint32Array;
  /** Weight of a term no entry uses, before its general specificity (see termWeight). */
  unknownWeight: number;
  /** The general-language prior the weights were made with. */
  prior: LanguagePrior;
  typos: TypoCorrector;
  /** phrasingReliability of this knowledge (mean phrasings per entry). */
  reliability: number;
}

/** Collects the documents, entry by entry, giving every distinct term an id. */
class FamilyIndexBuilder {
  readonly termIds = new Map<string, number>();
  readonly terms: string[] = [];
  /** Per term id: entries whose questions or keywords use it. */
  readonly documentFrequency: number[] = [];
  /** Per term id: the last entry that counted it (in documentFrequency) and that gave it as a key term. */
  private readonly countedFor: number[] = [];
  private readonly keyFor: number[] = [];
  readonly documentTermStart = new Uint32List();
  readonly documentTerms = new Uint32List();
  readonly documentTexts: string[] = [];
  private entryIndex = -1;
  private entryFirstDocument = 0;
  /** Per document of the current entry: a hash of its term ids, to find a repeated one fast. */
  private entryHashes: number[] = [];
  /** The current entry's key terms (ids), in first-seen order. */
  entryKeyTerms: number[] = [];

  constructor() {
    this.documentTermStart.push(0);
  }

  startEntry(entryIndex: number): void {
    this.entryIndex = entryIndex;
    this.entryFirstDocument = this.documentTexts.length;
    this.entryHashes = [];
    this.entryKeyTerms = [];
  }

  private idOf(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(term, id);
      this.terms.push(term);
      this.documentFrequency.push(0);
      this.countedFor.push(-1);
      this.keyFor.push(-1);
    }
    return id;
  }

  /** Adds a question or keyword of the current entry, unless it has no terms or repeats an earlier one. */
  addDocument(text: string, terms: readonly string[], keyTerms: readonly string[]): void {
    if (terms.length === 0) return;
    const ids = this.documentTerms;
    const start = ids.length;
    let hash = 0;
    for (const term of terms) {
      const id = this.idOf(term);
      ids.push(id);
      hash = (Math.imul(hash, 31) + id) | 0;
    }
    // zh-Hant often folds back to zh-Hans: the same terms again add nothing. (A repeat has no new term.)
    for (let j = 0; j < this.entryHashes.length; j++) {
      if (this.entryHashes[j] !== hash) continue;
      const d = this.entryFirstDocument + j;
      const from = this.documentTermStart.at(d);
      if (
        this.documentTermStart.at(d + 1) - from === terms.length &&
        ids.sameRun(from, start, terms.length)
      ) {
        ids.truncate(start);
        return;
      }
    }
    this.entryHashes.push(hash);
    for (let k = start; k < ids.length; k++) {
      const id = ids.at(k);
      if (this.countedFor[id] !== this.entryIndex) {
        this.countedFor[id] = this.entryIndex;
        this.documentFrequency[id]!++;
      }
    }
    // Key terms are a subsequence of the terms: walking both finds their ids without a lookup.
    let nextKey = 0;
    for (let k = start; k < ids.length && nextKey < keyTerms.length; k++) {
      if (keyTerms[nextKey] !== terms[k - start]) continue;
      nextKey++;
      const id = ids.at(k);
      if (this.keyFor[id] === this.entryIndex) continue;
      this.keyFor[id] = this.entryIndex;
      this.entryKeyTerms.push(id);
    }
    this.documentTermStart.push(ids.length);
    this.documentTexts.push(text);
  }
}

/** Is `text` one of the entry's questions or keywords in `locale`? */
function isWrittenIn(entry: KnowledgeEntry, locale: Locale, text: string): boolean {
  return entry.questions[locale].includes(text) || entry.keywords[locale].includes(text);
}

const LOCALES = ['en', 'zh-Hans', 'zh-Hant'] as const;
/** The answer texts whose words count as the entry's (zh-Hant folds to the zh-Hans one). */
const ANSWER_LOCALES = ['en', 'zh-Hans'] as const;

/** The index, and what else the build found on its way through the texts. */
export interface BuiltKnowledgeIndex {
  index: KnowledgeIndex;
  /**
   * The words of general Chinese in the questions and keywords that hold a stop character (地址, 会议,
   * 过期): terms never keep them (地 and 过 are particles too), yet a pinyin slip of one (地止) is
   * corrected only towards a pair the homophone corrector knows.
   */
  stopCharacterPairs: Set<string>;
}

export function buildKnowledgeIndex(
  entries: readonly KnowledgeEntry[],
  analyzer: Analyzer,
  prior: LanguagePrior
): BuiltKnowledgeIndex {
  const locales = LOCALES;
  const builder = new FamilyIndexBuilder();
  const entryDocuments = new Uint32Array(entries.length + 1);
  const candidates = new CandidateIndex(builder.terms);
  let entriesWithDocuments = 0;
  // Answer terms as ids, entry after entry. A term no question has used yet is resolved at the end,
  // when the questions' vocabulary is complete: a later question may use it, else it is answer-only.
  const answerTermStart = new Uint32Array(entries.length + 1);
  const answerTerms = new Uint32List();
  const unresolvedAt: number[] = [];
  const unresolvedTerms: string[] = [];
  const stopCharacterPairs = new Set<string>();

  entries.forEach((entry, entryIndex) => {
    builder.startEntry(entryIndex);
    entryDocuments[entryIndex] = builder.documentTexts.length;
    for (const locale of locales) {
      for (const texts of [entry.questions[locale], entry.keywords[locale]]) {
        for (const text of texts) {
          // Text written the same in both scripts needs no second analysis.
          if (locale === 'zh-Hant' && isWrittenIn(entry, 'zh-Hans', text)) continue;
          const normalized = analyzer.normalize(text);
          addStopCharacterPairs(normalized, prior, stopCharacterPairs);
          const analyzed = analyzer.termsOf(normalized);
          builder.addDocument(text, analyzed.terms, analyzed.keyTerms);
        }
      }
    }
    if (builder.documentTexts.length > entryDocuments[entryIndex]!) entriesWithDocuments++;
    // Entries, not single questions, are the candidates: a tenth of the documents to index, and an
    // entry whose phrasings together share the query's words is found even if no single one does.
    candidates.add(entryIndex, builder.entryKeyTerms);
    answerTermStart[entryIndex] = answerTerms.length;
    const seen = new Set<string>();
    for (const locale of ANSWER_LOCALES) {
      for (const term of analyzer.analyze(entry.answer[locale]).terms) {
        if (seen.has(term)) continue;
        seen.add(term);
        const id = builder.termIds.get(term);
        if (id === undefined) {
          unresolvedAt.push(answerTerms.length);
          unresolvedTerms.push(term);
        }
        answerTerms.push(id ?? 0);
      }
    }
  });
  const { termIds, terms, documentFrequency, documentTexts } = builder;
  entryDocuments[entries.length] = documentTexts.length;
  answerTermStart[entries.length] = answerTerms.length;

  const vocabularySize = terms.length;
  const entryCount = Math.max(1, entriesWithDocuments);
  const reliability = phrasingReliability(documentTexts.length / entryCount);
  const weights = new Float64Array(vocabularySize);
  for (let id = 0; id < vocabularySize; id++)
    weights[id] = termWeight(
      inverseDocumentFrequency(documentFrequency[id]!, entryCount),
      specificityInLanguage(terms[id]!, prior.specificity(terms[id]!)),
      reliability
    );
  const flatTerms = builder.documentTerms.toArray();
  const termStart = builder.documentTermStart.toArray();
  const documentWeights = new Float64Array(documentTexts.length);
  for (let d = 0; d < documentTexts.length; d++) {
    let weight = 0;
    for (let k = termStart[d]!; k < termStart[d + 1]!; k++) weight += weights[flatTerms[k]!]!;
    documentWeights[d] = weight;
  }

  // Answer-only terms get ids after the vocabulary: a query term missing from every question still
  // counts when an answer uses it.
  const answerIds = answerTerms.toArray();
  unresolvedTerms.forEach((term, i) => {
    let id = termIds.get(term);
    if (id === undefined) {
      id = termIds.size;
      termIds.set(term, id);
    }
    answerIds[unresolvedAt[i]!] = id;
  });
  for (let e = 0; e < entries.length; e++)
    answerIds.subarray(answerTermStart[e], answerTermStart[e + 1]).sort();

  const index: KnowledgeIndex = {
    candidates,
    termIds,
    vocabularySize,
    weights,
    entryDocuments,
    documentTermStart: termStart,
    documentTerms: flatTerms,
    documentWeights,
    documentTexts,
    answerTermStart,
    answerTerms: answerIds,
    unknownWeight: inverseDocumentFrequency(0, entryCount),
    prior,
    typos: new TypoCorrector(new Set(terms.filter(isCorrectable))),
    reliability
  };
  return { index, stopCharacterPairs };
}

/** Adds the general-Chinese words of `normalized` that hold a stop character (see stopCharacterPairs). */
function addStopCharacterPairs(normalized: string, prior: LanguagePrior, into: Set<string>): void {
  const chars = [...normalized];
  for (let i = 0; i + 1 < chars.length; i++) {
    const [a, b] = [chars[i]!, chars[i + 1]!];
    const pair = a + b;
    if ((isStopCharacter(a) || isStopCharacter(b)) && isHanPair(pair) && prior.isWord(pair)) into.add(pair);
  }
}
