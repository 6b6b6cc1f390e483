/** The systems measured: our matcher (through the knowledge loader) and the two npm peers. */
import { performance } from 'node:perf_hooks';
import type { DecisionModel } from '../../src/knowledge/types';
import { Matcher, answerProbability } from '../../src/search';
import { fitLogistic, type Example } from '../../src/search/calibration';
import type { Dataset } from './datasets';
import { loadTrainingKnowledge, trainingKnowledgeSources } from './knowledge';
import type { Prediction } from './metrics';

export interface BuildReport {
  /** Index build / training time, what "build" means for a matcher. */
  buildMs: number;
  /** Time before the build proper (ours: generating and loading the knowledge YAML). */
  loadMs?: number;
}

export interface System {
  /** Column name in the report: ours, nlpjs, minisearch. */
  name: string;
  /** Setting, for the table ("defaults", "200 epochs", ...). */
  variant: string;
  build(dataset: Dataset): Promise<BuildReport>;
  /** After build: decides with a model fitted on the validation split (our calibrated variant). */
  readonly fitted?: boolean;
  predict(text: string): Prediction | Promise<Prediction>;
}

/** Ranked (label, score) pairs, best first, to a prediction; repeated labels count once. */
export function toPrediction(ranked: readonly { label: string; score: number }[]): Prediction {
  const first = ranked[0];
  if (!first) return { label: undefined, score: 0, second: 0 };
  const second = ranked.find((r) => r.label !== first.label);
  return { label: first.label, score: first.score, second: second?.score ?? 0 };
}

/** Folds of the validation split for the out-of-fold probabilities the rule is chosen on. */
const FOLDS = 5;

export class OurMatcher implements System {
  readonly name = 'ours';
  private matcher?: Matcher;
  private labelOfEntry = new Map<string, string>();
  private model?: DecisionModel;

  /** Validation texts -> their probability from a model fitted without them (out of fold). */
  private outOfFold = new Map<string, number>();

  /**
   * @param calibrated decide as an office's assistant does once `kb tune` has run: a logistic model over
   *   the ranking's features (src/search/calibration.ts), fitted here on the validation split (never on
   *   test), and its probability is the score the rule thresholds. The rule is chosen on validation
   *   probabilities out of fold (each from a model fitted without the question), as `kb tune` chooses its
   *   threshold on cross-validated ones; test questions get the model fitted on the whole split. Without a
   *   validation split (covid_q) nothing is fitted and the top score is used.
   */
  constructor(private readonly calibrated = false) {}

  get fitted(): boolean {
    return this.model !== undefined;
  }

  get variant(): string {
    if (!this.calibrated) return 'FlexSearch candidates + own scoring';
    return this.model
      ? 'FlexSearch candidates + own scoring, decision fitted on validation (as kb tune)'
      : 'FlexSearch candidates + own scoring (no validation split to fit a decision on)';
  }

  async build(dataset: Dataset): Promise<BuildReport> {
    const start = performance.now();
    const now = new Date();
    const { sources, labelOfEntry } = trainingKnowledgeSources(
      dataset.train,
      dataset.language,
      now.toISOString().slice(0, 10)
    );
    const knowledge = loadTrainingKnowledge(sources, now);
    const loaded = performance.now();
    this.matcher = new Matcher(knowledge, { maxCandidates: 5 });
    this.labelOfEntry = labelOfEntry;
    if (this.calibrated && dataset.val.length > 0) this.fit(dataset);
    return { buildMs: performance.now() - loaded, loadMs: loaded - start };
  }

  /** The decision model over the validation split (right answers against wrong and out-of-scope ones). */
  private fit(dataset: Dataset): void {
    const examples: { text: string; example: Example }[] = [];
    const add = (text: string, label: string | undefined) => {
      const result = this.matcher!.match(text);
      if (!result.features) return;
      const best = this.labelOfEntry.get(result.candidates[0]!.id);
      examples.push({
        text,
        example: {
          features: result.features,
          right: label !== undefined && best === label,
          outOfScope: !label
        }
      });
    };
    for (const e of dataset.val) add(e.text, e.label);
    for (const e of dataset.oosVal) add(e.text, undefined);
    for (let fold = 0; fold < FOLDS; fold++) {
      const training = examples.filter((_, i) => i % FOLDS !== fold).map((e) => e.example);
      const model = { ...fitLogistic(training), answerAt: 0 };
      examples.forEach((e, i) => {
        if (i % FOLDS === fold) this.outOfFold.set(e.text, answerProbability(e.example.features, model));
      });
    }
    this.model = { ...fitLogistic(examples.map((e) => e.example)), answerAt: 0 };
  }

