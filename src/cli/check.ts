/** `kb check`: validates every knowledge file and warns about what will confuse users or the matcher. */
import { execFileSync } from 'node:child_process';
import {
  buildKnowledge,
  formatProblem,
  readKnowledge,
  type KnowledgeBase,
  type KnowledgeProblem,
  type KnowledgeSource
} from '../knowledge';
import { versionOf } from '../knowledge/loader';
import { DEFAULT_RELOAD_POLICY, refusalOf } from '../runtime/reloadPolicy';
import { Analyzer } from '../search/analyzer';
import { jaccard } from '../search/similarity';
import { prefixLength } from './report/cluster';
import type { CliIO } from './args';

/** Share of content words two questions have in common above which they are "nearly the same". */
const NEAR_DUPLICATE_JACCARD = 0.8;
/** Fewer phrasings than this and users' own wording is often missed. */
export const RECOMMENDED_QUESTIONS = 6;

/** Entries with too few phrasings in a staff-maintained language. */
export function findThinEntries(knowledge: KnowledgeBase): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  for (const entry of knowledge.entries) {
    for (const locale of ['en', 'zh-Hans'] as const) {
      const count = entry.questions[locale].length;
      if (count === 0 || count >= RECOMMENDED_QUESTIONS) continue;
      problems.push({
        severity: 'warning',
        file: entry.origin.file,
        line: entry.origin.line,
        field: `${entry.id}: questions.${locale}`,
        message: `only ${count} question(s); write at least ${RECOMMENDED_QUESTIONS} ways people ask`
      });
    }
  }
  return problems;
}
const NEAR_DUPLICATE_MAX_QUESTIONS = 20_000;

/** Questions written (almost) the same on two entries: the matcher cannot tell those entries apart. */
export function findDuplicateQuestions(
  knowledge: KnowledgeBase,
  /** Compare every pair instead of prefix-filtered candidates: the reference the tests hold it to. */
  options: { everyPair?: boolean } = {}
): KnowledgeProblem[] {
  const analyzer = new Analyzer(knowledge.synonyms);
  const problems: KnowledgeProblem[] = [];
  for (const locale of ['en', 'zh-Hans'] as const) {
    const items: { entryIndex: number; question: string; terms: Set<string>; key: string }[] = [];
    knowledge.entries.forEach((entry, entryIndex) => {
      for (const question of entry.questions[locale]) {
        // Content words only: "how can I apply for the X" and "how do I apply for a X" are one question.
        const analyzed = analyzer.analyze(question);
        const terms = new Set(analyzed.keyTerms.length > 0 ? analyzed.keyTerms : analyzed.terms);
        if (terms.size === 0) continue;
        items.push({ entryIndex, question, terms, key: [...terms].sort().join(' ') });
      }
    });
    const reported = new Set<string>();
    const warn = (a: (typeof items)[number], b: (typeof items)[number], how: string) => {
      const pair = `${a.entryIndex}|${b.entryIndex}|${a.key}`;
      if (reported.has(pair)) return;
      reported.add(pair);
      const first = knowledge.entries[a.entryIndex]!;
      const second = knowledge.entries[b.entryIndex]!;
      problems.push({
        severity: 'warning',
        file: second.origin.file,
        line: second.origin.line,
        field: `${second.id}: questions.${locale}`,
        message: `"${b.question}" is ${how} "${a.question}" of entry ${first.id} (${first.origin.file}:${first.origin.line})`
      });
    };
    const byKey = new Map<string, (typeof items)[number]>();
    for (const item of items) {
      const earlier = byKey.get(item.key);
      if (earlier && earlier.entryIndex !== item.entryIndex) warn(earlier, item, 'the same question as');
      else if (!earlier) byKey.set(item.key, item);
    }
    if (items.length > NEAR_DUPLICATE_MAX_QUESTIONS) continue;
    // Prefix filtering (as in kb report's grouping): with the terms of every question in one order,
    // rarest first, two questions with Jaccard >= t share a term among the first
    // prefixLength(size, t) of each, so only those pairs are compared (comparing every pair was a
    // third of a check's CPU time at 730 questions).
    const frequency = new Map<string, number>();
    for (const item of items)
      for (const term of item.terms) frequency.set(term, (frequency.get(term) ?? 0) + 1);
    const pairs: [number, number][] = [];
    const compare = (i: number, j: number) => {
      const a = items[i]!;
      const b = items[j]!;
      if (a.entryIndex === b.entryIndex || a.key === b.key) return;
      if (jaccard(a.terms, b.terms) >= NEAR_DUPLICATE_JACCARD) pairs.push([i, j]);
    };
    const byPrefixTerm = new Map<string, number[]>();
    items.forEach((item, j) => {
      if (options.everyPair) {
        for (let i = 0; i < j; i++) compare(i, j);
        return;
      }
      const ordered = [...item.terms].sort(
        (x, y) => frequency.get(x)! - frequency.get(y)! || (x < y ? -1 : x > y ? 1 : 0)
      );
      const seen = new Set<number>();
      for (const term of ordered.slice(0, prefixLength(ordered.length, NEAR_DUPLICATE_JACCARD))) {
        const earlier = byPrefixTerm.get(term) ?? [];
        for (const i of earlier) {
          if (seen.has(i)) continue;
          seen.add(i);
          compare(i, j);
        }
        earlier.push(j);
        byPrefixTerm.set(term, earlier);
      }
    });
    // In the order comparing every pair reports them.
    pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    for (const [i, j] of pairs) warn(items[i]!, items[j]!, 'nearly the same as');
  }
  return problems;
}

