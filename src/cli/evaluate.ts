/**
 * `kb eval --cases FILE|DIR`: runs evaluation cases through the matcher and reports top1, top3,
 * false rejections and out-of-scope rejections, per language and overall.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { formatProblem, listKnowledgeFiles, type KnowledgeProblem } from '../knowledge';
import { isSupportedLocale, SUPPORTED_LOCALES, type Locale } from '../language/locale';
import { removePersonalData } from '../logging/redact';
import type { Matcher } from '../search';
import { parseYaml, YamlSyntaxError } from '../knowledge/yamlSource';
import { markdownTable, percent } from './args';

export interface EvalCase {
  q: string;
  expect: string | null;
  lang: Locale;
  file: string;
  line: number;
}

export interface EvalOutcome {
  case: EvalCase;
  decision: 'answer' | 'suggest' | 'none';
  topId?: string;
  topScore: number;
  top3: string[];
}

export interface EvalMetrics {
  cases: number;
  top1: number;
  top3: number;
  falseRejected: number;
  oosRejected: number;
}

export interface EvalReport extends EvalMetrics {
  byLang: Record<Locale, EvalMetrics>;
}

/**
 * The blind set (never tuned on) lives in a `blind/` folder; reading a larger folder skips it, so the
 * tuning cases and the blind cases are only ever reported apart (`--cases test/cases/blind`).
 */
export const BLIND_FOLDER = 'blind';

/** Reads cases from a YAML file or every YAML file in a directory; problems carry file:line. */
export function readCases(
  target: string,
  knownIds: ReadonlySet<string>
): { cases: EvalCase[]; problems: KnowledgeProblem[] } {
  const problems: KnowledgeProblem[] = [];
  const cases: EvalCase[] = [];
  let files: string[];
  try {
    files = statSync(target).isDirectory()
      ? listKnowledgeFiles(target).filter(
          (file) => !path.relative(target, file).split(path.sep).includes(BLIND_FOLDER)
        )
      : [target];
  } catch (error) {
    problems.push({
      severity: 'error',
      file: target,
      line: 1,
      field: '',
      message: `cannot read: ${(error as Error).message}`
    });
    return { cases, problems };
  }
  for (const file of files) {
    const name = path.relative(process.cwd(), file) || file;
    const error = (line: number, field: string, message: string) =>
      problems.push({ severity: 'error', file: name, line, field, message });
    let parsed;
    try {
      parsed = parseYaml(readFileSync(file, 'utf8'), name);
    } catch (e) {
      const syntax = e instanceof YamlSyntaxError ? e : new YamlSyntaxError(1, String(e));
      error(syntax.line, '', `YAML syntax: ${syntax.reason}`);
      continue;
    }
    if (!Array.isArray(parsed.data)) {
      error(1, '', 'a cases file must be a list of {q, expect, lang}');
      continue;
    }
    parsed.data.forEach((raw: unknown, index: number) => {
      const line = parsed.lineOf([index]);
      const item = raw as Record<string, unknown> | null;
      if (typeof item !== 'object' || item === null || Array.isArray(item))
        return error(line, `case ${index + 1}`, 'must be a mapping {q, expect, lang}');
      if (typeof item.q !== 'string' || item.q.trim() === '')
        return error(parsed.lineOf([index, 'q']), 'q', 'must be the question text');
      if (!isSupportedLocale(item.lang))
        return error(
          parsed.lineOf([index, 'lang']),
          'lang',
          `must be one of ${SUPPORTED_LOCALES.join(', ')}`
        );
      if (!('expect' in item))
        return error(line, 'expect', 'is required: an entry id, or null for out of scope');
      if (item.expect !== null && (typeof item.expect !== 'string' || !knownIds.has(item.expect))) {
        return error(
          parsed.lineOf([index, 'expect']),
          'expect',
          `"${String(item.expect)}" is not an entry id in the knowledge`
        );
      }
      cases.push({ q: item.q, expect: item.expect, lang: item.lang, file: name, line });
    });
  }
  if (files.length === 0)
    problems.push({ severity: 'error', file: target, line: 1, field: '', message: 'no case files found' });
  return { cases, problems };
}

export function evaluateCase(matcher: Matcher, evalCase: EvalCase): EvalOutcome {
  const result = matcher.match(removePersonalData(evalCase.q));
  return {
    case: evalCase,
    decision: result.decision,
    topId: result.candidates[0]?.id,
    topScore: result.candidates[0]?.score ?? 0,
    top3: result.candidates.slice(0, 3).map((c) => c.id)
  };
}

export function metricsOf(outcomes: readonly EvalOutcome[]): EvalMetrics {
  const inScope = outcomes.filter((o) => o.case.expect !== null);
  const outOfScope = outcomes.filter((o) => o.case.expect === null);
  const share = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 10000) / 10000);
  return {
    cases: outcomes.length,
    top1: share(
      inScope.filter((o) => o.decision === 'answer' && o.topId === o.case.expect).length,
      inScope.length
    ),
    top3: share(inScope.filter((o) => o.top3.includes(o.case.expect!)).length, inScope.length),
    falseRejected: share(inScope.filter((o) => o.decision !== 'answer').length, inScope.length),
    oosRejected: share(outOfScope.filter((o) => o.decision !== 'answer').length, outOfScope.length)
  };
}

export function evaluate(
  matcher: Matcher,
  cases: readonly EvalCase[]
): { report: EvalReport; outcomes: EvalOutcome[] } {
  const outcomes = cases.map((c) => evaluateCase(matcher, c));
  const byLang = Object.fromEntries(
    SUPPORTED_LOCALES.map((l) => [l, metricsOf(outcomes.filter((o) => o.case.lang === l))])
  ) as Record<Locale, EvalMetrics>;
  return { report: { ...metricsOf(outcomes), byLang }, outcomes };
}

export function isFailure(o: EvalOutcome): boolean {
  return o.case.expect === null
    ? o.decision === 'answer'
    : o.decision !== 'answer' || o.topId !== o.case.expect;
}

export function formatEvaluation(report: EvalReport, outcomes: readonly EvalOutcome[]): string[] {
  const row = (name: string, m: EvalMetrics) => [
    name,
    m.cases,
    percent(m.top1),
    percent(m.top3),
    percent(m.falseRejected),
    percent(m.oosRejected)
  ];
  const lines = [
    markdownTable(
      ['language', 'cases', 'top1', 'top3', 'falseRejected', 'oosRejected'],
      [...SUPPORTED_LOCALES.map((l) => row(l, report.byLang[l])), row('all', report)]
    )
  ];
  const failures = outcomes.filter(isFailure);
  lines.push('', `failures (${failures.length}):`);
  for (const f of failures) {
    const got = f.decision === 'none' ? 'none' : `${f.decision} ${f.topId} (${f.topScore.toFixed(3)})`;
    lines.push(
      `  ${f.case.file}:${f.case.line}: [${f.case.lang}] "${f.case.q}" expected ${f.case.expect ?? 'out of scope'}, got ${got}`
    );
  }
  return lines;
}

export { formatProblem };
