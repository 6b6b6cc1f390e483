/**
 * `kb suggest LOGFILE... [--apply --accept all|1,3,5-7]`: from the bot's logs (plain or .gz) to
 * reviewed changes of the knowledge. Proposes the wording users used as new questions of the entry
 * their own actions point to (a did-you-mean pick, the answer reached after a 👎, an unanswered group
 * near an entry), and lists unanswered groups that fit no entry. With --apply, writes the accepted
 * proposals into the YAML files, then checks and evaluates the knowledge before and after and keeps
 * the change only when no language got worse.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import {
  CASES_FOLDER,
  formatProblem,
  readKnowledge,
  type KnowledgeBase,
  type KnowledgeProblem
} from '../knowledge';
import { Matcher } from '../search';
import { parse, UsageError } from './args';
import { findDuplicateQuestions, findThinEntries } from './check';
import { compareEvaluations, formatComparison, type CaseChange, type EvalComparison } from './evalDiff';
import { evaluate, readEvaluationCases, type EvalCase, type EvalOutcome } from './evaluate';
import { inPeriod, parseBound } from './report';
import { readLogFile, type LogRecord, type ReadStats } from './report/logRecords';
import { collectEvidence } from './suggest/evidence';
import { buildProposals, type AddQuestionProposal, type Proposal, type Proposals } from './suggest/proposals';
import { insertQuestions } from './suggest/yamlEdit';

export interface SuggestIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Asks the clerk one question on a terminal (`--apply` without `--accept`); undefined elsewhere. */
  ask?: (question: string) => Promise<string>;
}

export const SUGGEST_USAGE = `Usage: kb suggest [options] LOGFILE...

Reads the bot's logs (plain or .gz) and proposes new questions for entries: wordings users typed that
got "did you mean" and then a pick, got an answer after a thumbs-down, or went unanswered close to an
entry. Unanswered groups that fit no entry are listed as entries to write.

Options:
  --knowledge DIR     the knowledge folder (default: $KNOWLEDGE_DIR or ./knowledge)
  --since DATE        only log events on or after DATE (YYYY-MM-DD, or an ISO time)
  --until DATE        only log events on or before DATE
  --format FORMAT     text (default) or json (the proposals, for a review file)
  --apply             write accepted proposals into the YAML files; kb check and kb eval run before
                      and after, and the files are restored if any language gets worse (fewer
                      answered right, more answered wrong, fewer out-of-scope declined)
  --accept LIST       which proposals to accept: all, or numbers such as 1,3,5-7 (without it, --apply
                      asks about each proposal on a terminal)
  --cases DIR|FILE    evaluation cases for --apply (default: DIR/cases; never the blind/ folder)
  --strict            with --apply: refuse also when any single case gets worse (by default a case
                      may move when its language gains more; such cases are listed)
  -h, --help          this help
`;

interface SuggestArgs {
  files: string[];
  knowledgeDir: string;
  since?: ReturnType<typeof parseBound>;
  until?: ReturnType<typeof parseBound>;
  format: 'text' | 'json';
  apply: boolean;
  accept?: string;
  cases?: string;
  strict: boolean;
}

function parseSuggestArgs(argv: string[], defaultDir: string): SuggestArgs | 'help' {
  const { values, positionals } = parse(argv, {
    knowledge: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    format: { type: 'string' },
    apply: { type: 'boolean' },
    accept: { type: 'string' },
    cases: { type: 'string' },
    strict: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  });
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('no log file given');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`--format "${format}" is not text or json`);
  if (values.accept !== undefined && !values.apply) throw new UsageError('--accept goes with --apply');
  return {
    files: positionals,
    knowledgeDir: path.resolve(values.knowledge ?? defaultDir),
    since: values.since === undefined ? undefined : parseBound(values.since, '--since'),
    until: values.until === undefined ? undefined : parseBound(values.until, '--until'),
    format,
    apply: values.apply === true,
    accept: values.accept,
    cases: values.cases,
    strict: values.strict === true
  };
}

