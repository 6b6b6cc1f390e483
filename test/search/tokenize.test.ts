import { normalizeText, tokenize } from '../../src/search';
import { splitRunTogether, TypoCorrector } from '../../src/search/typos';
import { SynonymRewriter } from '../../src/search/synonyms';
import { questionSimilarity } from '../../src/search/scoring';

describe('tokenize', () => {
  it('folds English case, punctuation and plurals; keeps function words (weighted by rarity later)', () => {
    expect(tokenize('How do I apply for Service Passports?!')).toEqual([
      'how',
      'do',
      'i',
      'appli',
      'for',
      'servic',
      'passport'
    ]);
    expect(tokenize('PASSPORT')).toEqual(tokenize('passports'));
  });
  it('folds full-width characters', () => {
    expect(normalizeText('ＰＡＳＳＰＯＲＴ１２')).toBe('passport12');
  });
  it('splits Chinese into unigrams and bigrams, dropping particles and question frames', () => {
    expect(tokenize('请问公务护照怎么办？')).toEqual([
      '怎么',
      '公',
      '公务',
      '务',
      '务护',
      '护',
      '护照',
      '照',
      '办'
    ]);
  });
  it('drops politeness around the question (不好意思, 打扰, 多谢) as it drops 请问', () => {
    expect(tokenize('不好意思打扰一下，公务护照，多谢')).toEqual(tokenize('公务护照'));
  });
  it('reads a bare 在哪 / 去哪 as 在哪里 (where), not as the character 哪', () => {
    expect(tokenize('外事办在哪')).toEqual(tokenize('外事办在哪里'));
    expect(tokenize('去哪办护照')).toEqual(tokenize('去哪里办护照'));
    expect(tokenize('哪个科')).not.toContain('哪里');
    // 哪 asking which or when stays: 在哪个部门, 到哪天.
    expect(tokenize('在哪个部门办')).not.toContain('哪里');
    expect(tokenize('签证到哪天截止')).not.toContain('哪里');
  });
  it('gives Traditional and Simplified text the same tokens', () => {
    expect(tokenize('公務護照怎麼辦理？')).toEqual(tokenize('公务护照怎么办理？'));
    expect(tokenize('因公往來港澳通行證簽註')).toEqual(tokenize('因公往来港澳通行证签注'));
  });
  it('keeps numbers as they are and stems words next to them', () => {
    expect(tokenize('Fees for 2024: 3 visas, 12 photos')).toEqual([
      'fee',
      'for',
      '2024',
      '3',
      'visa',
      '12',
      'photo'
    ]);
    expect(tokenize('１２３ renewals')).toEqual(['123', 'renew']);
  });
  it('splits Chinese beyond the Basic Multilingual Plane per character, not per UTF-16 unit', () => {
    expect(tokenize('𠀀𠀁护照')).toEqual(['𠀀', '𠀀𠀁', '𠀁', '𠀁护', '护', '护照', '照']);
  });
  it('tokenizes mixed-script text per script', () => {
    expect(tokenize('HK护照')).toEqual(['hk', '护', '护照', '照']);
  });
});

describe('TypoCorrector', () => {
  const corrector = new TypoCorrector(new Set(['passport', 'servic', 'donat']));
  it.each([
    ['pasport', 'passport'],
    ['passprot', 'passport'],
    ['passsport', 'passport'],
    ['servoc', 'servic']
  ])('%s -> %s', (typo, fixed) => {
    expect(corrector.correct(typo)).toBe(fixed);
  });
  it('does not turn a real word into another one (first letter, or one letter added at the end)', () => {
    const words = new TypoCorrector(new Set(['lost', 'diplomat', 'passport']));
    expect(words.correct('post')).toBeUndefined();
    expect(words.correct('diploma')).toBeUndefined();
    expect(words.correct('passpor')).toBeUndefined();
    expect(words.correct('pasport')).toBe('passport');
  });

  it('leaves known, short and distant words alone', () => {
    expect(corrector.correct('passport')).toBeUndefined();
    expect(corrector.correct('pas')).toBeUndefined();
    expect(corrector.correct('weather')).toBeUndefined();
  });
});

describe('SynonymRewriter', () => {
  const rewriter = new SynonymRewriter({
    en: [['official passport', 'service passport']],
    zh: [['港澳通行证', '港澳通行證', '通行证']]
  });
  it('rewrites English phrases to the first member of their group', () => {
    expect(rewriter.rewriteTokens(tokenize('service passport renewal'))).toEqual([
      'offici',
      'passport',
      'renew'
    ]);
  });
  it('rewrites Chinese phrases in normalized text', () => {
    expect(rewriter.rewriteText('办通行证')).toBe('办港澳通行证');
  });
});

describe('scoring', () => {
  it('is 1 for a perfect match and 0 for no overlap', () => {
    expect(questionSimilarity(2, 2, 2)).toBe(1);
    expect(questionSimilarity(0, 2, 2)).toBe(0);
  });
  it('scores a partial match between 0 and 1, lower when less of the query is explained', () => {
    const most = questionSimilarity(3, 4, 4);
    const little = questionSimilarity(1, 4, 4);
    expect(most).toBeGreaterThan(little);
    expect(little).toBeGreaterThan(0);
  });
});

describe('splitRunTogether', () => {
  const known = new Set(['public', 'affair', 'passport', 'where', 'is', 'office', 'for', 'the']);
  const isKnown = (half: string) => (known.has(half) ? half : half === 'affairs' ? 'affair' : undefined);

  it('splits two words typed without the space where both halves are known', () => {
    expect(splitRunTogether('publicaffairs', isKnown)).toEqual(['public', 'affair']);
    expect(splitRunTogether('whereis', isKnown)).toEqual(['where', 'is']);
  });

  it('splits three or four words typed together, into the fewest known parts', () => {
    expect(splitRunTogether('passportforpublicaffairs', isKnown)).toEqual([
      'passport',
      'for',
      'public',
      'affair'
    ]);
    expect(splitRunTogether('whereistheoffice', isKnown)).toEqual(['where', 'is', 'the', 'office']);
    expect(splitRunTogether('publicaffairspassport', isKnown)).toEqual(['public', 'affair', 'passport']);
  });

  it('never splits into more than four parts, nor a run longer than 40 letters', () => {
    expect(splitRunTogether('isisisisis', isKnown)).toBeUndefined();
    expect(splitRunTogether('passport'.repeat(6), isKnown)).toBeUndefined();
  });

  it('leaves short words and words with an unknown half alone', () => {
    expect(splitRunTogether('isis', isKnown)).toBeUndefined();
    expect(splitRunTogether('publicxyzzy', isKnown)).toBeUndefined();
  });
});
