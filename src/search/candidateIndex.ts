/**
 * The candidate generator: finds, fast, the entries sharing the most terms with the query; our own
 * scoring then ranks them. It is FlexSearch 0.8's search for the configuration we used it with
 * (`tokenize: 'strict'`, `resolution: 3`, search with `suggest: true` and a limit), rebuilt over our
 * term ids: FlexSearch kept its own Map from term strings to posting arrays, and a dictionary per
 * document added, which cost a third of the whole index build. Same entries in the same order (a test
 * compares both on random indexes and queries).
 *
 * FlexSearch's model: each document's terms are spread over RESOLUTION slots by position (the first
 * term in slot 0); a posting list per term and slot keeps documents in the order they were added.
 */
import { Uint32List } from './uint32List';

/** FlexSearch's `resolution`: position slots per term. */
const RESOLUTION = 3;
/** Entries to score closely; the search ranks them by how many of the query's rare terms they share. */
const CANDIDATE_LIMIT = 64;

/** FlexSearch's get_score: the slot of the i-th of n terms of a document. */
function slotOf(i: number, n: number): number {
  if (i === 0) return 0;
  return n <= RESOLUTION ? i : (((RESOLUTION - 1) / n) * i + 1) | 0;
}

export class CandidateIndex {
  /** While adding: (term id * RESOLUTION + slot, document) pairs, in the order added. */
  private keys: Uint32List | undefined = new Uint32List();
  private documents: Uint32List | undefined = new Uint32List();
  /** Once finished: postings[start[key] .. start[key + 1] - 1] are the documents of a term and slot. */
  private start = new Uint32Array(1);
  private postings = new Uint32Array(0);
  /** Per document id: how many query terms it shared so far (reset after every search). */
  private counts = new Uint32Array(0);
  private size = 0;
  private documentIds = 0;

  /** Adds a document's terms (ids, each once), in order. */
  add(documentId: number, termIds: readonly number[]): void {
    if (!this.keys || !this.documents) throw new Error('CandidateIndex: add after finish');
    if (termIds.length === 0) return;
    const n = termIds.length;
    for (let i = 0; i < n; i++) {
      this.keys.push(termIds[i]! * RESOLUTION + slotOf(i, n));
      this.documents.push(documentId);
    }
    this.size++;
    this.documentIds = Math.max(this.documentIds, documentId + 1);
  }

  /** Builds the posting lists (a counting sort of the pairs added, stable); no add after this. */
  finish(termCount: number): void {
    const { keys, documents } = this;
    if (!keys || !documents) return;
    const start = new Uint32Array(termCount * RESOLUTION + 1);
    for (let p = 0; p < keys.length; p++) start[keys.at(p) + 1]!++;
    for (let k = 1; k < start.length; k++) start[k]! += start[k - 1]!;
    const fill = start.slice(0, start.length - 1);
    const postings = new Uint32Array(keys.length);
    for (let p = 0; p < keys.length; p++) postings[fill[keys.at(p)]!++] = documents.at(p);
    this.start = start;
    this.postings = postings;
    this.counts = new Uint32Array(this.documentIds);
    this.keys = undefined;
    this.documents = undefined;
  }

  /** Is there any posting for this term? */
  private has(termId: number): boolean {
    const key = termId * RESOLUTION;
    return key + RESOLUTION < this.start.length && this.start[key]! < this.start[key + RESOLUTION]!;
  }

  /** Ids sharing at least one term with the query, most shared terms first. */
  search(termIds: readonly number[], limit = CANDIDATE_LIMIT): number[] {
    if (termIds.length === 0 || this.size === 0) return [];
    const terms: number[] = [];
    for (const id of termIds) if (!terms.includes(id) && this.has(id)) terms.push(id);
    if (terms.length === 0) return [];
    if (terms.length === 1) return this.firstPostings(terms[0]!, limit);
    return this.intersect(terms, limit);
  }

  /** One term: its documents, slot by slot, at most `limit` (FlexSearch's resolve_default). */
  private firstPostings(termId: number, limit: number): number[] {
    const out: number[] = [];
    const from = this.start[termId * RESOLUTION]!;
    const to = Math.min(this.start[termId * RESOLUTION + RESOLUTION]!, from + limit);
    for (let p = from; p < to; p++) out.push(this.postings[p]!);
    return out;
  }

  /**
   * Several terms (FlexSearch's intersect with suggest): slot by slot, term by term, each document
   * joins the list of documents seen that many times before; documents seen for every term reaching
   * the limit end the search early. Then the lists, most terms first, without repeats.
   */
  private intersect(terms: readonly number[], limit: number): number[] {
    const { start, postings, counts } = this;
    const byCount: number[][] = [];
    try {
      for (let slot = 0; slot < RESOLUTION; slot++) {
        for (const term of terms) {
          const key = term * RESOLUTION + slot;
          for (let p = start[key]!, end = start[key + 1]!; p < end; p++) {
            const id = postings[p]!;
            const count = counts[id]!;
            counts[id] = count + 1;
            const list = byCount[count] ?? (byCount[count] = []);
            list.push(id);
            if (count === terms.length - 1 && list.length === limit) return list;
          }
        }
      }
    } finally {
      // Every document seen is in byCount[0], once.
      for (const id of byCount[0] ?? []) counts[id] = 0;
    }
    if (byCount.length === 1) {
      const only = byCount[0]!;
      return only.length > limit ? only.slice(0, limit) : only;
    }
    // FlexSearch's union: most shared terms first, each document once.
    const out: number[] = [];
    for (let count = byCount.length - 1; count >= 0; count--) {
      for (const id of byCount[count]!) {
        if (counts[id] !== 0) continue;
        counts[id] = 1;
        out.push(id);
        if (out.length === limit) break;
      }
      if (out.length === limit) break;
    }
    for (const id of byCount[0]!) counts[id] = 0;
    return out;
  }
}
