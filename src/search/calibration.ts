/**
 * Fitting the decision (decision.ts) to examples: logistic regression of "answering the best entry is
 * right" on the ranking's features, and the probability at or above which answering pays. Pure; used
 * by `npm run kb -- tune`, which gathers the examples and cross-validates.
 */
import type { DecisionModel } from '../knowledge/types';
import { answerProbability, FEATURES, type FeatureName } from './decision';

export interface Example {
  features: Record<FeatureName, number>;
  /** Answering the best entry would be right (in scope and ranked first). */
  right: boolean;
  /** The question is out of scope (answering anything is wrong). */
  outOfScope: boolean;
  /** How much the example counts in the fit and the threshold (1 when absent). */
  weight?: number;
  /** Its group for the limits (the question's language): each group keeps to them on its own. */
  group?: string;
}

/** L2 penalty on the weights (not the bias): keeps them finite when the classes separate. */
const L2 = 0.1;
const ITERATIONS = 50;

/** Solves a x = b (Gaussian elimination with partial pivoting); a is square and small. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = m[r]![col]! / p;
      for (let c = col; c <= n; c++) m[r]![c]! -= factor * m[col]![c]!;
    }
  }
  return m.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[n]! / row[i]!));
}

/** Logistic regression by Newton's method (iteratively reweighted least squares), L2-regularized. */
export function fitLogistic(examples: readonly Example[]): Omit<DecisionModel, 'answerAt'> {
  const n = FEATURES.length + 1; // bias last
  const rows = examples.map((e) => [...FEATURES.map((f) => e.features[f]), 1]);
  const ys = examples.map((e) => (e.right ? 1 : 0));
  const counts = examples.map((e) => e.weight ?? 1);
  let beta = new Array<number>(n).fill(0);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const gradient = new Array<number>(n).fill(0);
    const hessian = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    rows.forEach((x, i) => {
      let z = 0;
      for (let j = 0; j < n; j++) z += beta[j]! * x[j]!;
      const p = 1 / (1 + Math.exp(-z));
      const w = counts[i]! * Math.max(p * (1 - p), 1e-9);
      for (let j = 0; j < n; j++) {
        gradient[j]! += counts[i]! * (ys[i]! - p) * x[j]!;
        for (let k = 0; k < n; k++) hessian[j]![k]! += w * x[j]! * x[k]!;
      }
    });
    for (let j = 0; j < n - 1; j++) {
      gradient[j]! -= L2 * beta[j]!;
      hessian[j]![j]! += L2;
    }
    const step = solve(hessian, gradient);
    beta = beta.map((b, j) => b + step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  const weights: Record<string, number> = {};
  FEATURES.forEach((f, j) => (weights[f] = beta[j]!));
  return { weights, bias: beta[n - 1]! };
}

/**
 * A wrong answer (the wrong entry, or an answer to an out-of-scope question) costs this many right
 * ones: "did you mean" costs a click, a wrong answer misleads.
 */
export const WRONG_ANSWER_COST = 3;

/** Of the examples answered at a probability: right ones, wrong ones, out-of-scope ones. */
export interface Tally {
  inScope: number;
  outOfScope: number;
  answeredRight: number;
  answeredWrong: number;
  oosAnswered: number;
}

export function tally(
  examples: readonly Example[],
  probabilities: readonly number[],
  answerAt: number
): Tally {
  const t: Tally = { inScope: 0, outOfScope: 0, answeredRight: 0, answeredWrong: 0, oosAnswered: 0 };
  examples.forEach((e, i) => {
    if (e.outOfScope) t.outOfScope++;
    else t.inScope++;
    if (probabilities[i]! < answerAt) return;
    if (e.outOfScope) t.oosAnswered++;
    else if (e.right) t.answeredRight++;
    else t.answeredWrong++;
  });
  return t;
}

/** The probability at or above which answering gains most: right answers minus the cost of wrong ones. */
export function chooseAnswerAt(examples: readonly Example[], probabilities: readonly number[]): number {
  const order = probabilities.map((_, i) => i).sort((a, b) => probabilities[b]! - probabilities[a]!);
  let gain = 0;
  let bestGain = 0;
  let best = 1;
  for (let k = 0; k < order.length; k++) {
    const e = examples[order[k]!]!;
    gain += (e.weight ?? 1) * (e.right ? 1 : -WRONG_ANSWER_COST);
    const p = probabilities[order[k]!]!;
    const nextP = k + 1 < order.length ? probabilities[order[k + 1]!]! : -Infinity;
    if (p === nextP) continue; // a threshold cannot fall between equal probabilities
    if (gain > bestGain) {
      bestGain = gain;
      best = nextP === -Infinity ? p : (p + nextP) / 2;
    }
  }
  return best;
}

/**
 * What answering must keep to on citizens' questions (the cases, cross-validated): the goals of the
 * product (at most 3% of in-scope questions answered wrong, at least 90% of out-of-scope ones declined)
 * with a margin, since new questions fare a little worse than the folds.
 */
export interface AnswerLimits {
  /** Largest share of in-scope questions answered with a wrong entry. */
  maxWrong: number;
  /** Smallest share of out-of-scope questions declined. */
  minDeclined: number;
}
export const ANSWER_LIMITS: AnswerLimits = { maxWrong: 0.015, minDeclined: 0.95 };

/**
 * The lowest probability to answer at (the most answered right) at which the wrong answers and the
 * out-of-scope answers of every group (language) stay within `limits`; `chooseAnswerAt`'s rule when
 * no probability does.
 * Lowering the probability only adds answers, so the probabilities that keep to the limits are
 * the highest ones down to some point: the last of them is chosen.
 */
export function chooseAnswerAtWithin(
  examples: readonly Example[],
  probabilities: readonly number[],
  limits: AnswerLimits = ANSWER_LIMITS
): number {
  const order = probabilities.map((_, i) => i).sort((a, b) => probabilities[b]! - probabilities[a]!);
  const groups = new Map<
    string,
    { inScope: number; outOfScope: number; wrong: number; oosAnswered: number }
  >();
  const groupOf = (e: Example) => {
    const key = e.group ?? '';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { inScope: 0, outOfScope: 0, wrong: 0, oosAnswered: 0 }));
    return g;
  };
  for (const e of examples) {
    if (e.outOfScope) groupOf(e).outOfScope++;
    else groupOf(e).inScope++;
  }
  let best: number | undefined;
  for (let k = 0; k < order.length; k++) {
    const e = examples[order[k]!]!;
    const g = groupOf(e);
    if (e.outOfScope) g.oosAnswered++;
    else if (!e.right) g.wrong++;
    const p = probabilities[order[k]!]!;
    const nextP = k + 1 < order.length ? probabilities[order[k + 1]!]! : -Infinity;
    if (p === nextP) continue; // a threshold cannot fall between equal probabilities
    const within = [...groups.values()].every(
      (x) =>
        (x.inScope === 0 || x.wrong / x.inScope <= limits.maxWrong) &&
        (x.outOfScope === 0 || 1 - x.oosAnswered / x.outOfScope >= limits.minDeclined)
    );
    if (!within) break;
    best = nextP === -Infinity ? p : (p + nextP) / 2;
  }
  return best ?? chooseAnswerAt(examples, probabilities);
}

