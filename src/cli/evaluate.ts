/**
 * `kb eval --cases FILE|DIR`: runs evaluation cases through the matcher and reports, per language and
 * overall, what users would have seen: answered right, answered wrong, "did you mean" with the right
 * entry first or otherwise, no match, and out-of-scope questions declined. Cases in a `blind` folder
 * are the blind set: reported apart from the tuning cases, their failures not listed unless asked.
 * Cases in a `dev` folder are the development set (outsiders' styles, written apart from the tuning
 * cases to measure how changes generalise): reported apart too, its failures listed.
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
  /** From the blind set (a folder named `blind`): reported apart, never tuned on. */
  blind: boolean;
  /** From the development set (a folder named `dev`): reported apart. */
  dev: boolean;
}

export interface EvalOutcome {
  case: EvalCase;
  decision: 'answer' | 'suggest' | 'none';
  topId?: string;
  topScore: number;
  top3: string[];
}

/**
 * What a user would have seen, per case. In scope: the right entry answered, a wrong one answered,
 * "did you mean" with the right entry first, "did you mean" otherwise, nothing. Out of scope:
 * declined (did-you-mean or nothing) or answered.
 */
export type EvalOutcomeKind =
  | 'answeredRight'
  | 'answeredWrong'
  | 'suggestedRightFirst'
  | 'suggestedOther'
  | 'noMatch'
  | 'oosDeclined'
  | 'oosAnswered';

export interface EvalMetrics {
  cases: number;
  inScope: number;
  outOfScope: number;
  /** Shares of the in-scope cases (null when there are none). `top1` is `answeredRight`. */
  top1: number | null;
  top3: number | null;
  /** Not answered (did you mean or nothing): 1 - answeredRight - answeredWrong. */
  falseRejected: number | null;
  answeredRight: number | null;
  answeredWrong: number | null;
  suggestedRightFirst: number | null;
  suggestedOther: number | null;
  noMatch: number | null;
  /** Share of the out-of-scope cases not answered (null when there are none). */
  oosRejected: number | null;
}

export interface EvalSetReport extends EvalMetrics {
  byLang: Record<Locale, EvalMetrics>;
}

/**
 * The main set's metrics at the top level (the keys `kb eval` has always printed): the tuning cases,
 * or the blind set when only blind cases were given (`set` says which). `blind` is the blind set
 * reported apart when tuning cases came with it, else null.
 */
export interface EvalReport extends EvalSetReport {
  set: 'tuning' | 'dev' | 'blind';
  /** The development set reported apart when other cases came with it, else null. */
  dev: EvalSetReport | null;
  blind: EvalSetReport | null;
}

/**
 * The blind set (never tuned on) lives in a `blind/` folder. Reading a larger folder skips it, so the
 * tuning cases never include it; `kb eval` reads it on its own and reports it apart.
 */
export const BLIND_FOLDER = 'blind';

/** The development set lives in a `dev/` folder: read apart like the blind set, reported apart. */
export const DEV_FOLDER = 'dev';

/** A case file inside a folder named `blind` belongs to the blind set. */
export function isBlindFile(file: string): boolean {
  return path.resolve(file).split(path.sep).slice(0, -1).includes(BLIND_FOLDER);
}

/** A case file inside a folder named `dev` (and not in a blind one) belongs to the development set. */
export function isDevFile(file: string): boolean {
  return !isBlindFile(file) && path.resolve(file).split(path.sep).slice(0, -1).includes(DEV_FOLDER);
}

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
      ? listKnowledgeFiles(target).filter((file) => {
          const folders = path.relative(target, file).split(path.sep);
          return !folders.includes(BLIND_FOLDER) && !folders.includes(DEV_FOLDER);
        })
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
      cases.push({
        q: item.q,
        expect: item.expect,
        lang: item.lang,
        file: name,
        line,
        blind: isBlindFile(file),
        dev: isDevFile(file)
      });
    });
  }
  if (files.length === 0)
    problems.push({ severity: 'error', file: target, line: 1, field: '', message: 'no case files found' });
  return { cases, problems };
}

/**
 * The cases `kb eval` reports: those under `target` (never its dev or blind folders) and, when
 * `target` is a folder with a `dev/` or `blind/` folder in it, those sets too, to report apart
 * (`withBlind: false` leaves the blind set out, for runs while changing the matcher).
 */
