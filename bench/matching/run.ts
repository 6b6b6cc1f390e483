/** Matching: each knowledge size measured in its own process, so heap numbers are not mixed up. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../common';

export interface MatchingRow {
  name: string;
  entries: number;
  buildMs: number;
  indexHeapMb: number;
  en: { mean: number; p99: number };
  zh: { mean: number; p99: number };
}

function measure(args: string[]): Omit<MatchingRow, 'name'> {
  const output = execFileSync(
    process.execPath,
    [
      '--expose-gc',
      '--max-old-space-size=8192',
      '--import',
      'tsx',
      path.join(ROOT, 'bench', 'matching', 'worker.ts'),
      ...args
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1024 * 1024
    }
  );
  return JSON.parse(output.trim().split('\n').pop()!) as Omit<MatchingRow, 'name'>;
}

export function runMatchingBench(knowledgeDir: string, sizes: number[]): MatchingRow[] {
  const rows: MatchingRow[] = [{ name: 'real knowledge base', ...measure(['real', knowledgeDir]) }];
  for (const size of sizes)
    rows.push({ name: `synthetic ${size.toLocaleString('en')}`, ...measure([String(size)]) });
  return rows;
}
