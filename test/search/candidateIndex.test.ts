import { Index } from 'flexsearch';
import { random } from '../../bench/matching/synthetic';
import { CandidateIndex } from '../../src/search/candidateIndex';

/** `count` distinct ids below `vocabulary`, skewed towards small ids (common terms, long posting lists). */
function distinctIds(next: () => number, count: number, vocabulary: number): number[] {
  const ids: number[] = [];
  while (ids.length < Math.min(count, vocabulary)) {
    const id = Math.floor(vocabulary * next() ** 3);
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** FlexSearch used plainly: terms joined by spaces, split again by `encode`. */
function flexSearchIndex(): Index {
  return new Index({ tokenize: 'strict', encode: (text: string) => text.split(' '), resolution: 3 });
}

describe('CandidateIndex', () => {
  it.each([
    { documents: 300, vocabulary: 200, minTerms: 1, maxTerms: 3, seed: 1 },
    { documents: 300, vocabulary: 200, minTerms: 1, maxTerms: 40, seed: 2 },
    { documents: 2000, vocabulary: 60, minTerms: 4, maxTerms: 12, seed: 3 },
    { documents: 50, vocabulary: 5000, minTerms: 10, maxTerms: 60, seed: 4 }
  ])(
    'finds the same candidates, in the same order, as FlexSearch fed the joined terms (%o)',
    ({ documents, vocabulary, minTerms, maxTerms, seed }) => {
      const next = random(seed);
      const ours = new CandidateIndex(Array.from({ length: vocabulary }, (_, id) => `t${id}`));
      const reference = flexSearchIndex();
      for (let d = 0; d < documents; d++) {
        // Some documents are left out: ids need not be contiguous.
        if (next() < 0.05) continue;
        const terms = distinctIds(
          next,
          minTerms + Math.floor(next() * (maxTerms - minTerms + 1)),
          vocabulary
        );
        ours.add(d, terms);
        reference.add(d, terms.map((id) => `t${id}`).join(' '));
      }
      let nonEmpty = 0;
      for (let q = 0; q < 1500; q++) {
        // Query terms: some absent from every document (ids past the vocabulary), some repeated.
        const terms = Array.from({ length: 1 + Math.floor(next() * 8) }, () =>
          next() < 0.1 ? vocabulary + Math.floor(next() * 10) : Math.floor(vocabulary * next() ** 2)
        );
        const limit = [64, 64, 5, 1][q % 4]!;
        const expected = reference.search(terms.map((id) => `t${id}`).join(' '), { limit, suggest: true });
        // Ids past the vocabulary (answer-only terms) have no postings, as their strings have none.
        const found = ours.search(terms, limit);
        expect(found).toEqual(expected);
        if (found.length > 0) nonEmpty++;
      }
      expect(nonEmpty).toBeGreaterThan(1000);
    }
  );

  it('finds nothing before anything is added, or for no terms', () => {
    const vocabulary = ['a', 'b', 'c', 'd'];
    const index = new CandidateIndex(vocabulary);
    expect(index.search([1, 2])).toEqual([]);
    const filled = new CandidateIndex(vocabulary);
    filled.add(0, [1, 2]);
    filled.add(1, [2, 3]);
    expect(filled.search([])).toEqual([]);
    expect(filled.search([2])).toEqual([1, 0]); // 'c' opens document 1: FlexSearch ranks by position
    expect(filled.search([1])).toEqual([0]);
    expect(filled.search([3, 2])).toEqual([1, 0]);
    expect(filled.search([7])).toEqual([]);
  });
});