/**
 * The knowledge files as last committed, when the folder is in a git repository (else undefined).
 * Two git processes whatever the number of files (`ls-tree`, then every blob through one
 * `cat-file --batch`): a `git show` per file cost 150-190 ms of a check for 17 files.
 */
function committedSources(knowledgeDir: string): KnowledgeSource[] | undefined {
  const git = (args: string[], input?: string) =>
    execFileSync('git', ['-C', knowledgeDir, ...args], {
      input,
      stdio: ['pipe', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024
    });
  try {
    // "<mode> blob <id>\t<path>", paths relative to the folder, as the loader names them.
    const listed = git(['ls-tree', '-r', 'HEAD', '--', '.'])
      .toString('utf8')
      .split('\n')
      .map((line) => /^\d+ blob ([0-9a-f]+)\t(.+)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ id: m[1]!, file: m[2]! }))
      .filter(
        ({ file }) =>
          /\.ya?ml$/i.test(file) &&
          !file.startsWith('cases/') &&
          !file.split('/').some((p) => p.startsWith('.'))
      );
    if (listed.length === 0) return [];
    const batch = git(['cat-file', '--batch'], `${listed.map((f) => f.id).join('\n')}\n`);
    // Each object: "<id> blob <size>\n", <size> bytes, "\n".
    const sources: KnowledgeSource[] = [];
    let at = 0;
    for (const { file } of listed) {
      const headerEnd = batch.indexOf(0x0a, at);
      const size = Number(/ blob (\d+)$/.exec(batch.toString('utf8', at, headerEnd))?.[1]);
      if (headerEnd < 0 || !Number.isFinite(size)) return undefined;
      sources.push({ file, text: batch.toString('utf8', headerEnd + 1, headerEnd + 1 + size) });
      at = headerEnd + 1 + size + 1;
    }
    return sources;
  } catch {
    return undefined; // not in git, or git is not installed: nothing to compare with
  }
}

/**
 * What a running server would do with this folder as a reload: refuse it when it has no entries, or
 * when it drops more than KNOWLEDGE_MAX_DROP_PERCENT (default 20%) of the entries the last commit has.
 */
export function findReloadRefusal(knowledgeDir: string, knowledge: KnowledgeBase): KnowledgeProblem[] {
  const problem = (message: string, severity: 'error' | 'warning'): KnowledgeProblem => ({
    severity,
    file: '(knowledge)',
    line: 1,
    field: '',
    message
  });
  if (knowledge.entries.length === 0)
    return [
      problem('no entries: the server does not serve (or reload to) knowledge without entries', 'error')
    ];
  const committed = committedSources(knowledgeDir);
  if (!committed || committed.length === 0) return [];
  // Unchanged since the last commit (the usual case): nothing dropped, and no second build to pay for.
  if (versionOf(committed) === knowledge.version) return [];
  const before = buildKnowledge(committed, { generateTraditional: false }).knowledge;
  if (!before) return [];
  const refusal = refusalOf(before.entries.length, knowledge.entries.length, DEFAULT_RELOAD_POLICY);
  return refusal
    ? [problem(`compared with the last commit (${before.entries.length} entries), ${refusal}`, 'warning')]
    : [];
}

export function runCheck(knowledgeDir: string, io: CliIO, now = new Date()): number {
  // Nothing here shows Traditional Chinese: skipping its generation halves a check's time.
  const { knowledge, problems } = readKnowledge(knowledgeDir, { now, generateTraditional: false });
  const all = knowledge
    ? [
        ...problems,
        ...findThinEntries(knowledge),
        ...findDuplicateQuestions(knowledge),
        ...findReloadRefusal(knowledgeDir, knowledge)
      ]
    : problems;
  const sorted = [...all].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  for (const problem of sorted)
    (problem.severity === 'error' ? io.stderr : io.stdout)(formatProblem(problem));
  const errors = all.filter((p) => p.severity === 'error').length;
  const warnings = all.length - errors;
  if (knowledge) {
    io.stdout(
      `${knowledgeDir}: ${knowledge.entries.length} entries in ${knowledge.files.length} files, version ${knowledge.version}; ${errors} errors, ${warnings} warnings`
    );
  } else {
    io.stderr(
      `${knowledgeDir}: ${errors} errors, ${warnings} warnings - the bot will not load this knowledge`
    );
  }
  return errors > 0 ? 1 : 0;
}
