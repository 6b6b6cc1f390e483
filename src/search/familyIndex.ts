/**
 * The matcher's index of one language family, built once per knowledge snapshot: term ids and
 * weights, every question and keyword as a run of term ids in flat typed arrays (an entry's
 * documents side by side), answer terms per entry, and the FlexSearch candidate index.
 * Flat arrays instead of an object, a Map or a Set per document or entry: building makes far less
 * garbage, and scoring a query walks contiguous memory.
 */
import type { KnowledgeEntry } from '../knowledge/types';
import type { Analyzer } from './analyzer';
import { CandidateIndex } from './candidateIndex';
import { inverseDocumentFrequency, phrasingReliability } from './scoring';
import { isStopTerm, type LanguageFamily } from './tokenize';
import { TypoCorrector } from './typos';

export interface FamilyIndex {
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
  /** Weight of a term no entry uses. */
  unknownWeight: number;
  /** Weight of a function word no entry uses ("here", "week"): common words say little either way. */
  unknownStopWeight: number;
  typos: TypoCorrector;
  /** phrasingReliability of this knowledge (mean phrasings per entry). */
  reliability: number;
}

/** A growable Uint32Array: typed arrays hold millions of ids in a fraction of a plain array's memory. */
class IdList {
  private data = new Uint32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  toArray(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}

export function buildFamilyIndex(
  entries: readonly KnowledgeEntry[],
  family: LanguageFamily,
  analyzer: Analyzer
): FamilyIndex {
  const locales = family === 'en' ? (['en'] as const) : (['zh-Hans', 'zh-Hant'] as const);
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  /** Per term id: entries whose questions or keywords use it. */
  const documentFrequency: number[] = [];
  /** Per term id: the last entry that counted it (in documentFrequency) and that gave it as a key term. */
  const countedFor: number[] = [];
  const keyFor: number[] = [];
  const entryDocuments = new Uint32Array(entries.length + 1);
  const documentTermStart = new IdList();
  const documentTerms = new IdList();
  const documentTexts: string[] = [];
  const answers: string[][] = [];
  const candidates = new CandidateIndex();
  let entriesWithDocuments = 0;

  documentTermStart.push(0);
  entries.forEach((entry, entryIndex) => {
    entryDocuments[entryIndex] = documentTexts.length;
    const seenTexts = new Set<string>();
    const keyTerms: string[] = [];
    const addDocument = (text: string): void => {
      const analyzed = analyzer.analyze(text);
      if (analyzed.terms.length === 0) return;
      const key = analyzed.terms.join(' ');
      if (seenTexts.has(key)) return; // zh-Hant often folds back to zh-Hans
      seenTexts.add(key);
      for (const term of analyzed.terms) {
        let id = termIds.get(term);
        if (id === undefined) {
          id = terms.length;
          termIds.set(term, id);
          terms.push(term);
          documentFrequency.push(0);
          countedFor.push(-1);
          keyFor.push(-1);
        }
        documentTerms.push(id);
        if (countedFor[id] !== entryIndex) {
          countedFor[id] = entryIndex;
          documentFrequency[id]!++;
        }
      }
      // Key terms are among the terms, so they have ids by now.
      for (const term of analyzed.keyTerms) {
        const id = termIds.get(term)!;
        if (keyFor[id] === entryIndex) continue;
        keyFor[id] = entryIndex;
        keyTerms.push(term);
      }
      documentTermStart.push(documentTerms.length);
      documentTexts.push(text);
    };
    for (const locale of locales) {
      // Text written the same in both scripts needs no second analysis.
      const same =
        locale === 'zh-Hant'
          ? new Set([...entry.questions['zh-Hans'], ...entry.keywords['zh-Hans']])
          : undefined;
      for (const q of entry.questions[locale]) if (!same?.has(q)) addDocument(q);
      for (const k of entry.keywords[locale]) if (!same?.has(k)) addDocument(k);
    }
    if (documentTexts.length > entryDocuments[entryIndex]!) entriesWithDocuments++;
    // Entries, not single questions, are the candidates: a tenth of the documents to index, and an
    // entry whose phrasings together share the query's words is found even if no single one does.
    candidates.add(entryIndex, keyTerms);
    answers.push(analyzer.analyze(entry.answer[locales[0]]).terms);
  });
  entryDocuments[entries.length] = documentTexts.length;

  const vocabularySize = terms.length;
  const entryCount = Math.max(1, entriesWithDocuments);
  const reliability = phrasingReliability(documentTexts.length / entryCount);
  // Function words weigh in as far as there are enough phrasings to show which entries use them.
  const weights = new Float64Array(vocabularySize);
  for (let id = 0; id < vocabularySize; id++) {
    weights[id] =
      inverseDocumentFrequency(documentFrequency[id]!, entryCount) *
      (isStopTerm(terms[id]!) ? reliability : 1);
  }
  const flatTerms = documentTerms.toArray();
  const termStart = documentTermStart.toArray();
  const documentWeights = new Float64Array(documentTexts.length);
  for (let d = 0; d < documentTexts.length; d++) {
    let weight = 0;
    for (let k = termStart[d]!; k < termStart[d + 1]!; k++) weight += weights[flatTerms[k]!]!;
    documentWeights[d] = weight;
  }

  // Answer-only terms get ids after the vocabulary: a query term missing from every question still
  // counts when an answer uses it.
  const answerTermStart = new Uint32Array(entries.length + 1);
  const answerTerms = new IdList();
  answers.forEach((list, entryIndex) => {
    answerTermStart[entryIndex] = answerTerms.length;
    const ids = list.map((term) => {
      let id = termIds.get(term);
      if (id === undefined) {
        id = termIds.size;
        termIds.set(term, id);
      }
      return id;
    });
    for (const id of ids.sort((a, b) => a - b)) answerTerms.push(id);
  });
  answerTermStart[entries.length] = answerTerms.length;

  return {
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
    answerTerms: answerTerms.toArray(),
    unknownWeight: inverseDocumentFrequency(0, entryCount),
    unknownStopWeight: inverseDocumentFrequency(entryCount, entryCount),
    typos: new TypoCorrector(new Set(terms)),
    reliability
  };
}
