/**
 * A knowledge snapshot and its built matcher, moved from the worker thread that built them to the
 * main thread in small chunks. Each chunk costs the main thread a few milliseconds (its structured
 * clone plus a few thousand Map inserts), and the main thread asks for the next one only after the
 * last is applied, so requests are served between chunks: a reload never stalls them for long.
 * (One message with everything took 0.5-1 s to receive and rebuild at 10,000 entries.)
 *
 * What crosses: the entries, the index's typed arrays (transferred, not copied), its terms and
 * document texts, FlexSearch's own export (re-cut into small parts), the typo and homophone indexes.
 * The matcher rebuilt from them is the one built in the worker: same terms, ids and FlexSearch data.
 */
import type { KnowledgeBase, KnowledgeEntry } from '../knowledge/types';
import { Matcher, type BuiltMatcher } from '../search/matcher';
import { CandidateIndex } from '../search/candidateIndex';
import { HomophoneCorrector } from '../search/homophones';
import type { KnowledgeIndex } from '../search/knowledgeIndex';
import { generalPrior } from '../search/prior';
import { isCorrectable, TypoCorrector } from '../search/typos';

/** Items per chunk, each list sized so a chunk takes a few milliseconds to apply. */
const ENTRIES_PER_CHUNK = 100;
const TERMS_PER_CHUNK = 2000;
const TEXTS_PER_CHUNK = 4000;
const FLEX_ITEMS_PER_CHUNK = 1000;
const INDEX_ITEMS_PER_CHUNK = 2000;

type TypedArrayField =
  | 'weights'
  | 'entryDocuments'
  | 'documentTermStart'
  | 'documentTerms'
  | 'documentWeights'
  | 'answerTermStart'
  | 'answerTerms';

const TYPED_ARRAY_FIELDS: readonly TypedArrayField[] = [
  'weights',
  'entryDocuments',
  'documentTermStart',
  'documentTerms',
  'documentWeights',
  'answerTermStart',
  'answerTerms'
];

type KnowledgeHead = Omit<KnowledgeBase, 'entries' | 'byId'>;

export type TransferChunk =
  | {
      kind: 'head';
      knowledge: KnowledgeHead;
      entryCount: number;
      termCount: number;
      vocabularySize: number;
      unknownWeight: number;
      reliability: number;
      candidateDocuments: number;
      arrays: Pick<KnowledgeIndex, TypedArrayField>;
    }
  | { kind: 'entries'; entries: KnowledgeEntry[] }
  | { kind: 'terms'; terms: string[] }
  | { kind: 'texts'; texts: string[] }
  | { kind: 'flex'; key: string; data: string }
  | { kind: 'typos'; items: [string, string[]][] }
  | { kind: 'sounds'; items: [string, string | null][] }
  | { kind: 'end' };

function* slices<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

/** FlexSearch's export, with its large parts (the term map) cut into parts it imports one by one. */
function* flexParts(candidates: CandidateIndex): Generator<{ key: string; data: string }> {
  for (const { key, data } of candidates.exportParts()) {
    const items = JSON.parse(data) as unknown[];
    if (!key.endsWith('map') || items.length <= FLEX_ITEMS_PER_CHUNK) {
      yield { key, data };
      continue;
    }
    for (const part of slices(items, FLEX_ITEMS_PER_CHUNK)) yield { key, data: JSON.stringify(part) };
  }
}

/** The objects a chunk moves without copying (typed arrays' buffers). */
export function transferList(chunk: TransferChunk): ArrayBuffer[] {
  if (chunk.kind !== 'head') return [];
  return TYPED_ARRAY_FIELDS.map((field) => chunk.arrays[field].buffer as ArrayBuffer);
}

