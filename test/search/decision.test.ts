import { DEFAULT_MATCHING, type DecisionModel } from '../../src/knowledge/types';
import {
  alternativesOf,
  answerProbability,
  decide,
  decisionFeatures,
  isAmbiguous,
  type RankedEvidence
} from '../../src/search/decision';

function candidate(id: string, score: number, more: Partial<RankedEvidence> = {}): RankedEvidence {
  return {
    id,
    score,
    coverage: 0.5,
    questionCoverage: 0.5,
    explained: 0.5,
    evidence: 1,
    unexplained: 0,
    heaviestUnexplained: 0,
    elsewhere: 0,
    ...more
  };
}

describe('decide without a model (thresholds)', () => {
  const settings = { ...DEFAULT_MATCHING, answerThreshold: 0.6, suggestThreshold: 0.3, minMargin: 0.1 };
  const decideOn = (...scores: number[]) =>
    decide(decisionFeatures(scores.map((s, i) => candidate(`e${i}`, s))), settings);

  it('answers only a confident, clear leader', () => {
    expect(decideOn(0.9, 0.2)).toBe('answer');
    expect(decideOn(0.9, 0.85)).toBe('suggest');
    expect(decideOn(0.5)).toBe('suggest');
    expect(decideOn(0.2)).toBe('none');
    expect(decideOn()).toBe('none');
  });

  it('asks rather than guesses when two entries each contain the whole query', () => {
    const ranked = [candidate('a', 0.9, { coverage: 1 }), candidate('b', 0.8, { coverage: 1 })];
    expect(isAmbiguous(ranked)).toBe(true);
    expect(decide(decisionFeatures(ranked), settings)).toBe('suggest');
  });
});

describe('decide with a fitted model', () => {
  const model: DecisionModel = { bias: -1, weights: { score: 6, unexplained: -6 }, answerAt: 0.5 };
  const settings = { ...DEFAULT_MATCHING, suggestThreshold: 0.2, model };

  it('combines the features by logistic regression', () => {
    const features = decisionFeatures([candidate('a', 1)])!;
    expect(answerProbability(features, model)).toBeCloseTo(1 / (1 + Math.exp(-2)));
  });

  it('declines to answer when much of the question stays unexplained', () => {
    expect(decide(decisionFeatures([candidate('a', 0.9, { explained: 1 })]), settings)).toBe('answer');
    expect(decide(decisionFeatures([candidate('a', 0.9, { explained: 0.2 })]), settings)).toBe('suggest');
  });

  it('lets the model weigh a Chinese query apart (its character pairs score lower at the same certainty)', () => {
    const chineseModel: DecisionModel = { bias: -3, weights: { score: 4, chinese: 2 }, answerAt: 0.5 };
    const withChinese = { ...settings, model: chineseModel };
    const ranked = [candidate('a', 0.5)];
    expect(decisionFeatures(ranked)!.chinese).toBe(0);
    expect(decisionFeatures(ranked, { chinese: 0.8 })!.chinese).toBe(0.8);
    expect(decide(decisionFeatures(ranked), withChinese)).toBe('suggest');
    expect(decide(decisionFeatures(ranked, { chinese: 1 }), withChinese)).toBe('answer');
  });

  it('weighs the heaviest unexplained word and the length as the model says', () => {
    const lengthModel: DecisionModel = { bias: -4, weights: { score: 4, length: 3 }, answerAt: 0.5 };
    const withLength = { ...settings, model: lengthModel };
    const short = candidate('a', 0.5, { evidence: 1, unexplained: 0 });
    const story = candidate('a', 0.5, { evidence: 3, unexplained: 3 });
    expect(decisionFeatures([story])!.length).toBe(1);
    expect(decisionFeatures([short])!.length).toBeCloseTo(1 / 6);
    expect(decide(decisionFeatures([short]), withLength)).toBe('suggest');
    expect(decide(decisionFeatures([story]), withLength)).toBe('answer');
    expect(decisionFeatures([candidate('a', 0.5, { heaviestUnexplained: 0.7 })])!.heaviestUnexplained).toBe(
      0.7
    );
  });

  it("declines what the model weighs against: another agency's word the entry does not speak of", () => {
    const elsewhereModel: DecisionModel = { bias: -1, weights: { score: 6, elsewhere: -6 }, answerAt: 0.5 };
    const withElsewhere = { ...settings, model: elsewhereModel };
    const office = candidate('hours', 0.6);
    const museum = candidate('hours', 0.6, { elsewhere: 1 });
    expect(decisionFeatures([museum])!.elsewhere).toBe(1);
    expect(decide(decisionFeatures([office]), withElsewhere)).toBe('answer');
    expect(decide(decisionFeatures([museum]), withElsewhere)).toBe('suggest');
  });

  it('answers a low score the model is sure of (a long story far ahead of the rest)', () => {
    const sure: DecisionModel = { bias: -1, weights: { score: 1, margin: 20 }, answerAt: 0.5 };
    const story = decisionFeatures([candidate('a', 0.18), candidate('b', 0.02)]);
    expect(decide(story, { ...settings, model: sure })).toBe('answer');
    expect(decide(story, settings)).toBe('none');
  });

  it('still says nothing matched below the suggest threshold', () => {
    expect(decide(decisionFeatures([candidate('a', 0.1)]), settings)).toBe('none');
  });
});

describe('alternativesOf', () => {
  it('offers up to two close runners-up beside an answer', () => {
    const ranked = [candidate('a', 0.8), candidate('b', 0.75), candidate('c', 0.7), candidate('d', 0.69)];
    expect(alternativesOf(ranked, DEFAULT_MATCHING)).toEqual(['b', 'c']);
  });

  it('offers none when the runner-up is far behind or under the suggest threshold', () => {
    expect(alternativesOf([candidate('a', 0.9), candidate('b', 0.4)], DEFAULT_MATCHING)).toEqual([]);
    expect(
      alternativesOf([candidate('a', 0.3), candidate('b', 0.29)], {
        ...DEFAULT_MATCHING,
        suggestThreshold: 0.3
      })
    ).toEqual([]);
  });
});
