/** `kb eval --compare REF`: another folder, or the knowledge folder at a git ref. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/kb';

const ROOT = path.resolve(__dirname, '..', '..');
const CASES = path.join(ROOT, 'test/cases');

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, {});
  return { code, out, err };
}

/** A copy of knowledge/. */
function copyOfKnowledge(parent: string): string {
  const dir = path.join(parent, 'knowledge');
  cpSync(path.join(ROOT, 'knowledge'), dir, { recursive: true });
  return dir;
}

/** Without the sister-cities entry: the cases that expect it can no longer be answered right. */
function weaken(dir: string): void {
  const file = path.join(dir, 'entries/exchanges.yaml');
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((l) => l === '  - id: sister-cities');
  const next = lines.findIndex((l, i) => i > start && l.startsWith('  - id: '));
  lines.splice(start, (next < 0 ? lines.length : next) - start);
  writeFileSync(file, lines.join('\n'));
}

describe('kb eval --compare', () => {
  it('lists the cases that changed between two folders, and the difference per language', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'fao-compare-'));
    const dir = copyOfKnowledge(parent);
    weaken(dir);
    const { code, out } = await run([
      'eval',
      '--knowledge',
      dir,
      '--compare',
      path.join(ROOT, 'knowledge'),
      '--cases',
      CASES
    ]);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/\| en \| \d+ \| \d+ -> \d+ \(-\d+\) \|/);
    // Each case that expected the removed entry is listed with its place, worse.
    expect(text).toMatch(
      /\n {2}worse +test\/cases\/[^:]+:\d+: \[en\] ".+" \(expect sister-cities\): answeredRight sister-cities -> \w+/
    );
    expect(text).toMatch(
      /\n {2}worse +test\/cases\/[^:]+:\d+: \[zh-Hans\] ".+" \(expect sister-cities\): answeredRight sister-cities -> \w+/
    );
    const listed = out.filter((line) => /^ {2}(worse|better|sideways) /.test(line)).length;
    expect(text).toContain(`cases that changed (${listed}):`);
    const summary = JSON.parse(out.at(-1)!) as { drops: string[] };
    expect(summary.drops.some((d) => d.startsWith('en: answered right'))).toBe(true);
    expect(text).not.toMatch(/blind/);
  });

  it('compares with the knowledge folder at a git ref, and explains a ref that is not one', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'fao-compare-git-'));
    const dir = copyOfKnowledge(repo);
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: repo });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'knowledge');
    weaken(dir);
    const { code, out } = await run(['eval', '--knowledge', dir, '--compare', 'HEAD', '--cases', CASES]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^HEAD -> /);
    expect(out.join('\n')).toMatch(
      /\n {2}worse +test\/cases\/.*\(expect sister-cities\): answeredRight sister-cities -> /
    );
    // Unchanged knowledge compares equal.
    git('checkout', '-q', '--', '.');
    const same = await run(['eval', '--knowledge', dir, '--compare', 'HEAD', '--cases', CASES]);
    expect(same.out.join('\n')).toMatch(/cases that changed \(0\)/);
    const bad = await run(['eval', '--knowledge', dir, '--compare', 'no-such-branch', '--cases', CASES]);
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toMatch(/"no-such-branch" is neither a folder nor a git commit/);
  });
});
