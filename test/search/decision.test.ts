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
  const model: DecisionModel = { bias: -4, weights: { score: 6, unexplained: -6 }, answerAt: 0.5 };
  const settings = { ...DEFAULT_MATCHING, suggestThreshold: 0.2, model };

  it('combines the features by logistic regression', () => {
    const features = decisionFeatures([candidate('a', 1)])!;
    expect(answerProbability(features, model)).toBeCloseTo(1 / (1 + Math.exp(-2)));
  });

  it('declines to answer when specific words of the question stay unexplained', () => {
    expect(decide(decisionFeatures([candidate('a', 0.9)]), settings)).toBe('answer');
    expect(decide(decisionFeatures([candidate('a', 0.9, { unexplained: 2 })]), settings)).toBe('suggest');
  });

  it('declines when the one specific word of the question is unexplained ("museum" of office hours)', () => {
    const museumModel: DecisionModel = {
      bias: -4,
      weights: { score: 6, heaviestUnexplained: -4 },
      answerAt: 0.5
    };
    const withMuseum = { ...settings, model: museumModel };
    expect(decide(decisionFeatures([candidate('a', 0.9)]), withMuseum)).toBe('answer');
    expect(decide(decisionFeatures([candidate('a', 0.9, { heaviestUnexplained: 1 })]), withMuseum)).toBe(
      'suggest'
    );
  });

  it('measures the lead relative to the score: a long story at 0.25 against 0.05 leads clearly', () => {
    const story = decisionFeatures([candidate('a', 0.25), candidate('b', 0.05)])!;
    const close = decisionFeatures([candidate('a', 0.9), candidate('b', 0.8)])!;
    expect(story.relativeMargin).toBeCloseTo(0.8);
    expect(close.relativeMargin).toBeCloseTo(0.1 / 0.9);
    expect(decisionFeatures([candidate('a', 0.5)])!.relativeMargin).toBe(1);
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
