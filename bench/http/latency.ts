/**
 * Reply latency as a user feels it: the time from sending a message to having the answer, on the
 * two paths users take. `tsx bench/http/latency.ts [requests]` (after `npm run build`) starts the
 * built server (`dist/index.js`) in its own process and measures, one message at a time:
 * - `/api/messages` with `deliveryMode: expectReplies` (a channel or curl; reply in the response);
 * - the web chat's Direct Line: POST the message, then GET the activities that hold the answer
 *   (what Web Chat does, minus its polling interval).
 * Then the same while 16 other clients hammer `/api/messages` (a busy office day on one core).
 * Prints p50 / p99 in ms and the server's CPU time per message (under load: per measured message,
 * the background load's share included) per row, and a JSON line.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { markdownTable, parse } from '../../src/cli/args';
import { activity, benchKnowledgeDir, QUESTIONS, ROOT, startChildServer } from '../common';

interface Row {
  name: string;
  p50: number;
  p99: number;
  /** The server's CPU time (user + system, all threads) per message: robust where wall time is noisy. */
  cpuMsPerMessage: number;
  n: number;
}

/** CPU time a process has used, in ms (Linux /proc). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function percentile(sorted: number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! * 100) / 100;
}

async function json(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.status}: ${text.slice(0, 200)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function apiMessage(url: string, i: number): Promise<void> {
  const body = await json(
    await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity(QUESTIONS[i % QUESTIONS.length]!, i))
    })
  );
  if (!Array.isArray(body.activities) || body.activities.length === 0) throw new Error('no reply');
}

/** One Web Chat visitor: a token, a conversation, then messages and polls. */
async function directLineVisitor(url: string): Promise<(i: number) => Promise<void>> {
  const dl = `${url}/v3/directline`;
  const { token } = (await json(await fetch(`${dl}/tokens/generate`, { method: 'POST' }))) as {
    token: string;
  };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const { conversationId } = (await json(
    await fetch(`${dl}/conversations`, { method: 'POST', headers, body: '{}' })
  )) as { conversationId: string };
  let watermark = '';
  return async (i) => {
    const posted = (await json(
      await fetch(`${dl}/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          type: 'message',
          text: QUESTIONS[i % QUESTIONS.length],
          from: { id: 'visitor', role: 'user' },
          locale: 'en-US'
        })
      })
    )) as { id: string };
    const page = (await json(
      await fetch(
        `${dl}/conversations/${conversationId}/activities?watermark=${encodeURIComponent(watermark)}`,
        { headers }
      )
    )) as { activities: { replyToId?: string }[]; watermark: string };
    watermark = page.watermark;
    if (!page.activities.some((a) => a.replyToId === posted.id)) throw new Error('answer not there');
  };
}

async function measure(
  name: string,
  pid: number,
  n: number,
  run: (i: number) => Promise<void>
): Promise<Row> {
  for (let i = 0; i < Math.min(200, n); i++) await run(i); // warm-up
  const cpuStart = processCpuMs(pid);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  const cpuMsPerMessage = Math.round(((processCpuMs(pid) - cpuStart) / n) * 1000) / 1000;
  times.sort((a, b) => a - b);
  return { name, p50: percentile(times, 50), p99: percentile(times, 99), cpuMsPerMessage, n };
}

/** Keeps `connections` clients posting to /api/messages until `stop()`. */
function backgroundLoad(url: string, connections: number): { stop(): Promise<void> } {
  let running = true;
  const workers = Array.from({ length: connections }, async (_, c) => {
    for (let i = 0; running; i++) await apiMessage(url, 10_000 + c * 100_000 + i);
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(workers);
    }
  };
}

async function main(): Promise<void> {
  const [messages] = parse(process.argv.slice(2), {}).positionals;
  const n = Number(messages ?? 1000);
  const server = await startChildServer(path.join(ROOT, 'dist', 'index.js'), {
    KNOWLEDGE_DIR: benchKnowledgeDir().dir,
    KNOWLEDGE_WATCH: 'false'
  });
  const rows: Row[] = [];
  try {
    const visitor = await directLineVisitor(server.url);
    const pid = server.child.pid!;
    const api = (i: number) => apiMessage(server.url, i);
    rows.push(await measure('/api/messages expectReplies, idle', pid, n, api));
    rows.push(await measure('web chat (Direct Line post + get), idle', pid, n, visitor));
    const load = backgroundLoad(server.url, 16);
    rows.push(await measure('/api/messages expectReplies, 16 busy clients', pid, n, api));
    rows.push(await measure('web chat (Direct Line post + get), 16 busy clients', pid, n, visitor));
    await load.stop();
  } finally {
    await server.stop();
  }
  console.log(
    markdownTable(
      ['path', 'p50 ms', 'p99 ms', 'server CPU ms / message', 'messages'],
      rows.map((r) => [r.name, r.p50, r.p99, r.cpuMsPerMessage, r.n]),
      'lrrrr'
    )
  );
  console.log(JSON.stringify(rows));
}

void main();