/** "all" or "1,3,5-7" -> the accepted numbers (each must be one of the proposals). Pure. */
export function parseAcceptList(text: string, count: number): Set<number> {
  const trimmed = text.trim();
  if (trimmed === 'all') return new Set(Array.from({ length: count }, (_, i) => i + 1));
  const accepted = new Set<number>();
  for (const part of trimmed.split(',').map((p) => p.trim())) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!range) throw new UsageError(`--accept "${text}": "${part}" is not a number or a range such as 5-7`);
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (from < 1 || to > count || from > to)
      throw new UsageError(`--accept "${text}": ${part} is not among the proposals 1-${count}`);
    for (let n = from; n <= to; n++) accepted.add(n);
  }
  return accepted;
}

function reasonText(p: AddQuestionProposal): string {
  const parts = [];
  if (p.reasons.picked) parts.push(`${p.reasons.picked} picked it after "did you mean"`);
  if (p.reasons.retried) parts.push(`${p.reasons.retried} reached it after a thumbs-down`);
  if (p.reasons.rephrased)
    parts.push(`${p.reasons.rephrased} unanswered, then asked again and answered with it`);
  if (p.reasons.unanswered)
    parts.push(`${p.reasons.unanswered} unanswered, closest to this entry (check it is the right one)`);
  return parts.join('; ');
}

export function formatProposals(result: Proposals, knowledge: KnowledgeBase): string[] {
  const lines: string[] = [];
  const additions = result.proposals.filter((p): p is AddQuestionProposal => p.kind === 'add-question');
  const newEntries = result.proposals.filter((p) => p.kind === 'new-entry');
  lines.push(`Questions to add to entries (${additions.length}):`);
  for (const p of additions) {
    const entry = knowledge.byId.get(p.entryId);
    const where = entry ? `${entry.origin.file}:${entry.origin.line}` : '?';
    lines.push(`${String(p.number).padStart(3)}. ${p.entryId} (${where}) questions.${p.locale}: "${p.text}"`);
    lines.push(`     asked ${p.count}x: ${reasonText(p)}`);
    for (const example of p.examples) lines.push(`     also: "${example.text}" (${example.count}x)`);
    if (p.conflicts.length > 0)
      lines.push(
        `     note: also linked to ${p.conflicts.map((c) => `${c.entryId} (${c.count}x)`).join(', ')}`
      );
  }
  lines.push(
    '',
    `Unanswered questions that fit no entry: write an entry from the office's source (${newEntries.length}):`
  );
  for (const p of newEntries) {
    lines.push(`${String(p.number).padStart(3)}. [${p.locale}] "${p.text}" asked ${p.count}x`);
    for (const example of p.examples) lines.push(`     also: "${example.text}" (${example.count}x)`);
  }
  const s = result.skipped;
  lines.push(
    '',
    `left out: ${s.alreadyQuestion} already an entry's question, ${s.alreadyAnswered} answered right by the knowledge now, ` +
      `${s.personalData} with personal data masked, ${s.tooLong} cut off in the log, ${s.conflicting} linked to several entries, ` +
      `${s.unrelated} followed by an unrelated question`
  );
  if (result.unlinked > 0)
    lines.push(
      `note: ${result.unlinked} questions in the log carry no chat id (a bot older than kb suggest): their picks and thumbs-down cannot be linked`
    );
  return lines;
}

interface Snapshot {
  knowledge: KnowledgeBase;
  matcher: Matcher;
  problems: KnowledgeProblem[];
  outcomes: EvalOutcome[];
}

/** `kb check`'s findings and `kb eval`'s outcomes for loaded knowledge. */
function snapshotOf(
  knowledge: KnowledgeBase,
  problems: readonly KnowledgeProblem[],
  cases: readonly EvalCase[]
): Snapshot {
  const all = [...problems, ...findThinEntries(knowledge), ...findDuplicateQuestions(knowledge)];
  const matcher = new Matcher(knowledge);
  return { knowledge, matcher, problems: all, outcomes: evaluate(matcher, cases).outcomes };
}

