import {
  chooseAnswerAt,
  chooseAnswerAtWithin,
  crossValidate,
  fitLogistic,
  probabilities,
  shuffled,
  tally,
  type Example
} from '../../src/search/calibration';
import { FEATURES, type FeatureName } from '../../src/search/decision';

function example(score: number, unexplained: number, right: boolean, outOfScope = false): Example {
  const features = Object.fromEntries(FEATURES.map((f) => [f, 0])) as Record<FeatureName, number>;
  features.score = score;
  features.unexplained = unexplained;
  return { features, right, outOfScope };
}

/** Right when the score is high and nothing is unexplained, with some overlap. */
function dataset(): Example[] {
  const out: Example[] = [];
  for (let i = 0; i < 200; i++) {
    const score = (i % 20) / 20;
    const unexplained = (i % 7) / 7;
    const right = score - unexplained + ((i * 37) % 11) / 22 - 0.25 > 0.2;
    out.push(example(score, unexplained, right, !right && i % 3 === 0));
  }
  return out;
}

describe('fitLogistic', () => {
  it('learns the direction of each feature', () => {
    const model = fitLogistic(dataset());
    expect(model.weights.score).toBeGreaterThan(1);
    expect(model.weights.unexplained).toBeLessThan(-1);
    const [good, bad] = probabilities([example(0.95, 0, true), example(0.95, 0.9, false)], model);
    expect(good!).toBeGreaterThan(0.5);
    expect(bad!).toBeLessThan(good!);
  });

  it('stays finite when the classes separate perfectly', () => {
    const model = fitLogistic([example(0.9, 0, true), example(0.1, 0, false)]);
    for (const w of Object.values(model.weights)) expect(Number.isFinite(w)).toBe(true);
  });
});

describe('chooseAnswerAt', () => {
  it('answers where a right answer gains more than wrong ones cost', () => {
    const examples = [example(0, 0, true), example(0, 0, true), example(0, 0, false), example(0, 0, true)];
    const p = [0.9, 0.8, 0.6, 0.3];
    const at = chooseAnswerAt(examples, p);
    expect(at).toBeGreaterThan(0.6);
    expect(at).toBeLessThanOrEqual(0.8);
    expect(tally(examples, p, at)).toMatchObject({ answeredRight: 2, answeredWrong: 0 });
  });

  it('answers nothing when every answer would be wrong', () => {
    expect(chooseAnswerAt([example(0, 0, false)], [0.9])).toBe(1);
  });
});

describe('crossValidate', () => {
  it('predicts every example from a model fitted without it, reproducibly', () => {
    const data = dataset();
    const a = crossValidate(data);
    const b = crossValidate(data);
    expect(a.probabilities).toEqual(b.probabilities);
    expect(a.probabilities).toHaveLength(data.length);
    expect(a.tally.inScope + a.tally.outOfScope).toBe(data.length);
    expect(a.tally.answeredRight).toBeGreaterThan(a.tally.answeredWrong * 4);
  });

  it('shuffles reproducibly without losing items', () => {
    expect(shuffled([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(shuffled([1, 2, 3, 4, 5])).toEqual(shuffled([1, 2, 3, 4, 5]));
  });
});

describe('chooseAnswerAtWithin', () => {
  const limits = { maxWrong: 0.1, minDeclined: 0.5 };
  const at = (right: boolean, outOfScope = false, group?: string): Example => ({
    ...example(0.5, 0, right, outOfScope),
    ...(group ? { group } : {})
  });

  it('answers down to the last probability that keeps within the limits', () => {
    // By probability: 10 right, then one wrong, then a second wrong (12 in scope).
    const examples = [...Array.from({ length: 10 }, () => at(true)), at(false), at(false)];
    const p = [0.99, 0.98, 0.97, 0.96, 0.95, 0.94, 0.93, 0.92, 0.91, 0.9, 0.8, 0.7];
    // 11 answered at 0.75: 1 wrong of 12 in scope (8%); at 0.7, 2 of 12 (17%) is over the limit.
    expect(chooseAnswerAtWithin(examples, p, limits)).toBeCloseTo(0.75);
  });

  it('keeps each group (language) within the limits on its own', () => {
    const examples = [
      at(true, false, 'en'),
      at(true, false, 'zh'),
      at(false, false, 'zh'),
      at(true, false, 'en')
    ];
    const p = [0.9, 0.8, 0.7, 0.6];
    // Together 1 wrong of 4 would pass a 30% limit; zh alone has 1 of 2 (50%).
    expect(chooseAnswerAtWithin(examples, p, { maxWrong: 0.3, minDeclined: 0 })).toBeCloseTo(0.75);
    const pooled = examples.map((e) => ({ ...e, group: undefined }));
    expect(chooseAnswerAtWithin(pooled, p, { maxWrong: 0.3, minDeclined: 0 })).toBe(0.6);
  });

  it('declines out of scope as the limit asks', () => {
    const examples = [at(true), at(false, true), at(true), at(false, true)];
    const p = [0.9, 0.8, 0.7, 0.6];
    // Answering the first out-of-scope question leaves 1 of 2 declined (50%): allowed; the second is not.
    expect(chooseAnswerAtWithin(examples, p, limits)).toBeCloseTo(0.65);
  });

  it('falls back to the gain rule when even the most probable answer breaks a limit', () => {
    const examples = [at(false), at(true)];
    const p = [0.9, 0.1];
    expect(chooseAnswerAtWithin(examples, p, { maxWrong: 0, minDeclined: 1 })).toBe(
      chooseAnswerAt(examples, p)
    );
  });
});
