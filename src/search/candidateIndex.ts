/**
 * FlexSearch as the candidate generator: it finds, fast, the documents sharing the most terms with
 * the query; our own scoring then ranks them. Documents arrive pre-tokenized, joined by spaces.
 */
import { Index } from 'flexsearch';

// Entries to score closely; FlexSearch ranks them by how many of the query's rare terms they share.
const CANDIDATE_LIMIT = 64;

export class CandidateIndex {
  private readonly index = new Index({
    tokenize: 'strict',
    // Terms are already normalized, stemmed and folded by our analyzer: FlexSearch must only split.
    encode: (text: string) => text.split(' '),
    // Our scoring ranks candidates, so FlexSearch's positional resolution buys nothing but time.
    resolution: 3
  });
  private size = 0;

  add(documentId: number, terms: readonly string[]): void {
    if (terms.length === 0) return;
    this.index.add(documentId, terms.join(' '));
    this.size++;
  }

  get documentCount(): number {
    return this.size;
  }

  /** Ids sharing at least one term with the query, most shared terms first. */
  search(terms: readonly string[], limit = CANDIDATE_LIMIT): number[] {
    if (terms.length === 0 || this.size === 0) return [];
    return this.index.search(terms.join(' '), { limit, suggest: true }) as number[];
  }
}
