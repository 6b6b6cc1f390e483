/**
 * FlexSearch as the candidate generator: it finds, fast, the documents sharing the most terms with
 * the query; our own scoring then ranks them. Documents arrive pre-tokenized, joined by spaces.
 */
import { Encoder, Index } from 'flexsearch';

// Enough documents that an entry with many phrasings is not crowded out by one common key word.
const CANDIDATE_LIMIT = 200;

export class CandidateIndex {
  private readonly index = new Index({
    tokenize: 'strict',
    // Terms are already normalized, stemmed and folded by our analyzer: FlexSearch must only split.
    encoder: new Encoder({ normalize: false, dedupe: false, split: ' ' }),
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

  /** Document ids sharing at least one term with the query, most shared terms first. */
  search(terms: readonly string[], limit = CANDIDATE_LIMIT): number[] {
    if (terms.length === 0 || this.size === 0) return [];
    return this.index.search(terms.join(' '), { limit, suggest: true }) as number[];
  }
}