  predict(text: string): Prediction {
    const result = this.matcher!.match(text);
    if (this.model) {
      const best = result.candidates[0];
      if (!best || !result.features) return { label: undefined, score: 0, second: 0 };
      // The probability is the whole confidence: no margin over a second label (second 0).
      const score = this.outOfFold.get(text) ?? answerProbability(result.features, this.model);
      return { label: this.labelOfEntry.get(best.id), score, second: 0 };
    }
    return toPrediction(
      result.candidates.map((c) => ({ label: this.labelOfEntry.get(c.id)!, score: c.score }))
    );
  }
}

export interface NlpJsSetting {
  variant: string;
  /** Settings for the neural network of every domain (undefined: node-nlp's defaults). */
  neural?: Record<string, number>;
}

export const NLPJS_SETTINGS: readonly NlpJsSetting[] = [
  { variant: 'defaults' },
  // A fixed, longer training: 200 epochs, its early stop (error / delta thresholds) disabled.
  { variant: '200 epochs, no early stop', neural: { iterations: 200, errorThresh: 0, deltaErrorThresh: 0 } }
];

export class NlpJs implements System {
  readonly name = 'nlpjs';
  private manager?: import('node-nlp').NlpManager;
  private locale = 'en';

  constructor(private readonly setting: NlpJsSetting) {}

  get variant(): string {
    return this.setting.variant;
  }

  async build(dataset: Dataset): Promise<BuildReport> {
    const { NlpManager } = await import('node-nlp');
    this.locale = dataset.language === 'en' ? 'en' : 'zh';
    // node-nlp reads per-locale, per-domain classifier settings as nlu[locale][domain].
    const nlu: Record<string, unknown> = this.setting.neural
      ? { [this.locale]: { default: { className: 'NeuralNlu', log: false, ...this.setting.neural } } }
      : { log: false };
    const start = performance.now();
    const manager = new NlpManager({ languages: [this.locale], autoSave: false, autoLoad: false, nlu });
    for (const { text, label } of dataset.train) manager.addDocument(this.locale, text, label);
    await manager.train();
    this.manager = manager;
    return { buildMs: performance.now() - start };
  }

  async predict(text: string): Promise<Prediction> {
    const result = await this.manager!.process(this.locale, text);
    const ranked = (result.classifications ?? [])
      .filter((c) => c.intent !== 'None')
      .map((c) => ({ label: c.intent, score: c.score }))
      .sort((a, b) => b.score - a.score);
    return toPrediction(ranked);
  }
}

/** Words for MiniSearch: its default split for Latin text, Intl.Segmenter words for Chinese. */
function segmenterTokenizer(): (text: string) => string[] {
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  return (text) => [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
}

export class MiniSearchBm25 implements System {
  readonly name = 'minisearch';
  readonly variant = 'BM25 over training texts';
  private index?: import('minisearch').default<{ id: number; text: string; label: string }>;

  async build(dataset: Dataset): Promise<BuildReport> {
    const { default: MiniSearch } = await import('minisearch');
    const start = performance.now();
    const index = new MiniSearch<{ id: number; text: string; label: string }>({
      fields: ['text'],
      storeFields: ['label'],
      ...(dataset.language === 'en' ? {} : { tokenize: segmenterTokenizer() })
    });
    index.addAll(dataset.train.map((e, id) => ({ id, text: e.text, label: e.label })));
    this.index = index;
    return { buildMs: performance.now() - start };
  }

  predict(text: string): Prediction {
    const hits = this.index!.search(text);
    return toPrediction(hits.map((h) => ({ label: String(h.label), score: h.score })));
  }
}
