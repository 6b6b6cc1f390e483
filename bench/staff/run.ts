/**
 * The staff tools as a clerk runs them: `kb check` on the knowledge (whole command, a fresh process
 * each time, median of runs; and one run split into its phases) and `kb suggest` on the 200-chat
 * fixture log. Needs the compiled JavaScript in dist/ (bench/run.ts builds it).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { markdownTable, parse } from '../../src/cli/args';

const ROOT = path.resolve(__dirname, '..', '..');
const KB = path.join(ROOT, 'dist', 'cli', 'kb.js');

export interface CheckPhases {
  loadModulesMs: number;
  readAndValidateMs: number;
  thinEntriesMs: number;
  duplicateQuestionsMs: number;
  /** Reading the last commit's files (git) and comparing entry counts, as a reload would. */
  againstLastCommitMs: number;
  cpuMs: number;
  questions: number;
}

export interface StaffBench {
  checkMedianMs: number;
  checkRunsMs: number[];
  phases: CheckPhases;
  suggestMs: number;
}

function timed(args: string[]): number {
  const started = performance.now();
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return Math.round(performance.now() - started);
}

export function runStaffBench(knowledgeDir: string, runs = 5): StaffBench {
  const checkRunsMs = Array.from({ length: runs }, () => timed([KB, 'check', '--knowledge', knowledgeDir]));
  const sorted = [...checkRunsMs].sort((a, b) => a - b);
  const phases = JSON.parse(
    execFileSync(process.execPath, [path.join(__dirname, 'checkPhases.cjs'), knowledgeDir], {
      cwd: ROOT
    }).toString('utf8')
  ) as CheckPhases;
  const suggestMs = timed([
    KB,
    'suggest',
    path.join(ROOT, 'test/fixtures/suggest/bot.log.gz'),
    '--knowledge',
    knowledgeDir
  ]);
  return { checkMedianMs: sorted[Math.floor(sorted.length / 2)]!, checkRunsMs, phases, suggestMs };
}

export function staffTables(bench: StaffBench): string[] {
  const p = bench.phases;
  return [
    '## Staff tools (a fresh process per run, as a clerk runs them)',
    '',
    ...markdownTable(
      ['command', 'wall ms', 'notes'],
      [
        [
          `kb check (median of ${bench.checkRunsMs.length})`,
          bench.checkMedianMs,
          `runs: ${bench.checkRunsMs.join(', ')}`
        ],
        [
          'kb check, in phases',
          p.loadModulesMs +
            p.readAndValidateMs +
            p.thinEntriesMs +
            p.duplicateQuestionsMs +
            p.againstLastCommitMs,
          `load modules ${p.loadModulesMs}, read and validate ${p.readAndValidateMs}, thin entries ${p.thinEntriesMs}, near-duplicate questions ${p.duplicateQuestionsMs} (${p.questions} questions), against the last commit ${p.againstLastCommitMs}; CPU ${p.cpuMs}`
        ],
        [
          'kb suggest on the 200-chat fixture',
          bench.suggestMs,
          'reads the log, loads the knowledge and the matcher, proposes'
        ]
      ],
      'lrl'
    ).split('\n'),
    ''
  ];
}

if (require.main === module) {
  const [dir] = parse(process.argv.slice(2), {}).positionals;
  const bench = runStaffBench(path.resolve(dir ?? path.join(ROOT, 'knowledge')));
  for (const line of staffTables(bench)) process.stdout.write(`${line}\n`);
  process.stdout.write(`${JSON.stringify(bench)}\n`);
}
