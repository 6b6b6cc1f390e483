/**
 * `npm run bench:attack`: replays the full-size attacks of issue 14 against real server processes
 * (the built dist/, `npm start`'s flags, loopback, ephemeral ports) and prints
 * `attack | requests | peak RSS | errors for others | held`, also written into bench/RESULTS.md.
 * Every attack is a file bench/attacks/<nn>-<name>.ts exporting `{ name, run } satisfies Attack`.
 * Run some only: `npm run bench:attack -- 06 07` (file-name prefixes).
 */
import { execSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { markdownTable, parse } from '../src/cli/args';
import { benchKnowledgeDir, freePort, ROOT, rssMb, startNodeFlags } from './common';
import type { Attack, AttackContext, AttackResult, AttackServer } from './attacks/types';

const ATTACKS_DIR = path.join(__dirname, 'attacks');
const RESULTS = path.join(__dirname, 'RESULTS.md');
const SERVER = path.join(ROOT, 'dist', 'index.js');
/** How often the runner samples each server's RSS, on top of what the attack measures itself. */
const SAMPLE_MS = 100;
/** Log kept per server for the attack to read. */
const MAX_LOG_CHARS = 8 * 1024 * 1024;
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
    const port = await freePort();
    // The server as `npm start` runs it, its log kept so an attack can check what was written.
    const child = spawn(process.execPath, ['--no-deprecation', ...startNodeFlags(), SERVER], {
      cwd: ROOT,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        KNOWLEDGE_DIR: benchKnowledgeDir().dir,
        KNOWLEDGE_WATCH: 'false',
        LOG_LEVEL: 'info',
        ...env
      },
      stdio: ['ignore', 'pipe', 'inherit']
    });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      output += text;
      if (output.length > MAX_LOG_CHARS) output = output.slice(-MAX_LOG_CHARS);
    });
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      const up = await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false
      );
      if (up) break;
      if (Date.now() > deadline) throw new Error('server did not start within 120 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const pid = child.pid!;
    let stopped: Promise<void> | undefined;
    const server: AttackServer = {
      url,
      pid,
      rssMb: () => rssMb(pid),
      logs: () => output,
      stop: () =>
        (stopped ??= new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }))
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

function formatRow(r: AttackResult): string[] {
  return [
    r.attack,
    r.requests.toLocaleString('en'),
    `${r.peakRssMb.toFixed(1)} MB`,
    String(r.errorsForOthers),
    r.held ? 'yes' : '**no**',
    (r.note ?? '').replace(/\|/g, '/')
  ];
}

export function attackTable(results: readonly AttackResult[]): string[] {
  return markdownTable(
    ['attack', 'requests', 'peak RSS', 'errors for others', 'held', 'note'],
    results.map(formatRow),
    'lrrrll'
  ).split('\n');
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
  const only = parse(process.argv.slice(2), {}).positionals;
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
  if (only.length === 0 && existsSync(RESULTS)) {
    writeFileSync(RESULTS, withAttackSection(readFileSync(RESULTS, 'utf8'), lines.join('\n')));
    // The repository's formatting (npm run lint checks Markdown too).
    execSync(`npx prettier --write ${JSON.stringify(RESULTS)}`, { cwd: ROOT, stdio: 'ignore' });
  }
  if (results.some((r) => !r.held)) process.exitCode = 1;
}

if (require.main === module) void main();
