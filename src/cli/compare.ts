/**
 * `kb eval --compare REF --cases DIR`: the same evaluation cases run against another version of the
 * knowledge (REF: a folder, or a git ref such as HEAD, main or stash@{0}, whose copy of the knowledge
 * folder is extracted with `git archive` into a temporary folder) and against the knowledge now;
 * prints the per-language difference and every case whose outcome changed. The blind set is left
 * out: listing its cases one by one is exactly what must not be read.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatProblem, readKnowledge, type KnowledgeBase } from '../knowledge';
import { Matcher } from '../search';
import type { CliIO } from './args';
import { compareEvaluations, formatComparison } from './evalDiff';
import { evaluate, readEvaluationCases } from './evaluate';

function isDirectory(target: string): boolean {
  try {
    return statSync(target).isDirectory();
  } catch {
    return false;
  }
}

function git(args: string[], cwd: string, input?: Buffer): Buffer {
  return execFileSync('git', args, {
    cwd,
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 512 * 1024 * 1024
  });
}

/** The knowledge folder as it is at a git ref, extracted into a temporary folder. */
export function checkoutKnowledge(knowledgeDir: string, ref: string): { dir: string; cleanup: () => void } {
  let root: string;
  try {
    root = git(['rev-parse', '--show-toplevel'], knowledgeDir).toString('utf8').trim();
  } catch {
    throw new Error(`"${ref}" is not a folder, and ${knowledgeDir} is not in a git repository`);
  }
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root);
  } catch {
    throw new Error(`"${ref}" is neither a folder nor a git commit, branch or tag`);
  }
  const prefix = path.relative(root, knowledgeDir).split(path.sep).join('/');
  const temp = mkdtempSync(path.join(tmpdir(), 'kb-compare-'));
  const cleanup = () => rmSync(temp, { recursive: true, force: true });
  try {
    const archive = git(['archive', '--format=tar', ref, '--', prefix || '.'], root);
    execFileSync('tar', ['-x', '-C', temp], { input: archive, stdio: ['pipe', 'ignore', 'pipe'] });
  } catch (error) {
    cleanup();
    const stderr = (error as { stderr?: Buffer }).stderr?.toString('utf8').trim();
    throw new Error(`cannot extract ${prefix || 'the repository'} at ${ref}: ${stderr || String(error)}`);
  }
  return { dir: path.join(temp, prefix), cleanup };
}

export function runCompare(knowledgeDir: string, ref: string, casesTarget: string, io: CliIO): number {
  let refDir: string;
  let cleanup = () => {};
  if (isDirectory(ref)) refDir = path.resolve(ref);
  else {
    try {
      ({ dir: refDir, cleanup } = checkoutKnowledge(knowledgeDir, ref));
    } catch (error) {
      io.stderr(`kb eval --compare: ${(error as Error).message}`);
      return 2;
    }
  }
  try {
    const load = (dir: string, label: string): KnowledgeBase | undefined => {
      const { knowledge, problems } = readKnowledge(dir);
      if (!knowledge) {
        io.stderr(`${label}: the knowledge does not load`);
        problems.filter((p) => p.severity === 'error').forEach((p) => io.stderr(formatProblem(p)));
      }
      return knowledge;
    };
    const then = load(refDir, ref);
    const now = load(knowledgeDir, knowledgeDir);
    if (!then || !now) return 2;
    // A case may expect an entry only one version has: it is then simply not answered right by the other.
    const ids = new Set([...then.byId.keys(), ...now.byId.keys()]);
    const read = readEvaluationCases(casesTarget, ids, { withBlind: false });
    if (read.problems.length > 0) {
      read.problems.forEach((p) => io.stderr(formatProblem(p)));
      return 2;
    }
    const cases = read.cases.filter((c) => !c.blind);
    if (cases.length === 0) {
      io.stderr(`kb eval --compare: no cases in ${casesTarget} outside the blind set`);
      return 2;
    }
    const before = evaluate(new Matcher(then), cases).outcomes;
    const after = evaluate(new Matcher(now), cases).outcomes;
    const comparison = compareEvaluations(before, after);
    formatComparison(comparison, {
      before: ref,
      after: path.relative(process.cwd(), knowledgeDir) || '.'
    }).forEach((line) => io.stdout(line));
    io.stdout(
      JSON.stringify({ before: comparison.before, after: comparison.after, drops: comparison.drops })
    );
    return 0;
  } finally {
    cleanup();
  }
}
