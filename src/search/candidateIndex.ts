/**
 * FlexSearch as the candidate generator: it finds, fast, the entries sharing the most terms with the
 * query; our own scoring then ranks them. Documents arrive analyzed, as term ids: FlexSearch is given
 * their terms as one space-separated text and an `encode` that only splits it, so it never
 * re-analyzes, and joins or splits nothing else (terms are single tokens: they never hold a space).
 */
import { Index } from 'flexsearch';

/** Entries to score closely; FlexSearch ranks them by how many of the query's rare terms they share. */
const CANDIDATE_LIMIT = 64;

/** Terms were analyzed by our pipeline: FlexSearch only splits the text we give it back into them. */
const splitTerms = (text: string): string[] => text.split(' ');

export class CandidateIndex {
  private readonly index = new Index({
    tokenize: 'strict',
    encode: splitTerms,
    // Our scoring ranks candidates, so FlexSearch's positional resolution buys nothing but time.
    resolution: 3
  });
  private size = 0;

  /** @param terms the family's vocabulary: term id -> term (filled in as documents are added). */
  constructor(private readonly terms: readonly string[]) {}

  /** The text of these ids' terms; ids outside the vocabulary (answer-only terms) index nothing. */
  private textOf(termIds: readonly number[]): string {
    const out: string[] = [];
    for (const id of termIds) {
      const term = this.terms[id];
      if (term !== undefined) out.push(term);
    }
    return out.join(' ');
  }

  /** Adds a document's terms (ids, each once), in order. */
  add(documentId: number, termIds: readonly number[]): void {
    if (termIds.length === 0) return;
    this.index.add(documentId, this.textOf(termIds));
    this.size++;
  }

  /**
   * FlexSearch's own export (its register and term map, as JSON), to move the index to another thread;
   * `importPart` takes the parts back, in any number of calls (each merges into what is there).
   */
  exportParts(): { key: string; data: string }[] {
    const parts: { key: string; data: string }[] = [];
    // Synchronous for an Index without an async callback (FlexSearch 0.8).
    void this.index.export((key: string, data: string) => {
      parts.push({ key, data });
    });
    return parts;
  }

  importPart(key: string, data: string, documents: number): void {
    this.index.import(key, data);
    this.size = Math.max(this.size, documents);
  }

  /** Ids sharing at least one term with the query, most shared terms first. */
  search(termIds: readonly number[], limit = CANDIDATE_LIMIT): number[] {
    if (termIds.length === 0 || this.size === 0) return [];
    const text = this.textOf(termIds);
    if (text === '') return [];
    return this.index.search(text, { limit, suggest: true }) as number[];
  }
}
