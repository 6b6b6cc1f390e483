/**
 * Two evaluations of the same cases (two knowledge versions) side by side: per language, how many
 * in-scope cases were answered right, answered wrong or not answered (declined: did-you-mean or no
 * match), and how many out-of-scope cases were declined; and which cases changed outcome. Pure.
 * Used by `kb eval --compare REF` and by `kb suggest --apply` (which refuses a change that drops).
 */
import { SUPPORTED_LOCALES } from '../language/locale';
import { markdownTable } from './args';
import { outcomeKind, type EvalOutcome, type EvalOutcomeKind } from './evaluate';

export interface OutcomeCounts {
  inScope: number;
  answeredRight: number;
  answeredWrong: number;
  declined: number;
  outOfScope: number;
  oosDeclined: number;
}

const LANGUAGES = [...SUPPORTED_LOCALES, 'all'] as const;
export type Language = (typeof LANGUAGES)[number];

export function countOutcomes(outcomes: readonly EvalOutcome[]): Record<Language, OutcomeCounts> {
  const counts = Object.fromEntries(
    LANGUAGES.map((l) => [
      l,
      { inScope: 0, answeredRight: 0, answeredWrong: 0, declined: 0, outOfScope: 0, oosDeclined: 0 }
    ])
  ) as Record<Language, OutcomeCounts>;
  for (const outcome of outcomes) {
    const kind = outcomeKind(outcome);
    for (const slot of [counts[outcome.case.lang], counts.all]) {
      if (outcome.case.expect === null) {
        slot.outOfScope++;
        if (kind === 'oosDeclined') slot.oosDeclined++;
        continue;
      }
      slot.inScope++;
      if (kind === 'answeredRight') slot.answeredRight++;
      else if (kind === 'answeredWrong') slot.answeredWrong++;
      else slot.declined++;
    }
  }
  return counts;
}

export interface CaseChange {
  file: string;
  line: number;
  lang: string;
  q: string;
  expect: string | null;
  before: EvalOutcomeKind;
  after: EvalOutcomeKind;
  beforeTop?: string;
  afterTop?: string;
  /** Better (answered right / declined out of scope now), worse, or sideways (e.g. no match -> did you mean). */
  direction: 'better' | 'worse' | 'sideways';
}

const GOOD: ReadonlySet<EvalOutcomeKind> = new Set(['answeredRight', 'oosDeclined']);
const BAD: ReadonlySet<EvalOutcomeKind> = new Set(['answeredWrong', 'oosAnswered']);

function rank(kind: EvalOutcomeKind): number {
  return GOOD.has(kind) ? 2 : BAD.has(kind) ? 0 : 1;
}

export interface EvalComparison {
  before: Record<Language, OutcomeCounts>;
  after: Record<Language, OutcomeCounts>;
  changes: CaseChange[];
  /** Per language: fewer right, more wrong, or fewer out-of-scope declined. */
  drops: string[];
}

/** The same cases evaluated twice; cases are paired by file, line and question. */
export function compareEvaluations(
  before: readonly EvalOutcome[],
  after: readonly EvalOutcome[]
): EvalComparison {
  const key = (o: EvalOutcome) => `${o.case.file}:${o.case.line}:${o.case.q}`;
  const earlier = new Map(before.map((o) => [key(o), o]));
  const changes: CaseChange[] = [];
  for (const now of after) {
    const then = earlier.get(key(now));
    if (!then) continue;
    const was = outcomeKind(then);
    const is = outcomeKind(now);
    if (was === is && then.topId === now.topId && then.decision === now.decision) continue;
    if (was === is && GOOD.has(is)) continue; // still right (another score, same answer)
    const direction = rank(is) > rank(was) ? 'better' : rank(is) < rank(was) ? 'worse' : 'sideways';
    changes.push({
      file: now.case.file,
      line: now.case.line,
      lang: now.case.lang,
      q: now.case.q,
      expect: now.case.expect,
      before: was,
      after: is,
      beforeTop: then.decision === 'none' ? undefined : then.topId,
      afterTop: now.decision === 'none' ? undefined : now.topId,
      direction
    });
  }
  const countsBefore = countOutcomes(before);
  const countsAfter = countOutcomes(after);
  const drops: string[] = [];
  for (const language of LANGUAGES) {
    const b = countsBefore[language];
    const a = countsAfter[language];
    if (a.answeredRight < b.answeredRight)
      drops.push(`${language}: answered right ${b.answeredRight} -> ${a.answeredRight}`);
    if (a.answeredWrong > b.answeredWrong)
      drops.push(`${language}: answered wrong ${b.answeredWrong} -> ${a.answeredWrong}`);
    if (a.oosDeclined < b.oosDeclined)
      drops.push(`${language}: out-of-scope declined ${b.oosDeclined} -> ${a.oosDeclined}`);
  }
  return { before: countsBefore, after: countsAfter, changes, drops };
}

function delta(before: number, after: number): string {
  if (before === after) return String(after);
  return `${before} -> ${after} (${after > before ? '+' : ''}${after - before})`;
}

export function formatComparison(
  comparison: EvalComparison,
  labels: { before: string; after: string }
): string[] {
  const rows = LANGUAGES.filter((l) => comparison.after[l].inScope + comparison.after[l].outOfScope > 0).map(
    (l) => {
      const b = comparison.before[l];
      const a = comparison.after[l];
      return [
        l,
        a.inScope,
        delta(b.answeredRight, a.answeredRight),
        delta(b.answeredWrong, a.answeredWrong),
        delta(b.declined, a.declined),
        a.outOfScope === 0 ? 'n/a' : delta(b.oosDeclined, a.oosDeclined)
      ];
    }
  );
  const lines = [
    `${labels.before} -> ${labels.after}:`,
    markdownTable(
      [
        'language',
        'in scope',
        'answered right',
        'answered wrong',
        'declined (did you mean / no match)',
        'out-of-scope declined'
      ],
      rows
    )
  ];
  const changed = comparison.changes;
  lines.push('', `cases that changed (${changed.length}):`);
  const describe = (kind: EvalOutcomeKind, top?: string) =>
    top && kind !== 'noMatch' && kind !== 'oosDeclined' ? `${kind} ${top}` : kind;
  for (const c of [...changed].sort(
    (x, y) => order(x) - order(y) || x.file.localeCompare(y.file) || x.line - y.line
  )) {
    lines.push(
      `  ${c.direction.padEnd(8)} ${c.file}:${c.line}: [${c.lang}] "${c.q}" (expect ${c.expect ?? 'out of scope'}): ${describe(c.before, c.beforeTop)} -> ${describe(c.after, c.afterTop)}`
    );
  }
  return lines;
}

function order(change: CaseChange): number {
  return change.direction === 'worse' ? 0 : change.direction === 'better' ? 1 : 2;
}