export function readEvaluationCases(
  target: string,
  knownIds: ReadonlySet<string>,
  options: { withBlind?: boolean } = {}
): { cases: EvalCase[]; problems: KnowledgeProblem[] } {
  const main = readCases(target, knownIds);
  const cases = [...main.cases];
  const problems = [...main.problems];
  const folders = options.withBlind === false ? [DEV_FOLDER] : [DEV_FOLDER, BLIND_FOLDER];
  for (const folder of folders) {
    const dir = path.join(target, folder);
    let present = false;
    try {
      present = statSync(target).isDirectory() && statSync(dir).isDirectory();
    } catch {
      present = false; // no such folder: nothing to add
    }
    if (!present) continue;
    const extra = readCases(dir, knownIds);
    cases.push(...extra.cases);
    problems.push(...extra.problems);
  }
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

export function outcomeKind(o: EvalOutcome): EvalOutcomeKind {
  if (o.case.expect === null) return o.decision === 'answer' ? 'oosAnswered' : 'oosDeclined';
  if (o.decision === 'none') return 'noMatch';
  const first = o.topId === o.case.expect;
  if (o.decision === 'answer') return first ? 'answeredRight' : 'answeredWrong';
  return first ? 'suggestedRightFirst' : 'suggestedOther';
}

export function metricsOf(outcomes: readonly EvalOutcome[]): EvalMetrics {
  const inScope = outcomes.filter((o) => o.case.expect !== null);
  const outOfScope = outcomes.filter((o) => o.case.expect === null);
  const share = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10000) / 10000);
  const count = (kind: EvalOutcomeKind) => outcomes.filter((o) => outcomeKind(o) === kind).length;
  const right = share(count('answeredRight'), inScope.length);
  return {
    cases: outcomes.length,
    inScope: inScope.length,
    outOfScope: outOfScope.length,
    top1: right,
    top3: share(inScope.filter((o) => o.top3.includes(o.case.expect!)).length, inScope.length),
    falseRejected: share(inScope.filter((o) => o.decision !== 'answer').length, inScope.length),
    answeredRight: right,
    answeredWrong: share(count('answeredWrong'), inScope.length),
    suggestedRightFirst: share(count('suggestedRightFirst'), inScope.length),
    suggestedOther: share(count('suggestedOther'), inScope.length),
    noMatch: share(count('noMatch'), inScope.length),
    oosRejected: share(count('oosDeclined'), outOfScope.length)
  };
}

function setReport(outcomes: readonly EvalOutcome[]): EvalSetReport {
  const byLang = Object.fromEntries(
    SUPPORTED_LOCALES.map((l) => [l, metricsOf(outcomes.filter((o) => o.case.lang === l))])
  ) as Record<Locale, EvalMetrics>;
  return { ...metricsOf(outcomes), byLang };
}

export function evaluate(
  matcher: Matcher,
  cases: readonly EvalCase[]
): { report: EvalReport; outcomes: EvalOutcome[] } {
  const outcomes = cases.map((c) => evaluateCase(matcher, c));
  const blind = outcomes.filter((o) => o.case.blind);
  const dev = outcomes.filter((o) => o.case.dev);
  const tuning = outcomes.filter((o) => !o.case.blind && !o.case.dev);
  const apart = (set: EvalOutcome[]) => (set.length > 0 ? setReport(set) : null);
  let report: EvalReport;
  if (tuning.length > 0 || (dev.length === 0 && blind.length === 0))
    report = { set: 'tuning', ...setReport(tuning), dev: apart(dev), blind: apart(blind) };
  else if (dev.length > 0) report = { set: 'dev', ...setReport(dev), dev: null, blind: apart(blind) };
  else report = { set: 'blind', ...setReport(blind), dev: null, blind: null };
  return { report, outcomes };
}

export function isFailure(o: EvalOutcome): boolean {
  const kind = outcomeKind(o);
  return kind !== 'answeredRight' && kind !== 'oosDeclined';
}

const share = (value: number | null): string => (value === null ? 'n/a' : percent(value));

function setTable(report: EvalSetReport): string {
  const row = (name: string, m: EvalMetrics) => [
    name,
    m.inScope,
    m.outOfScope,
    share(m.answeredRight),
    share(m.answeredWrong),
    share(m.suggestedRightFirst),
    share(m.suggestedOther),
    share(m.noMatch),
    share(m.oosRejected),
    share(m.top3)
  ];
  return markdownTable(
    [
      'language',
      'in scope',
      'out of scope',
      'answered right',
      'answered wrong',
      'did-you-mean right first',
      'did-you-mean otherwise',
      'no match',
      'out-of-scope declined',
      'top3'
    ],
    [...SUPPORTED_LOCALES.map((l) => row(l, report.byLang[l])), row('all', report)]
  );
}

export interface FormatOptions {
  /** List the blind set's failures too (off by default: whoever tunes must not read them). */
  listBlindFailures?: boolean;
}

export function formatEvaluation(
  report: EvalReport,
  outcomes: readonly EvalOutcome[],
  options: FormatOptions = {}
): string[] {
  const title = {
    blind: `blind set (${report.cases}; never tuned on):`,
    dev: `development set (${report.cases}):`,
    tuning: `tuning cases (${report.cases}):`
  }[report.set];
  const lines = [title, setTable(report)];
  if (report.dev)
    lines.push('', `development set (${report.dev.cases}; reported apart):`, setTable(report.dev));
  if (report.blind)
    lines.push(
      '',
      `blind set (${report.blind.cases}; reported apart, never tuned on):`,
      setTable(report.blind)
    );
  const failures = outcomes.filter((o) => isFailure(o) && (!o.case.blind || options.listBlindFailures));
  const hidden = outcomes.filter((o) => isFailure(o) && o.case.blind && !options.listBlindFailures).length;
  lines.push(
    '',
    `failures (${failures.length}${hidden > 0 ? `; ${hidden} of the blind set not listed` : ''}):`
  );
  for (const f of failures) {
    const got = f.decision === 'none' ? 'none' : `${f.decision} ${f.topId} (${f.topScore.toFixed(3)})`;
    lines.push(
      `  ${f.case.file}:${f.case.line}: [${f.case.lang}] "${f.case.q}" expected ${f.case.expect ?? 'out of scope'}, got ${got}`
    );
  }
  return lines;
}

export { formatProblem };