/** Worker side: the chunks of a snapshot and its matcher, made as they are asked for. */
export function* transferChunks(knowledge: KnowledgeBase, matcher: Matcher): Generator<TransferChunk> {
  const { index, homophones } = matcher.built();
  const head: KnowledgeHead = {
    office: knowledge.office,
    matching: knowledge.matching,
    synonyms: knowledge.synonyms,
    smallTalk: knowledge.smallTalk,
    corrections: knowledge.corrections,
    cantonese: knowledge.cantonese,
    elsewhere: knowledge.elsewhere,
    version: knowledge.version,
    loadedAt: knowledge.loadedAt,
    files: knowledge.files
  };
  const terms: string[] = new Array<string>(index.termIds.size);
  for (const [term, id] of index.termIds) terms[id] = term;
  const parts = [...flexParts(index.candidates)];
  yield {
    kind: 'head',
    knowledge: head,
    entryCount: knowledge.entries.length,
    termCount: terms.length,
    vocabularySize: index.vocabularySize,
    unknownWeight: index.unknownWeight,
    reliability: index.reliability,
    candidateDocuments: knowledge.entries.length,
    // The worker ends after the transfer: its arrays may move rather than be copied.
    arrays: Object.fromEntries(TYPED_ARRAY_FIELDS.map((f) => [f, index[f]])) as Pick<
      KnowledgeIndex,
      TypedArrayField
    >
  };
  for (const entries of slices(knowledge.entries, ENTRIES_PER_CHUNK)) yield { kind: 'entries', entries };
  for (const part of slices(terms, TERMS_PER_CHUNK)) yield { kind: 'terms', terms: part };
  for (const texts of slices(index.documentTexts, TEXTS_PER_CHUNK)) yield { kind: 'texts', texts };
  for (const part of parts) yield { kind: 'flex', ...part };
  const typos = [...index.typos.deletionIndex()].map(([k, v]): [string, string[]] => [k, [...v]]);
  for (const items of slices(typos, INDEX_ITEMS_PER_CHUNK)) yield { kind: 'typos', items };
  const sounds = [...homophones.soundIndex()];
  for (const items of slices(sounds, INDEX_ITEMS_PER_CHUNK)) yield { kind: 'sounds', items };
  yield { kind: 'end' };
}

/** Main side: applies chunks in order; `finish` after the `end` chunk gives the snapshot and matcher. */
export class MatcherAssembler {
  private head: Extract<TransferChunk, { kind: 'head' }> | undefined;
  private readonly entries: KnowledgeEntry[] = [];
  private readonly terms: string[] = [];
  private readonly termIds = new Map<string, number>();
  private readonly vocabulary = new Set<string>();
  private readonly correctable = new Set<string>();
  private readonly documentTexts: string[] = [];
  private candidates: CandidateIndex | undefined;
  private readonly typos = new Map<string, string[]>();
  private readonly sounds = new Map<string, string | null>();
  done = false;

  apply(chunk: TransferChunk): void {
    switch (chunk.kind) {
      case 'head':
        this.head = chunk;
        // The candidate index looks terms up by id in the vocabulary, filled in by the terms chunks.
        this.candidates = new CandidateIndex(this.terms);
        return;
      case 'entries':
        for (const entry of chunk.entries) this.entries.push(entry);
        return;
      case 'terms': {
        const vocabularySize = this.required().vocabularySize;
        for (const term of chunk.terms) {
          const id = this.termIds.size;
          this.termIds.set(term, id);
          if (id >= vocabularySize) continue;
          this.terms.push(term);
          this.vocabulary.add(term);
          if (isCorrectable(term)) this.correctable.add(term);
        }
        return;
      }
      case 'texts':
        for (const text of chunk.texts) this.documentTexts.push(text);
        return;
      case 'flex':
        this.candidates!.importPart(chunk.key, chunk.data, this.required().candidateDocuments);
        return;
      case 'typos':
        for (const [key, words] of chunk.items) this.typos.set(key, words);
        return;
      case 'sounds':
        for (const [sound, pair] of chunk.items) this.sounds.set(sound, pair);
        return;
      case 'end':
        this.done = true;
        return;
    }
  }

  private required(): Extract<TransferChunk, { kind: 'head' }> {
    if (!this.head) throw new Error('the first chunk of a knowledge transfer must be its head');
    return this.head;
  }

  finish(): { knowledge: KnowledgeBase; matcher: Matcher } {
    const head = this.required();
    if (!this.done || this.entries.length !== head.entryCount || this.termIds.size !== head.termCount)
      throw new Error('knowledge transfer incomplete');
    const entries = Object.freeze(this.entries);
    const knowledge: KnowledgeBase = Object.freeze({
      ...head.knowledge,
      entries,
      byId: new Map(entries.map((e) => [e.id, e]))
    });
    const index: KnowledgeIndex = {
      ...head.arrays,
      candidates: this.candidates!,
      termIds: this.termIds,
      vocabularySize: head.vocabularySize,
      documentTexts: this.documentTexts,
      unknownWeight: head.unknownWeight,
      prior: generalPrior,
      typos: new TypoCorrector(this.correctable, this.typos),
      reliability: head.reliability
    };
    const built: BuiltMatcher = {
      index,
      homophones: new HomophoneCorrector(this.vocabulary, generalPrior, this.sounds)
    };
    return { knowledge, matcher: new Matcher(knowledge, {}, built) };
  }
}
