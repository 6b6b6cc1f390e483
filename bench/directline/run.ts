/**
 * Measures what users of the web chat feel, on loopback with bounded loads:
 *   - reply latency (message posted -> reply received by the client) at 50 concurrent chats,
 *     streaming vs polling (Direct Line JS's 1 s interval);
 *   - how many open chats (idle streams) one instance holds within 512 MB RSS;
 *   - one vs two instances on Redis on the Direct Line path (req/s, p99) and Redis's cost per turn;
 *   - the longest stall of any request while the knowledge (10,000 entries) reloads.
 * Run alone: `npx tsx bench/directline/run.ts` (writes bench/results/directline.md); `npm run bench`
 * runs it as one of its sections.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { markdownTable, parse } from '../../src/cli/args';
import { freePort, loadAutocannon, QUESTIONS, ROOT, rssMb, startChildServer } from '../common';
import { random, syntheticKnowledge } from '../matching/synthetic';
import { BenchChat, type Mode } from './client';

export interface LatencyRow {
  mode: Mode;
  chats: number;
  replies: number;
  p50: number;
  p99: number;
  max: number;
}

export interface CapacityResult {
  target: number;
  opened: number;
  rssMb: number;
  rssBaseMb: number;
  perChatKb: number;
  failures: number;
}

export interface InstancesRow {
  instances: number;
  store: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
}

export interface RedisCost {
  /** Requests sent to Redis per turn (scripts and PUBLISH): the round trips. */
  roundTripsPerTurn: number;
  /** Commands Redis ran per turn, those inside the scripts included. */
  commandsPerTurn: number;
  redisCpuUsPerTurn: number;
  turns: number;
}

export interface ReloadStall {
  entries: number;
  probes: number;
  maxStallMs: number;
  p99Ms: number;
  /** The same probe for as long before the reload: what the machine itself adds (GC, other processes). */
  baselineMaxMs: number;
  baselineP99Ms: number;
  reloadMs: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const SERVER = path.join(ROOT, 'dist', 'index.js');

/** 50 chats, each asking `perChat` questions with a short pause between them, as people do. */
export async function chatLatency(
  knowledgeDir: string,
  mode: Mode,
  chats = 50,
  perChat = 10
): Promise<LatencyRow> {
  const server = await startChildServer(SERVER, {
    KNOWLEDGE_DIR: knowledgeDir,
    KNOWLEDGE_WATCH: 'false',
    LOG_LEVEL: 'warn'
  });
  const latencies: number[] = [];
  const clients: BenchChat[] = [];
  const think = random(chats * 31 + perChat);
  try {
    for (let i = 0; i < chats; i++) clients.push(new BenchChat(server.url, mode));
    await Promise.all(clients.map((c) => c.start()));
    await Promise.all(
      clients.map(async (client, c) => {
        // Spread the chats over the first second, as real visitors are not synchronised.
        await sleep((c * 1000) / chats);
        for (let q = 0; q < perChat; q++) {
          latencies.push(await client.ask(QUESTIONS[(c + q) % QUESTIONS.length]!));
          // People read the answer before asking again: 1-4 s, so a question lands at any point of a poll cycle.
          await sleep(1000 + Math.floor(think() * 3000));
        }
      })
    );
  } finally {
    for (const client of clients) client.stop();
    await server.stop();
  }
  latencies.sort((a, b) => a - b);
  return {
    mode,
    chats,
    replies: latencies.length,
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies[latencies.length - 1] ?? NaN)
  };
}