export function probabilities(
  examples: readonly Example[],
  model: Omit<DecisionModel, 'answerAt'>
): number[] {
  return examples.map((e) => answerProbability(e.features, { ...model, answerAt: 0 }));
}

/** A reproducible shuffle (mulberry32), so `kb tune` gives the same folds every run. */
export function shuffled<T>(items: readonly T[], seed = 11): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * k-fold cross-validation: each example's probability from a model fitted without its fold, the
 * threshold chosen on those of `choosesThreshold`, and what it gives.
 */
export function crossValidate(
  examples: readonly Example[],
  folds = 5,
  /** The examples the threshold is chosen on (default: all). */
  choosesThreshold: (e: Example) => boolean = () => true,
  /** Choose it within these limits (chooseAnswerAtWithin) rather than by gain (chooseAnswerAt). */
  limits?: AnswerLimits
): { probabilities: number[]; answerAt: number; tally: Tally } {
  const order = shuffled(examples.map((_, i) => i));
  const out = new Array<number>(examples.length).fill(0);
  for (let f = 0; f < folds; f++) {
    const test = order.filter((_, k) => k % folds === f);
    const trainSet = new Set(order.filter((_, k) => k % folds !== f));
    const model = fitLogistic(examples.filter((_, i) => trainSet.has(i)));
    const p = probabilities(
      test.map((i) => examples[i]!),
      model
    );
    test.forEach((i, k) => (out[i] = p[k]!));
  }
  const chosen = examples.map((_, i) => i).filter((i) => choosesThreshold(examples[i]!));
  const choose = limits ? (e: Example[], p: number[]) => chooseAnswerAtWithin(e, p, limits) : chooseAnswerAt;
  const answerAt = choose(
    chosen.map((i) => examples[i]!),
    chosen.map((i) => out[i]!)
  );
  return { probabilities: out, answerAt, tally: tally(examples, out, answerAt) };
}
