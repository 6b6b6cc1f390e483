import { readFileSync } from 'node:fs';
import { buildKnowledge } from '../../src/knowledge/loader';
import { Analyzer } from '../../src/search/analyzer';
import { isStopTerm, tokenize } from '../../src/search/tokenize';

describe('Analyzer', () => {
  const analyzer = new Analyzer({
    en: [['service passport', 'official passport']],
    zh: [['外办', '外事办公室']]
  });

  it('keeps English function words as terms but finds candidates with content words', () => {
    const { terms, keyTerms } = analyzer.analyze('Where is my phone?');
    expect(terms).toEqual(['where', 'is', 'my', 'phone']);
    expect(keyTerms).toEqual(['phone']);
    expect(isStopTerm('where')).toBe(true);
    expect(isStopTerm('phone')).toBe(false);
  });

  it('falls back to every term when all are function words', () => {
    const { keyTerms } = analyzer.analyze('how are you');
    expect(keyTerms).toEqual(['how', 'ar', 'you']);
  });

  it('stems, folds width and case', () => {
    expect(tokenize('ＰＡＳＳＰＯＲＴＳ renewing')).toEqual(['passport', 'renew']);
  });

  it('splits Chinese runs at question frames and folds Traditional to Simplified', () => {
    expect(tokenize('護照怎麼辦')).toEqual(['怎么', '护', '护照', '照', '办']);
  });

  it('rewrites synonyms with function words inside the phrase', () => {
    expect(analyzer.analyze('an official passport').terms).toEqual(['an', 'servic', 'passport']);
    expect(analyzer.analyze('外事办公室电话').terms).toEqual(analyzer.analyze('外办电话').terms);
  });
});

describe('knowledge/synonyms.yaml', () => {
  it('loads and folds spelling variants and abbreviations', () => {
    const sources = ['knowledge/synonyms.yaml', 'test/fixtures/knowledge/office.yaml'].map((file) => ({
      file,
      text: readFileSync(file, 'utf8')
    }));
    const result = buildKnowledge(sources, { now: new Date('2026-11-25T00:00:00Z') });
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const analyzer = new Analyzer(result.knowledge!.synonyms);
    const terms = (text: string) => analyzer.analyze(text).terms;
    expect(terms('youth programme')).toEqual(terms('youth program'));
    expect(terms('driving license')).toEqual(terms('driving licence'));
    expect(terms('肇庆市外事办公室')).toEqual(terms('肇庆市外办'));
    expect(terms('回乡证')).not.toEqual(terms('港澳通行证'));
  });
});