/** Opens idle streams until `target` (or 512 MB RSS); RSS is read from /proc after a settle. */
export async function openChatCapacity(knowledgeDir: string, target = 10_000): Promise<CapacityResult> {
  const server = await startChildServer(SERVER, {
    KNOWLEDGE_DIR: knowledgeDir,
    KNOWLEDGE_WATCH: 'false',
    LOG_LEVEL: 'warn',
    DIRECTLINE_MAX_CONVERSATIONS: String(target + 1000),
    DIRECTLINE_MAX_STREAMS: String(target + 1000)
  });
  const pid = server.child.pid!;
  const rssBaseMb = rssMb(pid);
  const clients: BenchChat[] = [];
  let failures = 0;
  let rss = rssBaseMb;
  try {
    const batch = 25;
    while (clients.length < target && rss < 512) {
      const opened = await Promise.allSettled(
        Array.from({ length: Math.min(batch, target - clients.length) }, async () => {
          const chat = new BenchChat(server.url, 'stream');
          await chat.start();
          return chat;
        })
      );
      for (const r of opened) {
        if (r.status === 'fulfilled') clients.push(r.value);
        else failures++;
      }
      if (failures > 100) break;
      if (clients.length % 1000 < batch) rss = rssMb(pid);
    }
    await sleep(2000);
    rss = rssMb(pid);
  } finally {
    for (const client of clients) client.stop();
    await server.stop();
  }
  return {
    target,
    opened: clients.length,
    rssMb: rss,
    rssBaseMb,
    perChatKb: clients.length ? round(((rss - rssBaseMb) * 1024) / clients.length) : NaN,
    failures
  };
}

class RedisServer {
  private constructor(
    readonly port: number,
    private readonly child: ChildProcess
  ) {}

  static async start(): Promise<RedisServer> {
    const port = await freePort();
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore'
      }
    );
    const deadline = Date.now() + 10_000;
    for (;;) {
      const ok = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1');
        s.once('connect', () => {
          s.destroy();
          resolve(true);
        });
        s.once('error', () => resolve(false));
      });
      if (ok) break;
      if (Date.now() > deadline) throw new Error('redis-server did not start');
      await sleep(50);
    }
    return new RedisServer(port, child);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** INFO as a map (one round trip over a raw socket: the bench needs no client library). */
  async info(): Promise<Map<string, string>> {
    const text = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(this.port, '127.0.0.1');
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk.toString();
        const header = /^\$(\d+)\r\n/.exec(data);
        if (header && Buffer.byteLength(data) >= header[0].length + Number(header[1]) + 2) {
          socket.destroy();
          resolve(data.slice(header[0].length));
        }
      });
      socket.once('error', reject);
      socket.write('INFO all\r\n');
    });
    const map = new Map<string, string>();
    for (const line of text.split('\r\n')) {
      const at = line.indexOf(':');
      if (at > 0) map.set(line.slice(0, at), line.slice(at + 1));
    }
    return map;
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}

interface Conversation {
  id: string;
  token: string;
}

