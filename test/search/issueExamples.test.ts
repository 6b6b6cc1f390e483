/**
 * The examples of issue 11 ("answers that hold on the way citizens really write"), over the office's real
 * knowledge: each is answered with its entry, offered as the first "did you mean" where a bare word
 * leaves the choice to the user, or declined (no answer) when another agency's business.
 */
import path from 'node:path';
import { loadKnowledge } from '../../src/knowledge';
import { Matcher } from '../../src/search';

const matcher = new Matcher(loadKnowledge(path.join(__dirname, '..', '..', 'knowledge')));

describe('issue 11 examples over the real knowledge', () => {
  it.each([
    [
      "Hello, I teach at a public school here and the school is sending three of us to a seminar in Korea next month; someone said we can't use our own passports. What do we need and who issues it?",
      'passport-public-affairs'
    ],
    ['我想办 passport', 'ordinary-passport-referral'],
    ['请问 service passport 在哪里办', 'passport-service'],
    ['publicaffairs passport', 'passport-public-affairs'],
    ['whereis the office', 'office-address'],
    ['因公户照怎么办', 'passport-public-affairs'],
    ['外国人来华签正', 'china-visa-referral'],
    ['外是办公室在哪里', 'office-address'],
    ['归桥权益', 'returned-overseas-chinese-rights'],
    ['how do I renew my expired service passport', 'passport-service'],
    ['外辦喺邊度', 'office-address'],
    ['唔該，肇慶外辦喺邊度？', 'office-address'],
    ['點樣辦公務護照', 'passport-service'],
    ['how do I get the 签注 for an official trip to Hong Kong', 'hk-macao-pass']
  ])('answers "%s" with %s', (question, expected) => {
    const result = matcher.match(question);
    expect(result.decision).toBe('answer');
    expect(result.candidates[0]!.id).toBe(expected);
  });

  it.each([
    'my foreign employee needs a work permit',
    'I lost my ID card',
    'my driving licence expired',
    'when does the museum open',
    "the Japanese consulate's phone number",
    'I want to give away old clothes',
    'where can I donate blood',
    "what should I wear to my sister's wedding",
    '博物館喺邊度'
  ])('does not answer "%s"', (question) => {
    expect(matcher.match(question).decision).not.toBe('answer');
  });
});