/** The same for the knowledge as it is on disk now, or its problems when it does not load. */
function snapshot(dir: string, cases: readonly EvalCase[]): Snapshot | KnowledgeProblem[] {
  const { knowledge, problems } = readKnowledge(dir);
  return knowledge ? snapshotOf(knowledge, problems, cases) : problems;
}

async function chooseAccepted(args: SuggestArgs, proposals: Proposal[], io: SuggestIo): Promise<Set<number>> {
  if (args.accept !== undefined) return parseAcceptList(args.accept, proposals.length);
  if (!io.ask)
    throw new UsageError(
      '--apply needs --accept all|1,3,5-7 when not run on a terminal (review the list first)'
    );
  const accepted = new Set<number>();
  for (const p of proposals) {
    if (p.kind !== 'add-question') continue;
    const answer = await io.ask(
      `${p.number}. add "${p.text}" to ${p.entryId} (questions.${p.locale})? [y/N/q] `
    );
    if (/^q/i.test(answer.trim())) break;
    if (/^y/i.test(answer.trim())) accepted.add(p.number);
  }
  return accepted;
}

/** Writes proposals into the knowledge files; `restore` puts every touched file back as it was. */
function writeProposals(
  knowledgeDir: string,
  knowledge: KnowledgeBase,
  additions: readonly AddQuestionProposal[]
) {
  const byFile = new Map<string, AddQuestionProposal[]>();
  for (const p of additions) {
    const file = knowledge.byId.get(p.entryId)!.origin.file;
    byFile.set(file, [...(byFile.get(file) ?? []), p]);
  }
  const originals = new Map<string, string>();
  const written: string[] = [];
  const refused: string[] = [];
  for (const [file, list] of byFile) {
    const full = path.join(knowledgeDir, file);
    const text = readFileSync(full, 'utf8');
    originals.set(full, text);
    const edit = insertQuestions(
      text,
      file,
      list.map((p) => ({ entryId: p.entryId, locale: p.locale, question: p.text }))
    );
    for (const r of edit.refused)
      refused.push(`not added: "${r.insertion.question}" to ${r.insertion.entryId}: ${r.reason}`);
    for (const i of edit.inserted)
      written.push(`${file}:${i.line}: ${i.insertion.entryId} questions.${i.list}: ${i.question}`);
    if (edit.text !== text) writeFileSync(full, edit.text);
  }
  const restore = () => {
    for (const [full, text] of originals) writeFileSync(full, text);
  };
  return { written, refused, restore };
}

/**
 * The change is refused when the evaluation drops in any language (fewer answered right, more
 * answered wrong, fewer out-of-scope declined) and, with --strict, when any single case is worse.
 * Without --strict a case may move (right -> did-you-mean) when others gain more in its language:
 * adding phrasings shifts the weight of shared words, and such moves are listed for the clerk.
 */
function harms(comparison: EvalComparison, strict: boolean): boolean {
  return comparison.drops.length > 0 || (strict && comparison.changes.some((c) => c.direction === 'worse'));
}

/** A proposal that makes the evaluation drop by itself, or with the rest once others are left out. */
type HarmfulProposal = AddQuestionProposal & { how: 'alone' | 'left out' };

/**
 * Which accepted proposals cause the harm: first each one alone (those on the entries the worse
 * cases land near first), then each that makes it drop only with the rest, left out one at a time until
 * the rest keeps the evaluation. `rest` is that list, checked (a clerk who follows the hint is not
 * refused again); undefined when leaving out single proposals does not get there. Every try writes and
 * restores the files.
 */
