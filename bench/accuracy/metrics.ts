/** Pure accuracy metrics: top-1, rejection thresholds chosen on validation, latency percentiles. */

/** What a system says about one question: its best label and how sure it is. */
export interface Prediction {
  label: string | undefined;
  /** Score of the best label (any scale; higher is surer). */
  score: number;
  /** Score of the second-best label (0 when there is none). */
  second: number;
}

/** A question is answered when its score reaches `threshold` and leads the second by `margin`. */
export interface RejectionRule {
  threshold: number;
  margin: number;
}

export const MAX_FALSE_REJECTIONS = 0.1;

export function accepts(rule: RejectionRule, p: Prediction): boolean {
  return p.label !== undefined && p.score >= rule.threshold && p.score - p.second >= rule.margin;
}

export function top1(predictions: readonly Prediction[], labels: readonly string[]): number {
  if (labels.length === 0) return NaN;
  let correct = 0;
  predictions.forEach((p, i) => {
    if (p.label === labels[i]) correct++;
  });
  return correct / labels.length;
}

/**
 * The highest threshold (for this margin) that rejects at most `maxFalse` of the in-scope questions,
 * or undefined when the margin alone already rejects more.
 */
export function thresholdFor(
  inScope: readonly Prediction[],
  margin: number,
  maxFalse = MAX_FALSE_REJECTIONS
): number | undefined {
  const allowed = Math.floor(maxFalse * inScope.length + 1e-9);
  const passing = inScope
    .filter((p) => p.label !== undefined && p.score - p.second >= margin)
    .map((p) => p.score);
  const budget = allowed - (inScope.length - passing.length);
  if (budget < 0) return undefined;
  if (passing.length === 0) return Infinity;
  passing.sort((a, b) => a - b);
  // Rejecting scores strictly below passing[budget] rejects at most `budget` of them.
  return budget >= passing.length ? Infinity : passing[budget]!;
}

export function rejectionRate(rule: RejectionRule, predictions: readonly Prediction[]): number {
  if (predictions.length === 0) return NaN;
  return predictions.filter((p) => !accepts(rule, p)).length / predictions.length;
}

/** Accepted and right, over all in-scope questions. */
export function acceptedAccuracy(
  rule: RejectionRule,
  predictions: readonly Prediction[],
  labels: readonly string[]
): number {
  if (labels.length === 0) return NaN;
  return predictions.filter((p, i) => accepts(rule, p) && p.label === labels[i]).length / labels.length;
}

/**
 * Chooses the rule on validation only: for each margin, the threshold falsely rejecting <= 10% of the
 * in-scope questions; the margin whose rule rejects most out-of-scope questions wins (ties: higher
 * in-scope accuracy, then the smaller margin).
 */
export function chooseRule(
  inScope: readonly Prediction[],
  inScopeLabels: readonly string[],
  outOfScope: readonly Prediction[],
  margins: readonly number[] = [0]
): RejectionRule | undefined {
  let best: { rule: RejectionRule; recall: number; accuracy: number } | undefined;
  for (const margin of margins) {
    const threshold = thresholdFor(inScope, margin);
    if (threshold === undefined) continue;
    const rule = { threshold, margin };
    const recall = outOfScope.length > 0 ? rejectionRate(rule, outOfScope) : 0;
    const accuracy = acceptedAccuracy(rule, inScope, inScopeLabels);
    if (!best || recall > best.recall || (recall === best.recall && accuracy > best.accuracy)) {
      best = { rule, recall, accuracy };
    }
  }
  return best?.rule;
}

export interface LatencySummary {
  meanMs: number;
  p99Ms: number;
}

export function latency(samplesMs: readonly number[]): LatencySummary {
  if (samplesMs.length === 0) return { meanMs: NaN, p99Ms: NaN };
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / sorted.length;
  const p99 = sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)]!;
  return { meanMs: mean, p99Ms: p99 };
}
