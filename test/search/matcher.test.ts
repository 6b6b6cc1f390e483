import { loadKnowledge } from '../../src/knowledge';
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

  it('handles a 10 MB string without throwing', () => {
    expect(() => matcher.match('passport '.repeat(1_200_000))).not.toThrow();
  });
});
