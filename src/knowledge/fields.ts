/**
 * Typed readers for YAML values. Each records a problem (with the line of the offending field) and
 * returns undefined instead of throwing, so one pass reports every mistake in a file.
 */
import { AUTHORED_LOCALES, isSupportedLocale, SUPPORTED_LOCALES, type Locale } from '../language/locale';
import type { KnowledgeProblem, Severity } from './problems';
import type { YamlPath } from './yamlSource';
import { editDistance } from '../search/similarity';

export interface FieldContext {
  file: string;
  lineOf(path: YamlPath): number;
  problems: KnowledgeProblem[];
  /** Prefix naming the object in staff terms, e.g. the entry id. */
  label: string;
}

export type PartialLocalized<T> = Partial<Record<Locale, T>>;

export function report(
  ctx: FieldContext,
  path: YamlPath,
  fieldName: string,
  message: string,
  severity: Severity = 'error'
): void {
  const field = [ctx.label, fieldName].filter(Boolean).join(': ');
  ctx.problems.push({ severity, file: ctx.file, line: ctx.lineOf(path), field, message });
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping (key: value)';
  return `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reports keys not in `known`, with a hint when one looks like a typo of a known key. */
export function checkKnownKeys(
  ctx: FieldContext,
  path: YamlPath,
  value: Record<string, unknown>,
  known: readonly string[],
  fieldPrefix = ''
): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const near = known.find((k) => editDistance(k, key) <= 2);
    const hint = near ? ` - did you mean "${near}"?` : ` (allowed: ${known.join(', ')})`;
    report(ctx, [...path, key], `${fieldPrefix}${key}`, `unknown field "${key}"${hint}`);
  }
}

export function readString(
  ctx: FieldContext,
  path: YamlPath,
  fieldName: string,
  value: unknown,
  options: { required?: boolean; pattern?: RegExp; patternHint?: string; quoted?: boolean } = {}
): string | undefined {
  if (value === undefined || value === null) {
    if (options.required) report(ctx, path, fieldName, 'is required but missing');
    return undefined;
  }
  if (options.quoted && typeof value === 'number') {
    // YAML reads 02012345678 as the number 2012345678: the leading 0 (or +) would silently vanish.
    report(
      ctx,
      path,
      fieldName,
      `${value} must be written in quotes ("020-12345678"), or YAML drops leading zeros`
    );
    return undefined;
  }
  // YAML turns 526060 or 2026-01-01 into numbers/booleans for unquoted scalars; staff mean text.
  if (typeof value === 'number' || typeof value === 'boolean') value = String(value);
  if (typeof value !== 'string') {
    const hint = isMapping(value) ? ' - put text containing ": " in quotes' : '';
    report(ctx, path, fieldName, `must be text, found ${describe(value)}${hint}`);
    return undefined;
  }
  const text = value.trim();
  if (text === '') {
    if (options.required) report(ctx, path, fieldName, 'must not be empty');
    return undefined;
  }
  if (options.pattern && !options.pattern.test(text)) {
    report(ctx, path, fieldName, `"${text}" ${options.patternHint ?? `does not match ${options.pattern}`}`);
    return undefined;
  }
  return text;
}

export function readStringList(
  ctx: FieldContext,
  path: YamlPath,
  fieldName: string,
  value: unknown,
  options: { required?: boolean; quoted?: boolean } = {}
): string[] | undefined {
  if (value === undefined || value === null) {
    if (options.required) report(ctx, path, fieldName, 'is required but missing');
    return undefined;
  }
  if (!Array.isArray(value)) {
    report(ctx, path, fieldName, `must be a list ("- item" lines), found ${describe(value)}`);
    return undefined;
  }
  const items: string[] = [];
  value.forEach((item, index) => {
    const text = readString(ctx, [...path, index], `${fieldName}[${index + 1}]`, item, {
      required: true,
      quoted: options.quoted
    });
    if (text !== undefined) items.push(text);
  });
  return items;
}

function localizedMapping(
  ctx: FieldContext,
  path: YamlPath,
  fieldName: string,
  value: unknown,
  required: boolean
): Record<string, unknown> | undefined {
  if (value === undefined || value === null) {
    if (required)
      report(ctx, path, fieldName, `is required: give it per language (${AUTHORED_LOCALES.join(', ')})`);
    return undefined;
  }
  if (!isMapping(value)) {
    report(ctx, path, fieldName, `must list languages (en:, zh-Hans:), found ${describe(value)}`);
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!isSupportedLocale(key)) {
      report(
        ctx,
        [...path, key],
        `${fieldName}.${key}`,
        `unknown language "${key}" (use ${SUPPORTED_LOCALES.join(', ')})`
      );
    }
  }
  return value;
}

/** Text per language, or one plain text meaning "the same in every language" when `allowPlain`. */
export function readLocalizedText(
  ctx: FieldContext,
  path: YamlPath,
  fieldName: string,
  value: unknown,
  options: { required?: boolean; allowPlain?: boolean } = {}
): PartialLocalized<string> | undefined {
  if (options.allowPlain && (typeof value === 'string' || typeof value === 'number')) {
    const text = readString(ctx, path, fieldName, value, { required: options.required });
    return text === undefined ? undefined : { en: text, 'zh-Hans': text };
  }
  const mapping = localizedMapping(ctx, path, fieldName, value, options.required ?? false);
  if (!mapping) return undefined;
  const result: PartialLocalized<string> = {};
  for (const locale of SUPPORTED_LOCALES) {
    if (!(locale in mapping)) continue;
    const text = readString(ctx, [...path, locale], `${fieldName}.${locale}`, mapping[locale], {
      required: true
    });
    if (text !== undefined) result[locale] = text;
  }
  return result;
}

export function readLocalizedList(
  ctx: FieldContext,
  path: YamlPath,
  fieldName: string,
  value: unknown,
  options: { required?: boolean } = {}
): PartialLocalized<string[]> | undefined {
  const mapping = localizedMapping(ctx, path, fieldName, value, options.required ?? false);
  if (!mapping) return undefined;
  const result: PartialLocalized<string[]> = {};
  for (const locale of SUPPORTED_LOCALES) {
    if (!(locale in mapping)) continue;
    const list = readStringList(ctx, [...path, locale], `${fieldName}.${locale}`, mapping[locale], {
      required: true
    });
    if (list !== undefined && list.length > 0) result[locale] = list;
    else if (Array.isArray(mapping[locale]) && (mapping[locale] as unknown[]).length === 0) {
      report(ctx, [...path, locale], `${fieldName}.${locale}`, 'is an empty list');
    }
  }
  return result;
}

export function readNumber(
  ctx: FieldContext,
  path: YamlPath,
  fieldName: string,
  value: unknown,
  min: number,
  max: number
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    report(ctx, path, fieldName, `must be a number from ${min} to ${max}, found ${describe(value)}`);
    return undefined;
  }
  return value;
}
