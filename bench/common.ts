/** Shared by the benchmarks: the request mix, child servers on loopback, autocannon, the knowledge folder. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.join(__dirname, '..');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'knowledge');

/** KNOWLEDGE_DIR (default ./knowledge), or the test fixture when that folder does not exist. */
export function benchKnowledgeDir(env: NodeJS.ProcessEnv = process.env): { dir: string; fallback: boolean } {
  const wanted = path.resolve(ROOT, env.KNOWLEDGE_DIR?.trim() || 'knowledge');
  return existsSync(wanted) ? { dir: wanted, fallback: false } : { dir: FIXTURE, fallback: true };
}

/** Mixed three-language questions, as the public asks them. */
export const QUESTIONS = [
  'How do I apply for a service passport?',
  '公务护照怎么办理？',
  '公務護照怎麼辦理？',
  'public affairs passport',
  '因公普通护照怎么申请',
  '因公普通護照',
  'What is the phone number of the office?',
  '外办的地址在哪里',
  'apply for service passport',
  '如何申请公务护照',
  'Where can I buy train tickets?',
  '肇庆天气怎么样'
];

export function activity(text: string, user: number): Record<string, unknown> {
  return {
    type: 'message',
    id: `bench-${user}`,
    text,
    deliveryMode: 'expectReplies',
    channelId: 'bench',
    serviceUrl: 'http://127.0.0.1:1',
    conversation: { id: `conversation-${user}` },
    from: { id: `user-${user}` },
    recipient: { id: 'bot' }
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The Node.js flags `npm start` runs the server with (package.json's start script), so the
 * benchmarks measure the server as it is deployed. The baselines get the same flags.
 */
export function startNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts?: { start?: string };
  };
  const match = /^node\s+(.*?)\s*dist\/index\.js\b/.exec(pkg.scripts?.start ?? '');
  return match?.[1] ? match[1].split(/\s+/).filter(Boolean) : [];
}

export interface ChildServer {
  child: ChildProcess;
  url: string;
  stop(): Promise<number | null>;
}

/** Starts a server script in its own process (so it does not share an event loop with autocannon). */
export async function startChildServer(
  script: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = []
): Promise<ChildServer> {
  const port = await freePort();
  // Built JavaScript runs as in production (`npm start`); the small baseline servers run through tsx.
  // --no-deprecation: restify 11's process.binding warning would clutter the tables.
  const args = [
    '--no-deprecation',
    ...startNodeFlags(),
    ...nodeArgs,
    ...(script.endsWith('.js') ? [script] : ['--import', 'tsx', script])
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      RATE_LIMIT_PER_SECOND: '0',
      LOG_LEVEL: 'info',
      ...env
    },
    stdio: ['ignore', 'ignore', 'inherit']
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${script} did not start within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      })
  };
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

// --- autocannon (a bench-only dependency in bench/node_modules, loaded at run time) ---

interface AutocannonRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  duration: number;
}

type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

export function loadAutocannon(): Autocannon {
  const requireFromBench = createRequire(path.join(__dirname, 'package.json'));
  return requireFromBench('autocannon') as Autocannon;
}

export interface LoadResult {
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  total: number;
}

/** Posts the question mix from `connections` connections for `seconds`; each request is a different user of a pool. */
export async function hammer(
  url: string,
  seconds: number,
  connections = 50,
  users = 5000
): Promise<LoadResult> {
  const autocannon = loadAutocannon();
  let next = 0;
  const bodies = Array.from({ length: users }, (_, i) =>
    JSON.stringify(activity(QUESTIONS[i % QUESTIONS.length]!, i))
  );
  const result = await autocannon({
    url: `${url}/api/messages`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/messages',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request: AutocannonRequest) => ({ ...request, body: bodies[next++ % bodies.length] })
      }
    ]
  });
  return {
    reqPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    total: result.requests.total
  };
}