function findHarmful(
  args: SuggestArgs,
  additions: readonly AddQuestionProposal[],
  before: Snapshot,
  worse: readonly CaseChange[],
  cases: readonly EvalCase[]
): { proposals: HarmfulProposal[]; rest: number[] | undefined } {
  const near = new Set<string>();
  const outcomes = new Map(before.outcomes.map((o) => [`${o.case.file}:${o.case.line}`, o]));
  for (const change of worse) {
    if (change.afterTop) near.add(change.afterTop);
    for (const id of outcomes.get(`${change.file}:${change.line}`)?.top3 ?? []) near.add(id);
  }
  const harmsWith = (list: readonly AddQuestionProposal[]) => {
    const trial = writeProposals(args.knowledgeDir, before.knowledge, list);
    try {
      const after = snapshot(args.knowledgeDir, cases);
      return Array.isArray(after) || harms(compareEvaluations(before.outcomes, after.outcomes), args.strict);
    } finally {
      trial.restore();
    }
  };
  const suspects = [...additions].sort((a, b) => Number(near.has(b.entryId)) - Number(near.has(a.entryId)));
  const found: HarmfulProposal[] = suspects
    .filter((p) => harmsWith([p]))
    .map((p) => ({ ...p, how: 'alone' }));
  for (;;) {
    const rest = additions.filter((q) => !found.some((f) => f.number === q.number));
    if (rest.length === 0) return { proposals: found, rest: undefined };
    if (!harmsWith(rest)) return { proposals: found, rest: rest.map((p) => p.number) };
    const culprit = rest.find((p) => !harmsWith(rest.filter((q) => q !== p)));
    if (!culprit) return { proposals: found, rest: undefined };
    found.push({ ...culprit, how: 'left out' });
  }
}

/** "1,2,3,5,7,8" -> "1-3,5,7-8". Pure. */
export function formatAcceptList(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return parts.join(',');
}

async function apply(
  args: SuggestArgs,
  result: Proposals,
  before: Snapshot,
  cases: readonly EvalCase[],
  io: SuggestIo
): Promise<number> {
  const accepted = await chooseAccepted(args, result.proposals, io);
  const chosen = result.proposals.filter((p) => accepted.has(p.number));
  // "all" means every proposal that can be written; a new entry named by number gets a word why not.
  for (const p of chosen.filter((c) => c.kind === 'new-entry' && args.accept?.trim() !== 'all'))
    io.stderr(
      `${p.number}: a new entry cannot be written automatically (its answer must come from the office's source); skipped`
    );
  const additions = chosen.filter((p): p is AddQuestionProposal => p.kind === 'add-question');
  if (additions.length === 0) {
    io.stdout('nothing accepted; no file changed');
    return 0;
  }
  const change = writeProposals(args.knowledgeDir, before.knowledge, additions);
  change.refused.forEach((line) => io.stderr(line));
  const after = snapshot(args.knowledgeDir, cases);
  if (Array.isArray(after)) {
    change.restore();
    after.filter((p) => p.severity === 'error').forEach((p) => io.stderr(formatProblem(p)));
    io.stderr('kb check failed after the change: the files are restored, nothing written');
    return 1;
  }
  const count = (s: Snapshot, severity: 'error' | 'warning') =>
    s.problems.filter((p) => p.severity === severity).length;
  io.stdout(
    `kb check: ${count(before, 'error')} errors, ${count(before, 'warning')} warnings -> ${count(after, 'error')} errors, ${count(after, 'warning')} warnings`
  );
  const known = new Set(before.problems.map(formatProblem));
  for (const p of after.problems.filter((q) => !known.has(formatProblem(q))))
    io.stdout(`  new: ${formatProblem(p)}`);
  const comparison = compareEvaluations(before.outcomes, after.outcomes);
  formatComparison(comparison, { before: 'kb eval before', after: 'after' }).forEach((line) =>
    io.stdout(line)
  );
  const worse = comparison.changes.filter((c) => c.direction === 'worse');
  if (harms(comparison, args.strict) || count(after, 'error') > 0) {
    change.restore();
    const why = [
      ...comparison.drops,
      ...(args.strict && worse.length > 0 ? [`${worse.length} case(s) worse`] : [])
    ];
    io.stderr(`refused: the evaluation dropped (${why.join('; ')}); the files are restored, nothing written`);
    const harmful = findHarmful(args, additions, before, worse, cases);
    for (const p of harmful.proposals)
      io.stderr(
        p.how === 'alone'
          ? `  proposal ${p.number} (${p.entryId}: "${p.text}") alone makes it drop`
          : `  proposal ${p.number} (${p.entryId}: "${p.text}") makes it drop together with the rest`
      );
    if (harmful.rest) io.stderr(`try without them: --accept ${formatAcceptList(harmful.rest)}`);
    else io.stderr('no single proposal explains it: accept fewer at a time to find the combination');
    return 1;
  }
  if (worse.length > 0)
    io.stdout(
      `note: ${worse.length} case(s) worse, outweighed in their language (listed above); --strict refuses any`
    );
  io.stdout(
    `\nwritten (${change.written.length}${change.refused.length > 0 ? `; ${change.refused.length} not added, see above` : ''}):`
  );
  change.written.forEach((line) => io.stdout(`  ${line}`));
  return change.refused.length > 0 ? 1 : 0;
}

