import { Analyzer } from '../../src/search/analyzer';
import { ElsewhereWords } from '../../src/search/elsewhere';
import { buildKnowledgeIndex } from '../../src/search/knowledgeIndex';
import { generalPrior } from '../../src/search/prior';
import { queryTermsOf } from '../../src/search/queryTerms';
import { rankCandidates } from '../../src/search/rank';
import { testEntry } from '../helpers/entries';

describe('rankCandidates: each candidate entry scored, best first', () => {
  const analyzer = new Analyzer();
  const entries = [
    testEntry({
      id: 'service',
      en: ['How do I apply for a service passport?', 'service passport renewal', 'service passport'],
      answer: 'Apply at the passport division with your approval letter.'
    }),
    testEntry({ id: 'public', en: ['How do I apply for a public affairs passport?'] }),
    testEntry({ id: 'hours', en: ['When is the office open?'] }),
    testEntry({ id: 'a-twin', en: ['sister city friendship'] }),
    testEntry({ id: 'b-twin', en: ['sister city friendship'] })
  ];
  const { index } = buildKnowledgeIndex(entries, analyzer, generalPrior);
  const everyEntry = entries.map((_, i) => i);
  const rank = (text: string, maxCandidates = 5) =>
    rankCandidates(everyEntry, queryTermsOf(analyzer.analyze(text), index), {
      index,
      entries,
      maxCandidates,
      elsewhere: new ElsewhereWords([], analyzer),
      mentions: []
    });

  it('orders by score, leaves out entries sharing no word, and keeps at most maxCandidates', () => {
    const ranked = rank('apply for a service passport');
    expect(ranked.map((c) => c.id)).toEqual(['service', 'public']);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
    expect(rank('apply for a service passport', 1).map((c) => c.id)).toEqual(['service']);
  });

  it('names the question that fitted best, and how much of it and of the query it covers', () => {
    const [best] = rank('service passport renewal');
    expect(best!.matchedQuestion).toBe('service passport renewal');
    expect(best!.questionCoverage).toBeCloseTo(1);
    expect(best!.coverage).toBeCloseTo(1);
    const [partly] = rank('service passport fees');
    expect(partly!.coverage).toBeLessThan(1);
  });

  it('counts words the answer uses as explained, and weighs what the entry leaves unexplained', () => {
    const [withAnswerWord] = rank('service passport approval letter');
    const [withStrangeWord] = rank('service passport museum tickets');
    expect(withAnswerWord!.explained).toBeCloseTo(1);
    expect(withStrangeWord!.explained).toBeLessThan(1);
    expect(withStrangeWord!.unexplained).toBeGreaterThan(withAnswerWord!.unexplained);
    expect(withStrangeWord!.heaviestUnexplained).toBeGreaterThan(0.5);
  });

  it('orders equal scores by id', () => {
    expect(rank('sister city').map((c) => c.id)).toEqual(['a-twin', 'b-twin']);
  });

  it('scores nothing for a query without weight', () => {
    expect(rank('')).toEqual([]);
  });
});
