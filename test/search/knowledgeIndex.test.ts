import { Analyzer } from '../../src/search/analyzer';
import { buildKnowledgeIndex } from '../../src/search/knowledgeIndex';
import { generalPrior } from '../../src/search/prior';
import { Uint32List } from '../../src/search/uint32List';
import { testEntry } from '../helpers/entries';

describe('buildKnowledgeIndex', () => {
  const analyzer = new Analyzer();
  const entries = [
    testEntry({
      id: 'passport',
      en: ['service passport', 'service passport', 'apply for a service passport'],
      zhHans: ['公务护照'],
      zhHant: ['公務護照'],
      answer: 'Bring your approval letter.'
    }),
    testEntry({ id: 'hours', en: ['office hours'] }),
    testEntry({ id: 'empty', en: ['???'] })
  ];
  const { index } = buildKnowledgeIndex(entries, analyzer, generalPrior);
  const documentsOf = (entry: number) => {
    const texts: string[] = [];
    for (let d = index.entryDocuments[entry]!; d < index.entryDocuments[entry + 1]!; d++)
      texts.push(index.documentTexts[d]!);
    return texts;
  };
  const termsOfDocument = (d: number) => {
    const byId = new Map([...index.termIds].map(([term, id]) => [id, term]));
    const out: string[] = [];
    for (let k = index.documentTermStart[d]!; k < index.documentTermStart[d + 1]!; k++)
      out.push(byId.get(index.documentTerms[k]!)!);
    return out;
  };

  it("keeps each entry's questions side by side, without repeats or texts that fold to the same terms", () => {
    // The repeated English question and the Traditional one (it folds to the Simplified) add nothing.
    expect(documentsOf(0)).toEqual(['service passport', 'apply for a service passport', '公务护照']);
    expect(documentsOf(1)).toEqual(['office hours']);
    expect(documentsOf(2)).toEqual([]);
  });

  it("holds each document's terms, and its weight as their weights' sum", () => {
    expect(termsOfDocument(0)).toEqual(['servic', 'passport']);
    const sum = index.weights[index.termIds.get('servic')!]! + index.weights[index.termIds.get('passport')!]!;
    expect(index.documentWeights[0]).toBeCloseTo(sum, 12);
  });

  it('gives question terms a weight, answer-only terms ids after the vocabulary, answer ids in order', () => {
    expect(index.weights[index.termIds.get('servic')!]).toBeGreaterThan(0);
    const letter = index.termIds.get('letter')!;
    expect(letter).toBeGreaterThanOrEqual(index.vocabularySize);
    const answer = Array.from(index.answerTerms.subarray(index.answerTermStart[0], index.answerTermStart[1]));
    expect(answer).toContain(letter);
    expect([...answer].sort((a, b) => a - b)).toEqual(answer);
  });

  it('indexes entries, not single questions, as FlexSearch candidates', () => {
    expect(index.candidates.search([index.termIds.get('passport')!])).toEqual([0]);
    expect(index.candidates.search([index.termIds.get('hour')!])).toEqual([1]);
  });
});

describe('Uint32List', () => {
  it('grows past its first buffer, compares runs, truncates and copies out', () => {
    const list = new Uint32List();
    for (let i = 0; i < 3000; i++) list.push(i % 7);
    expect(list.length).toBe(3000);
    expect(list.at(2999)).toBe(2999 % 7);
    expect(list.sameRun(0, 7, 7)).toBe(true);
    expect(list.sameRun(0, 1, 7)).toBe(false);
    list.truncate(10);
    expect(Array.from(list.toArray())).toEqual([0, 1, 2, 3, 4, 5, 6, 0, 1, 2]);
  });
});
