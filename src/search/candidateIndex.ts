/**
 * FlexSearch as the candidate generator: it finds, fast, the documents sharing the most terms with
 * the query; our own scoring then ranks them. Documents arrive pre-tokenized.
 */
import { Index } from 'flexsearch';

// Entries to score closely; FlexSearch ranks them by how many of the query's rare terms they share.
const CANDIDATE_LIMIT = 64;
/** FlexSearch skips empty content; the real terms reach it through `encode` (see `terms`). */
const PLACEHOLDER = '-';

export class CandidateIndex {
  /**
   * The terms of the add or search under way. FlexSearch takes text and splits it with `encode`;
   * ours are split already, so `encode` hands them over as they are: joining them to be split again
   * cost a fresh copy of every term, each to be hashed again in FlexSearch's maps.
   */
  private terms: readonly string[] = [];
  private readonly index = new Index({
    tokenize: 'strict',
    // Terms are already normalized, stemmed and folded by our analyzer: FlexSearch must only take them.
    encode: () => this.terms as string[],
    // Our scoring ranks candidates, so FlexSearch's positional resolution buys nothing but time.
    resolution: 3
  });
  private size = 0;

  add(documentId: number, terms: readonly string[]): void {
    if (terms.length === 0) return;
    this.terms = terms;
    try {
      this.index.add(documentId, PLACEHOLDER);
    } finally {
      this.terms = [];
    }
    this.size++;
  }

  get documentCount(): number {
    return this.size;
  }

  /** Ids sharing at least one term with the query, most shared terms first. */
  search(terms: readonly string[], limit = CANDIDATE_LIMIT): number[] {
    if (terms.length === 0 || this.size === 0) return [];
    this.terms = terms;
    try {
      return this.index.search(PLACEHOLDER, { limit, suggest: true }) as number[];
    } finally {
      this.terms = [];
    }
  }
}
