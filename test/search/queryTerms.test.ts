import { Analyzer } from '../../src/search/analyzer';
import { buildKnowledgeIndex } from '../../src/search/knowledgeIndex';
import { generalPrior } from '../../src/search/prior';
import { isQuestionTerm, queryTermsOf } from '../../src/search/queryTerms';
import { testEntry } from '../helpers/entries';

describe('queryTermsOf: the query against the knowledge vocabulary', () => {
  const analyzer = new Analyzer();
  const { index } = buildKnowledgeIndex(
    [
      testEntry({
        id: 'passport',
        en: ['How do I apply for a service passport?'],
        answer: 'Bring your photo.'
      }),
      testEntry({ id: 'hours', en: ['When is the office open?'], zhHans: ['办公时间'] })
    ],
    analyzer,
    generalPrior
  );
  const of = (text: string) => queryTermsOf(analyzer.analyze(text), index);

  it('gives each distinct term once, with the index id and weight of a question term', () => {
    const query = of('passport passport service');
    expect(query.terms).toEqual(['passport', 'servic']);
    query.ids.forEach((id, i) => {
      expect(isQuestionTerm(index, id)).toBe(true);
      expect(query.weights[i]).toBe(index.weights[id]);
    });
  });

  it('corrects a typo of a question term, but not a word of general English', () => {
    expect(of('pasport').terms).toEqual(['passport']);
    // "bank" is a word, not a slip of anything the knowledge says.
    expect(of('bank').terms).toEqual(['bank']);
    expect(of('bank').ids).toEqual([-1]);
  });

  it('splits words run together into the known words they hold, each a key term', () => {
    const query = of('officeopen');
    expect(query.terms).toEqual(['offic', 'open']);
    expect(query.keys).toEqual([0, 1]);
    // Nothing known inside: kept as typed, weighed as a word no entry uses.
    expect(of('zqxjkw').terms).toEqual(['zqxjkw']);
  });

  it('weighs a term no question uses by its general specificity, and an answer-only term keeps its id', () => {
    const museum = of('museum');
    expect(museum.ids).toEqual([-1]);
    expect(museum.weights[0]).toBeGreaterThan(0);
    const photo = of('photo');
    expect(photo.ids[0]).toBeGreaterThanOrEqual(index.vocabularySize);
    expect(isQuestionTerm(index, photo.ids[0]!)).toBe(false);
  });

  it('keys are the non-stop terms; Chinese terms come as characters and pairs', () => {
    const query = of('the office');
    expect(query.keys.map((i) => query.terms[i])).toEqual(['offic']);
    expect(of('办公时间').terms).toEqual(expect.arrayContaining(['办公', '时间']));
  });
});
