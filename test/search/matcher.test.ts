import { loadKnowledge } from '../../src/knowledge';
import { testEntry } from '../helpers/entries';
import { DEFAULT_MATCHING, type KnowledgeEntry } from '../../src/knowledge/types';
import { Matcher } from '../../src/search';
import { FIXTURE_KNOWLEDGE } from '../helpers/server';

describe('Matcher over the fixture knowledge', () => {
  const matcher = new Matcher(loadKnowledge(FIXTURE_KNOWLEDGE));

  it.each([
    'How do I apply for a service passport?',
    'service passports',
    'servise pasport',
    '公务护照怎么办理？',
    '公务护照',
    '公務護照怎麼辦理？',
    '請問公務護照'
  ])('finds passport-service from "%s"', (question) => {
    const result = matcher.match(question);
    expect(result.decision).toBe('answer');
    expect(result.candidates[0]!.id).toBe('passport-service');
  });

  it('keeps every score within [0, 1], best first', () => {
    for (const q of ['passport', '护照', 'service passport public affairs', 'xyz']) {
      const scores = matcher.match(q).candidates.map((c) => c.score);
      for (const s of scores) expect(s >= 0 && s <= 1).toBe(true);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    }
  });

  it('suggests for a vague question and returns nothing for an unrelated one', () => {
    expect(matcher.match('passport').decision).toBe('suggest');
    expect(matcher.match('what is the weather tomorrow').decision).toBe('none');
    expect(matcher.match('').decision).toBe('none');
    expect(matcher.match('？！。').decision).toBe('none');
  });

  it('reports how much of the query is Chinese, for the decision', () => {
    expect(matcher.match('How do I apply for a service passport?').features!.chinese).toBe(0);
    expect(matcher.match('公务护照怎么办理？').features!.chinese).toBe(1);
    const mixed = matcher.match('请问 service passport 在哪里办').features!.chinese;
    expect(mixed).toBeGreaterThan(0);
    expect(mixed).toBeLessThan(1);
    expect(matcher.match('').features).toBeUndefined();
  });

  it('handles a 10 MB string without throwing', () => {
    expect(() => matcher.match('passport '.repeat(1_200_000))).not.toThrow();
  });
});

describe('Matcher over hand-made entries', () => {
  const entry = (
    id: string,
    en: string[],
    answer = 'See the office.',
    zhHans: string[] = [],
    zhHant: string[] = zhHans
  ): KnowledgeEntry => testEntry({ id, en, answer, zhHans, zhHant });
  const matcherOf = (entries: KnowledgeEntry[], maxCandidates?: number) =>
    new Matcher({ entries, matching: DEFAULT_MATCHING, synonyms: { en: [], zh: [] } }, { maxCandidates });

  it('counts a query word that only an answer uses, for that entry', () => {
    const matcher = matcherOf([
      entry('plain', ['renew a passport']),
      entry('with-answer', ['renew a passport'], 'Bring two photographs to the office.')
    ]);
    const [first, second] = matcher.match('renew passport photographs').candidates;
    expect(first!.id).toBe('with-answer');
    expect(first!.score).toBeGreaterThan(second!.score);
  });

  it('reports the heaviest word the best entry leaves unexplained', () => {
    const matcher = matcherOf([entry('hours', ['office opening hours', 'when does the office open'])]);
    const museum = matcher.match('when does the museum open').candidates[0]!;
    const office = matcher.match('when does the office open').candidates[0]!;
    expect(museum.id).toBe('hours');
    // "museum": no entry uses it and it is specific in English: a full-weight word.
    expect(museum.heaviestUnexplained).toBeCloseTo(1);
    expect(office.heaviestUnexplained).toBe(0);
  });

  it('searches with the commoner words too when the rarest find only one entry', () => {
    // "exactly" is in one question only: searched alone it would leave the address as the sole
    // candidate, while the rest of the query is the duties question word for word.
    const filler = ['phone', 'fax'].map((topic) =>
      entry(topic, [`foreign affairs office ${topic}`, `what does the foreign affairs office ${topic} list`])
    );
    const matcher = matcherOf([
      entry('address', ['where exactly is the foreign affairs office']),
      entry('duties', ['what does the foreign affairs office do']),
      ...filler
    ]);
    const ids = matcher.match('what exactly does the foreign affairs office do').candidates.map((c) => c.id);
    expect(ids).toContain('duties');
    expect(ids).toContain('address');
  });

  it('orders entries of equal score by id and keeps at most maxCandidates', () => {
    const matcher = matcherOf(
      ['delta', 'alpha', 'charlie', 'bravo'].map((id) => entry(id, ['consular visa'])),
      3
    );
    const { candidates } = matcher.match('consular visa');
    expect(candidates.map((c) => c.id)).toEqual(['alpha', 'bravo', 'charlie']);
    expect(new Set(candidates.map((c) => c.score)).size).toBe(1);
  });

  it('reports the best-fitting question and a full coverage when one question contains the query', () => {
    const matcher = matcherOf([
      entry('visa', ['how long does a visa take', 'visa processing time', 'visa fees'])
    ]);
    const [candidate] = matcher.match('visa processing time').candidates;
    expect(candidate!.matchedQuestion).toBe('visa processing time');
    expect(candidate!.coverage).toBeCloseTo(1, 12);
  });

  it('splits a run-together word into real words only, never a bare stem of two letters', () => {
    const matcher = matcherOf([
      entry('notes', ['where can I get a document translated', 'is the office open', 'not now']),
      entry('hours', ['office opening hours'])
    ]);
    // "ar" is the stem of "are" (a stop stem the knowledge knows), no word as typed.
    expect(matcher.match('notarised').terms).not.toContain('ar');
  });

  it('corrects a typo to a known word once, however often it is typed', () => {
    const matcher = matcherOf([entry('passport', ['passport application']), entry('visa', ['visa'])]);
    const result = matcher.match('pasport passport aplication');
    expect(result.terms).toEqual(['passport', 'applic']);
    expect(result.candidates[0]!.id).toBe('passport');
  });

  it('never takes an English word for a typo or for words run together', () => {
    const matcher = matcherOf([
      entry('hours', ['when are you back', 'here we are', 'office hours']),
      entry('address', ['office address'])
    ]);
    // "bank" is one letter from "back", "hire" from "here"; "weather" splits into "we at her".
    expect(matcher.match('bank hire weather').terms).toEqual(['bank', 'hire', 'weather']);
    // What general English lacks is still corrected or split.
    expect(matcher.match('ofice adress').terms).toEqual(['offic', 'address']);
    expect(matcher.match('officeaddress').terms).toEqual(['offic', 'address']);
  });

  it('finds the entry for a long query (many more terms than a question has)', () => {
    const words = Array.from({ length: 60 }, (_, i) => `filler${String.fromCharCode(97 + (i % 26))}${i}`);
    const matcher = matcherOf([entry('residence', ['residence permit renewal']), entry('visa', ['visa'])]);
    const result = matcher.match(`${words.join(' ')} residence permit renewal`);
    expect(result.terms.length).toBeGreaterThan(60);
    expect(result.candidates[0]!.id).toBe('residence');
  });

  it('indexes Traditional questions once when they fold to the Simplified ones', () => {
    const folded = matcherOf([entry('passport', ['passport'], 'x', ['公务护照'], ['公務護照'])]);
    const same = matcherOf([entry('passport', ['passport'], 'x', ['公务护照'], ['公务护照'])]);
    expect(folded.match('公務護照').candidates).toEqual(same.match('公务护照').candidates);
  });
});