async function startConversations(baseUrl: string, count: number): Promise<Conversation[]> {
  const conversations: Conversation[] = [];
  for (let i = 0; i < count; i++) {
    const { token } = (await (
      await fetch(`${baseUrl}/v3/directline/tokens/generate`, { method: 'POST' })
    ).json()) as {
      token: string;
    };
    const started = (await (
      await fetch(`${baseUrl}/v3/directline/conversations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ locale: 'en-US' })
      })
    ).json()) as { conversationId: string };
    conversations.push({ id: started.conversationId, token });
  }
  return conversations;
}

/** Posts messages into many conversations (each a turn) from `connections` connections per URL. */
async function postLoad(urls: string[], conversations: Conversation[], seconds: number, connections: number) {
  const autocannon = loadAutocannon();
  let next = 0;
  const body = (i: number) =>
    JSON.stringify({ type: 'message', text: QUESTIONS[i % QUESTIONS.length], from: { id: 'bench' } });
  const results = await Promise.all(
    urls.map((url) =>
      autocannon({
        url,
        connections,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: '/',
            setupRequest: (request: Record<string, unknown>) => {
              const i = next++;
              const c = conversations[i % conversations.length]!;
              return {
                ...request,
                path: `/v3/directline/conversations/${c.id}/activities`,
                headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
                body: body(i)
              };
            }
          }
        ]
      })
    )
  );
  return {
    reqPerSec: Math.round(results.reduce((n, r) => n + r.requests.average, 0)),
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0),
    total: results.reduce((n, r) => n + r['2xx'], 0)
  };
}

/**
 * The Direct Line path (POST activities: echo, turn, replies) in memory on one instance, and on
 * Redis with one and two instances; the same total connections. Redis commands and Redis CPU per
 * turn come from INFO before and after.
 */
export async function instancesOnRedis(
  knowledgeDir: string,
  seconds: number
): Promise<{ rows: InstancesRow[]; cost: RedisCost }> {
  const rows: InstancesRow[] = [];
  const secret = 'b'.repeat(48);
  const base = {
    KNOWLEDGE_DIR: knowledgeDir,
    KNOWLEDGE_WATCH: 'false',
    LOG_LEVEL: 'warn',
    DIRECTLINE_TOKEN_SECRET: secret
  };
  const connections = 50;

  const memory = await startChildServer(SERVER, base);
  try {
    const conversations = await startConversations(memory.url, 200);
    await postLoad([memory.url], conversations, 2, connections);
    rows.push({
      instances: 1,
      store: 'memory',
      ...(await postLoad([memory.url], conversations, seconds, connections))
    });
  } finally {
    await memory.stop();
  }

  const redis = await RedisServer.start();
  let cost: RedisCost = { roundTripsPerTurn: NaN, commandsPerTurn: NaN, redisCpuUsPerTurn: NaN, turns: 0 };
  try {
    const env = { ...base, REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'bench:' };
    const a = await startChildServer(SERVER, env);
    const b = await startChildServer(SERVER, env);
    try {
      const conversations = await startConversations(a.url, 200);
      await postLoad([a.url], conversations, 2, connections);
      const before = await redis.info();
      const one = await postLoad([a.url], conversations, seconds, connections);
      const after = await redis.info();
      rows.push({ instances: 1, store: 'Redis', ...one });
      const calls = (info: Map<string, string>) =>
        [...info.entries()]
          .filter(([k]) => k.startsWith('cmdstat_'))
          .reduce((n, [, v]) => n + Number(/calls=(\d+)/.exec(v)?.[1] ?? 0), 0);
      const cpu = (info: Map<string, string>) =>
        Number(info.get('used_cpu_sys') ?? 0) + Number(info.get('used_cpu_user') ?? 0);
      const topLevel = (info: Map<string, string>) =>
        ['cmdstat_eval', 'cmdstat_evalsha', 'cmdstat_publish'].reduce(
          (n, k) => n + Number(/calls=(\d+)/.exec(info.get(k) ?? '')?.[1] ?? 0),
          0
        );
      cost = {
        turns: one.total,
        roundTripsPerTurn: round((topLevel(after) - topLevel(before)) / Math.max(1, one.total)),
        commandsPerTurn: round((calls(after) - calls(before)) / Math.max(1, one.total)),
        redisCpuUsPerTurn: round(((cpu(after) - cpu(before)) * 1e6) / Math.max(1, one.total))
      };
      const two = await postLoad([a.url, b.url], conversations, seconds, connections / 2);
      rows.push({ instances: 2, store: 'Redis', ...two });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  } finally {
    redis.stop();
  }
  return { rows, cost };
}

/** Writes the office's knowledge plus `entries` synthetic entries as YAML into a temporary folder. */
export function largeKnowledge(knowledgeDir: string, entries: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fao-reload-'));
  cpSync(knowledgeDir, dir, { recursive: true });
  const { knowledge } = syntheticKnowledge(entries, 1);
  const quote = (s: string) => JSON.stringify(s);
  // 1,000 entries a file: well under the per-file size limit, as a large office would split them.
  for (let start = 0; start < knowledge.entries.length; start += 1000) {
    const lines = ['entries:'];
    for (const e of knowledge.entries.slice(start, start + 1000)) {
      lines.push(
        `  - id: synthetic-${e.id}`,
        `    topic: passports`,
        `    questions:`,
        `      en: [${e.questions.en.map(quote).join(', ')}]`,
        `      zh-Hans: [${e.questions['zh-Hans'].map(quote).join(', ')}]`,
        `    answer:`,
        `      en: ${quote(e.answer.en)}`,
        `      zh-Hans: ${quote(e.answer['zh-Hans'])}`,
        `    source: {en: "synthetic benchmark entry", zh-Hans: "基准测试条目"}`,
        `    reviewed: 2026-11-20`
      );
    }
    writeFileSync(path.join(dir, 'entries', `zz-synthetic-${start / 1000}.yaml`), `${lines.join('\n')}\n`);
  }
  return dir;
}

/**
 * Probes /healthz every 2 ms from one connection while SIGHUP reloads 10,000 entries; the longest
 * probe is the longest any request waited because of the reload.
 */
export async function reloadStall(knowledgeDir: string, entries = 10_000): Promise<ReloadStall> {
  const dir = largeKnowledge(knowledgeDir, entries);
  const server = await startChildServer(SERVER, {
    KNOWLEDGE_DIR: dir,
    KNOWLEDGE_WATCH: 'false',
    LOG_LEVEL: 'warn'
  });
  try {
    const deadline = Date.now() + 120_000;
    while ((await fetch(`${server.url}/readyz`)).status !== 200) {
      if (Date.now() > deadline) throw new Error('knowledge did not load');
      await sleep(200);
    }
    let probes: number[] = [];
    let errors = 0;
    let running = true;
    const probe = (async () => {
      while (running) {
        const started = performance.now();
        // A failed probe counts too (as an error, with how long it took to fail).
        const ok = await fetch(`${server.url}/healthz`).then(
          (r) => r.ok,
          () => false
        );
        if (!ok) errors++;
        probes.push(performance.now() - started);
        await sleep(2);
      }
    })();
    // Baseline: the same probe for 10 s without a reload (the longest wait the machine causes anyway).
    await sleep(10_000);
    const baseline = [...probes].sort((a, b) => a - b);
    probes = [];
    const reloadStarted = performance.now();
    const versionBefore = (
      (await (await fetch(`${server.url}/readyz`)).json()) as { knowledge?: { loadedAt?: string } }
    ).knowledge?.loadedAt;
    // A real edit (one answer changed), so the reload builds and swaps a new index.
    const edited = path.join(dir, 'entries', 'zz-synthetic-0.yaml');
    writeFileSync(edited, readFileSync(edited, 'utf8').replace('Answer 0:', 'Answer 0 (edited):'));
    server.child.kill('SIGHUP');
    // Done when /readyz reports a new load time (or after 60 s).
    let reloadMs = NaN;
    while (performance.now() - reloadStarted < 60_000) {
      const status = (await (await fetch(`${server.url}/readyz`)).json()) as {
        knowledge?: { loadedAt?: string };
      };
      if (status.knowledge?.loadedAt && status.knowledge.loadedAt !== versionBefore) {
        reloadMs = performance.now() - reloadStarted;
        break;
      }
      await sleep(20);
    }
    await sleep(500);
    running = false;
    await probe;
    const sorted = [...probes].sort((a, b) => a - b);
    return {
      entries,
      probes: probes.length,
      maxStallMs: round(sorted[sorted.length - 1] ?? NaN),
      p99Ms: round(percentile(sorted, 99)),
      baselineMaxMs: round(baseline[baseline.length - 1] ?? NaN),
      baselineP99Ms: round(percentile(baseline, 99)),
      reloadMs: round(reloadMs, 0),
      errors
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface DirectLineBench {
  latency: LatencyRow[];
  capacity: CapacityResult;
  instances: InstancesRow[];
  cost: RedisCost;
  reload: ReloadStall;
}

export async function runDirectLineBench(knowledgeDir: string, seconds: number): Promise<DirectLineBench> {
  const latency = [await chatLatency(knowledgeDir, 'stream'), await chatLatency(knowledgeDir, 'poll')];
  const capacity = await openChatCapacity(knowledgeDir, Number(process.env.BENCH_OPEN_CHATS ?? 10_000));
  const { rows: instances, cost } = await instancesOnRedis(knowledgeDir, seconds);
  const reload = await reloadStall(knowledgeDir);
  return { latency, capacity, instances, cost, reload };
}

export function directLineTables(r: DirectLineBench): string[] {
  const out: string[] = [];
  out.push('## Web chat reply latency (message posted -> reply received by the client), 50 concurrent chats');
  out.push('');
  out.push(
    markdownTable(
      ['mode', 'chats', 'replies', 'p50 ms', 'p99 ms', 'max ms'],
      r.latency.map((row) => [
        row.mode === 'stream' ? 'WebSocket stream' : 'polling (1 s, as Web Chat)',
        row.chats,
        row.replies,
        row.p50,
        row.p99,
        row.max
      ]),
      'lrrrrr'
    )
  );
  out.push('');
  out.push('## Open chats one instance holds (idle WebSocket streams, in-memory store)');
  out.push('');
  const c = r.capacity;
  out.push(
    markdownTable(
      ['target', 'opened', 'failures', 'RSS before MB', 'RSS with them MB', 'per open chat KB'],
      [[c.target, c.opened, c.failures, c.rssBaseMb, c.rssMb, c.perChatKb]],
      'rrrrrr'
    )
  );
  out.push('');
  out.push('## Direct Line path (POST activities = echo + turn + replies), 50 connections in total');
  out.push('');
  out.push(
    markdownTable(
      ['instances', 'store', 'req/s', 'p50 ms', 'p99 ms', 'errors'],
      r.instances.map((row) => [row.instances, row.store, row.reqPerSec, row.p50, row.p99, row.errors]),
      'rlrrrr'
    )
  );
  out.push('');
  out.push(
    `Redis per turn (one instance): ${r.cost.roundTripsPerTurn} round trips (scripts and PUBLISH), ${r.cost.commandsPerTurn} commands including those inside the scripts, ${r.cost.redisCpuUsPerTurn} µs of Redis CPU (${r.cost.turns} turns measured).`
  );
  out.push('');
  out.push(`## Knowledge reload at ${r.reload.entries} entries under a 2 ms /healthz probe`);
  out.push('');
  const reload = r.reload;
  out.push(
    markdownTable(
      [
        'probes',
        'failed',
        'p99 ms',
        'longest stall ms',
        'reload ms',
        'baseline p99 ms',
        'baseline longest ms'
      ],
      [
        [
          reload.probes,
          reload.errors,
          reload.p99Ms,
          reload.maxStallMs,
          reload.reloadMs,
          reload.baselineP99Ms,
          reload.baselineMaxMs
        ]
      ],
      'rrrrrrr'
    )
  );
  out.push('');
  return out;
}

if (require.main === module) {
  const knowledge = process.env.KNOWLEDGE_DIR ?? path.join(ROOT, 'knowledge');
  const which = (parse(process.argv.slice(2), {}).positionals[0] ?? 'all').split(',');
  void (async () => {
    const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
    const result: Partial<DirectLineBench> = {};
    if (which.includes('all') || which.includes('latency'))
      result.latency = [await chatLatency(knowledge, 'stream'), await chatLatency(knowledge, 'poll')];
    if (which.includes('all') || which.includes('capacity'))
      result.capacity = await openChatCapacity(knowledge, Number(process.env.BENCH_OPEN_CHATS ?? 10_000));
    if (which.includes('all') || which.includes('instances')) {
      const { rows, cost } = await instancesOnRedis(knowledge, seconds);
      result.instances = rows;
      result.cost = cost;
    }
    if (which.includes('all') || which.includes('reload')) result.reload = await reloadStall(knowledge);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(
      path.join(ROOT, 'bench', 'results', `directline-${which.join('-')}.json`),
      `${JSON.stringify(result, null, 2)}\n`
    );
  })().catch((error: unknown) => {
    process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
    process.exit(1);
  });
}
