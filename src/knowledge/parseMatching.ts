/**
 * Reads the matching settings (thresholds and the fitted decision model, knowledge/config.yaml) and the
 * matching data staff can extend (Cantonese words, knowledge/cantonese.yaml; other agencies' words,
 * knowledge/elsewhere.yaml).
 */
import {
  checkKnownKeys,
  describe,
  isMapping,
  readNumber,
  readStringList,
  report,
  type FieldContext
} from './fields';
import {
  DEFAULT_MATCHING,
  type DecisionModel,
  type ElsewhereGroup,
  type MatchingSettings,
  type WordRewrites
} from './types';
import type { YamlPath } from './yamlSource';

export function parseMatching(ctx: FieldContext, path: YamlPath, raw: unknown): MatchingSettings | undefined {
  if (!isMapping(raw)) {
    report(
      ctx,
      path,
      'matching',
      `must be a mapping (answerThreshold:, suggestThreshold:), found ${describe(raw)}`
    );
    return undefined;
  }
  const keys = ['answerThreshold', 'suggestThreshold', 'minMargin', 'model'];
  checkKnownKeys(ctx, path, raw, keys, 'matching.');
  const answerThreshold =
    readNumber(ctx, [...path, 'answerThreshold'], 'matching.answerThreshold', raw.answerThreshold, 0, 1) ??
    DEFAULT_MATCHING.answerThreshold;
  const suggestThreshold =
    readNumber(ctx, [...path, 'suggestThreshold'], 'matching.suggestThreshold', raw.suggestThreshold, 0, 1) ??
    DEFAULT_MATCHING.suggestThreshold;
  const minMargin =
    readNumber(ctx, [...path, 'minMargin'], 'matching.minMargin', raw.minMargin, 0, 1) ??
    DEFAULT_MATCHING.minMargin;
  if (suggestThreshold > answerThreshold) {
    report(
      ctx,
      [...path, 'suggestThreshold'],
      'matching.suggestThreshold',
      'must not be above answerThreshold'
    );
    return undefined;
  }
  const settings: MatchingSettings = { answerThreshold, suggestThreshold, minMargin };
  if (raw.model === undefined || raw.model === null) return settings;
  const model = parseModel(ctx, [...path, 'model'], raw.model);
  return model ? { ...settings, model } : undefined;
}

/** Weights far beyond this are a fitting accident, not a model. */
const MAX_WEIGHT = 1000;

/** `model:` as `kb tune` writes it: bias, weights per feature, answerAt, and what it expects. */
function parseModel(ctx: FieldContext, path: YamlPath, raw: unknown): DecisionModel | undefined {
  if (!isMapping(raw)) {
    report(
      ctx,
      path,
      'matching.model',
      `must be a mapping (bias:, weights:, answerAt:), found ${describe(raw)}`
    );
    return undefined;
  }
  checkKnownKeys(ctx, path, raw, ['bias', 'weights', 'answerAt', 'expected', 'fitted'], 'matching.model.');
  const bias = readNumber(ctx, [...path, 'bias'], 'matching.model.bias', raw.bias, -MAX_WEIGHT, MAX_WEIGHT);
  const answerAt = readNumber(ctx, [...path, 'answerAt'], 'matching.model.answerAt', raw.answerAt, 0, 1);
  if (!isMapping(raw.weights)) {
    report(
      ctx,
      [...path, 'weights'],
      'matching.model.weights',
      `must map feature names to numbers, found ${describe(raw.weights)}`
    );
    return undefined;
  }
  const weights: Record<string, number> = {};
  for (const [name, value] of Object.entries(raw.weights)) {
    const weight = readNumber(
      ctx,
      [...path, 'weights', name],
      `matching.model.weights.${name}`,
      value,
      -MAX_WEIGHT,
      MAX_WEIGHT
    );
    if (weight !== undefined) weights[name] = weight;
  }
  if (bias === undefined || answerAt === undefined) {
    if (raw.bias === undefined) report(ctx, path, 'matching.model.bias', 'is required');
    if (raw.answerAt === undefined) report(ctx, path, 'matching.model.answerAt', 'is required');
    return undefined;
  }
  return { bias, weights, answerAt };
}

/** `cantonese:` maps a Cantonese word or phrase to the Mandarin the knowledge's questions use. */
export function parseCantonese(ctx: FieldContext, path: YamlPath, raw: unknown): WordRewrites {
  if (!isMapping(raw)) {
    report(ctx, path, 'cantonese', `must be a mapping (喺: 在), found ${describe(raw)}`);
    return [];
  }
  const words: [string, string][] = [];
  for (const [cantonese, mandarin] of Object.entries(raw)) {
    const field = `cantonese.${cantonese}`;
    if (!/\p{Script=Han}/u.test(cantonese)) {
      report(ctx, [...path, cantonese], field, 'a Cantonese word must be written in Chinese characters');
    } else if (typeof mandarin !== 'string' || mandarin.trim() === '') {
      report(ctx, [...path, cantonese], field, `must be the Mandarin word, found ${describe(mandarin)}`);
    } else words.push([cantonese, mandarin.trim()]);
  }
  return words;
}

/**
 * `elsewhere:` is a list of groups, each `about:` (what the words are), optional `topics:` (the entry
 * topics they count against; all when absent) and `words:` (a list, or a mapping of language -> list).
 */
export function parseElsewhere(ctx: FieldContext, path: YamlPath, raw: unknown): ElsewhereGroup[] {
  if (!Array.isArray(raw)) {
    report(ctx, path, 'elsewhere', `must be a list of groups ("- about: ..."), found ${describe(raw)}`);
    return [];
  }
  const groups: ElsewhereGroup[] = [];
  raw.forEach((item: unknown, index) => {
    const at = [...path, index];
    const field = `elsewhere[${index}]`;
    if (!isMapping(item)) {
      report(ctx, at, field, `must be a mapping (about:, words:), found ${describe(item)}`);
      return;
    }
    checkKnownKeys(ctx, at, item, ['about', 'topics', 'words'], `${field}.`);
    const about = typeof item.about === 'string' ? item.about.trim() : '';
    if (about === '') report(ctx, at, `${field}.about`, 'is required: say what the words have in common');
    const topics = readStringList(ctx, [...at, 'topics'], `${field}.topics`, item.topics) ?? [];
    const lists = isMapping(item.words) ? Object.entries(item.words) : [['', item.words] as const];
    const words: string[] = [];
    for (const [language, list] of lists) {
      const wordsPath = language === '' ? [...at, 'words'] : [...at, 'words', language];
      const name = `${field}.words${language ? '.' + language : ''}`;
      words.push(...(readStringList(ctx, wordsPath, name, list) ?? []));
    }
    if (words.length === 0) report(ctx, [...at, 'words'], `${field}.words`, 'needs at least one word');
    else if (about !== '')
      groups.push({ about, topics, words, origin: { file: ctx.file, line: ctx.lineOf(at) } });
  });
  return groups;
}