export async function runSuggest(argv: string[], io: SuggestIo, env = process.env): Promise<number> {
  let args: SuggestArgs | 'help';
  try {
    args = parseSuggestArgs(argv, env.KNOWLEDGE_DIR || 'knowledge');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`kb suggest: ${error.message}\n\n${SUGGEST_USAGE}`);
    return 2;
  }
  if (args === 'help') {
    io.stdout(SUGGEST_USAGE);
    return 0;
  }
  // Days are this computer's, as in kb report without --timezone.
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const records: LogRecord[] = [];
  const stats: ReadStats = { lines: 0, records: 0, skipped: 0 };
  for (const file of args.files) {
    try {
      await readLogFile(
        file,
        (record) => inPeriod(record, { ...args, timeZone }) && records.push(record),
        stats
      );
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      io.stderr(`kb suggest: cannot read ${file}: ${reason}`);
      return 1;
    }
  }
  records.sort((a, b) => a.time - b.time);

  const loaded = readKnowledge(args.knowledgeDir);
  if (!loaded.knowledge) {
    loaded.problems.filter((p) => p.severity === 'error').forEach((p) => io.stderr(formatProblem(p)));
    io.stderr(`kb suggest: the knowledge in ${args.knowledgeDir} does not load (run kb check)`);
    return 2;
  }
  let cases: EvalCase[] = [];
  if (args.apply) {
    const target = args.cases ?? path.join(args.knowledgeDir, CASES_FOLDER);
    if (!existsSync(target)) {
      io.stderr(
        `kb suggest: --apply needs evaluation cases to judge the change: --cases DIR (${target} does not exist)`
      );
      return 2;
    }
    const read = readEvaluationCases(path.resolve(target), new Set(loaded.knowledge.byId.keys()), {
      withBlind: false
    });
    if (read.problems.length > 0) {
      read.problems.forEach((p) => io.stderr(formatProblem(p)));
      return 2;
    }
    // The blind set judges nothing here: it is never tuned on, and accepting changes by it would be.
    cases = read.cases.filter((c) => !c.blind);
  }
  const before = snapshotOf(loaded.knowledge, loaded.problems, cases);
  const result = buildProposals(collectEvidence(records), before.knowledge, before.matcher);
  if (args.format === 'json') io.stdout(JSON.stringify(result, null, 2));
  else formatProposals(result, before.knowledge).forEach((line) => io.stdout(line));
  if (stats.skipped > 0)
    io.stderr(`note: ${stats.skipped} of ${stats.lines} lines were not bot log records and were skipped`);
  if (!args.apply) {
    if (result.proposals.length > 0)
      io.stdout('\nReview the list, then: npm run kb -- suggest LOGFILE --apply --accept 1,3,5-7 (or all)');
    return 0;
  }
  return apply(args, result, before, cases, io);
}
