import { Analyzer } from '../../src/search/analyzer';
import { candidatesFor, searchTermsOf } from '../../src/search/candidates';
import { buildKnowledgeIndex } from '../../src/search/knowledgeIndex';
import { generalPrior } from '../../src/search/prior';
import { queryTermsOf } from '../../src/search/queryTerms';
import { testEntry } from '../helpers/entries';

describe('candidates: the entries worth scoring', () => {
  const analyzer = new Analyzer();
  const entries = [
    testEntry({
      id: 'service',
      en: ['service passport application at the office'],
      zhHans: ['公务护照申请']
    }),
    testEntry({
      id: 'public',
      en: ['public affairs passport application at the office'],
      zhHans: ['因公普通护照申请']
    }),
    testEntry({ id: 'hours', en: ['office opening hours'], zhHans: ['办公时间'] }),
    testEntry({ id: 'address', en: ['office address'] }),
    testEntry({ id: 'exactly', en: ['what exactly is an honorary citizen'] })
  ];
  const { index } = buildKnowledgeIndex(entries, analyzer, generalPrior);
  const query = (text: string) => queryTermsOf(analyzer.analyze(text), index);
  const idsOf = (found: number[]) => found.map((i) => entries[i]!.id);
  const termsOf = (ids: number[]) => ids.map((id) => [...index.termIds].find(([, i]) => i === id)![0]);

  it('searches with the rarest known key terms first, leaving out terms no question uses', () => {
    const q = query('service passport museum');
    const chosen = termsOf(searchTermsOf(q, index, 0.3));
    expect(chosen[0]).toBe('servic'); // in one entry: rarer than "passport", in two
    expect(chosen).not.toContain('museum');
  });

  it('leaves out single Chinese characters when pairs of them are known', () => {
    const chosen = termsOf(searchTermsOf(query('公务护照'), index, 0.3));
    expect(chosen.length).toBeGreaterThan(0);
    for (const term of chosen) expect([...term].length).toBe(2);
  });

  it('finds the entries sharing the query’s rare terms, most shared first', () => {
    expect(idsOf(candidatesFor(query('service passport application'), index))[0]).toBe('service');
    expect(idsOf(candidatesFor(query('opening hours'), index))).toEqual(['hours']);
    expect(candidatesFor(query('museum'), index)).toEqual([]);
  });

  it('searches again with commoner terms when the rarest find a single entry', () => {
    // "exactly" alone is the rarest term, and finds one entry; "office" is what the question is about.
    const q = query('what exactly does the office do');
    expect(termsOf(searchTermsOf(q, index, 0.3))).toEqual(['exactli']);
    const found = idsOf(candidatesFor(q, index));
    expect(found).toEqual(expect.arrayContaining(['exactly', 'hours', 'address', 'service', 'public']));
  });
});
