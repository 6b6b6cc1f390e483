/**
 * `npm run bench:attack`: replays the full-size attacks of issue 14 against real server processes
 * (the built dist/, `npm start`'s flags, loopback, ephemeral ports) and prints
 * `attack | requests | peak RSS | errors for others | held`, also written into bench/RESULTS.md.
 * Every attack is a file bench/attacks/<nn>-<name>.ts exporting `{ name, run } satisfies Attack`.
 * Run some only: `npm run bench:attack -- 06 07` (file-name prefixes).
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchKnowledgeDir, ROOT, rssMb, startChildServer } from './common';
import type { Attack, AttackContext, AttackResult, AttackServer } from './attacks/types';

const ATTACKS_DIR = path.join(__dirname, 'attacks');
const RESULTS = path.join(__dirname, 'RESULTS.md');
const SERVER = path.join(ROOT, 'dist', 'index.js');
/** How often the runner samples each server's RSS, on top of what the attack measures itself. */
const SAMPLE_MS = 100;
const SECTION_START = '<!-- bench:attack start -->';
const SECTION_END = '<!-- bench:attack end -->';

/** Attack files in order of their number: 01-..., 02-..., optionally only those whose name starts with a filter. */
export function attackFiles(dir: string, only: readonly string[] = []): string[] {
  return readdirSync(dir)
    .filter((name) => /^\d{2}-.+\.ts$/.test(name))
    .filter((name) => only.length === 0 || only.some((prefix) => name.startsWith(prefix)))
    .sort();
}

function isAttack(value: unknown): value is Attack {
  const candidate = value as Partial<Attack> | undefined;
  return typeof candidate?.name === 'string' && typeof candidate.run === 'function';
}

async function loadAttack(file: string): Promise<Attack> {
  const module = (await import(path.join(ATTACKS_DIR, file))) as { default?: unknown };
  // tsx may wrap a CommonJS default export once more.
  const exported = isAttack(module.default)
    ? module.default
    : (module.default as { default?: unknown } | undefined)?.default;
  if (!isAttack(exported)) throw new Error(`${file} does not export default { name, run }`);
  return exported;
}

/** Servers started for one attack: their RSS sampled all along, all stopped when the attack ends. */
class ServerPool implements AttackContext {
  private readonly servers: AttackServer[] = [];
  private readonly sampler: NodeJS.Timeout;
  peakRssMb = 0;

  constructor() {
    this.sampler = setInterval(() => this.sample(), SAMPLE_MS);
  }

  private sample(): void {
    for (const server of this.servers) {
      try {
        this.peakRssMb = Math.max(this.peakRssMb, server.rssMb());
      } catch {
        // the process has exited: nothing to sample
      }
    }
  }

  async startServer(env: Record<string, string>): Promise<AttackServer> {
    const child = await startChildServer(SERVER, {
      KNOWLEDGE_DIR: benchKnowledgeDir().dir,
      KNOWLEDGE_WATCH: 'false',
      LOG_LEVEL: 'warn',
      // Attacks meet the limits as deployed unless they ask otherwise (common.ts turns it off for throughput).
      RATE_LIMIT_PER_SECOND: '',
      ...env
    });
    const pid = child.child.pid;
    if (pid === undefined) throw new Error('server process has no pid');
    let stopped: Promise<void> | undefined;
    const server: AttackServer = {
      url: child.url,
      pid,
      rssMb: () => rssMb(pid),
      stop: () => (stopped ??= child.stop().then(() => undefined))
    };
    this.servers.push(server);
    return server;
  }

  async close(): Promise<void> {
    clearInterval(this.sampler);
    this.sample();
    await Promise.all(this.servers.map((server) => server.stop()));
  }
}

function formatRow(r: AttackResult): string {
  const note = r.note ? ` ${r.note.replace(/\|/g, '/')}` : '';
  return `| ${r.attack} | ${r.requests.toLocaleString('en')} | ${r.peakRssMb.toFixed(1)} MB | ${r.errorsForOthers} | ${r.held ? 'yes' : '**no**'} |${note} |`;
}

export function attackTable(results: readonly AttackResult[]): string[] {
  return [
    '| attack | requests | peak RSS | errors for others | held | note |',
    '|---|---:|---:|---:|---|---|',
    ...results.map(formatRow)
  ];
}

/** Replaces the attack section of RESULTS.md (between its markers), or appends it. */
export function withAttackSection(results: string, section: string): string {
  const block = `${SECTION_START}\n${section}\n${SECTION_END}`;
  const start = results.indexOf(SECTION_START);
  const end = results.indexOf(SECTION_END);
  if (start >= 0 && end > start)
    return results.slice(0, start) + block + results.slice(end + SECTION_END.length);
  return `${results.trimEnd()}\n\n${block}\n`;
}

/** Attacks may use the bench's load generator (autocannon, bench/package.json). */
function ensureDependencies(): void {
  if (existsSync(path.join(__dirname, 'node_modules', 'autocannon'))) return;
  process.stderr.write('Installing benchmark dependencies (bench/package-lock.json)...\n');
  execSync('npm ci --no-audit --no-fund', { cwd: __dirname, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  ensureDependencies();
  execSync('npm run build --silent', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const results: AttackResult[] = [];
  for (const file of attackFiles(ATTACKS_DIR, only)) {
    const attack = await loadAttack(file);
    process.stderr.write(`attack ${file}: ${attack.name}...\n`);
    const pool = new ServerPool();
    let result: AttackResult;
    try {
      result = await attack.run(pool);
    } catch (error) {
      // An attack that crashes the runner's side has not shown the server held.
      result = {
        attack: attack.name,
        requests: 0,
        peakRssMb: 0,
        errorsForOthers: 0,
        held: false,
        note: `the attack itself failed: ${error instanceof Error ? error.message : String(error)}`
      };
    } finally {
      await pool.close();
    }
    // The runner's own samples catch a peak the attack's samples missed.
    results.push({ ...result, peakRssMb: Math.max(result.peakRssMb, pool.peakRssMb) });
    process.stderr.write(`${formatRow(results[results.length - 1]!)}\n`);
  }
  const lines = [
    '## Attacks (issue 14): `npm run bench:attack`',
    '',
    `Run ${new Date().toISOString().slice(0, 16)} UTC, built server (dist/) per attack on loopback; peak RSS`,
    `sampled from /proc every ${SAMPLE_MS} ms; "errors for others" are well-behaved requests made during the`,
    'attack that failed or timed out; "held" means the server kept within its limits throughout.',
    '',
    ...attackTable(results)
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  // A partial run (some attacks only) prints its table but leaves the full one in RESULTS.md.
  if (only.length === 0 && existsSync(RESULTS))
    writeFileSync(RESULTS, withAttackSection(readFileSync(RESULTS, 'utf8'), lines.join('\n')));
  if (results.some((r) => !r.held)) process.exitCode = 1;
}

if (require.main === module) void main();
