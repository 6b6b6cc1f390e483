/**
 * The real entry point (`src/index.ts`) as a child process, for tests that signal, kill or run
 * several servers: its JSON log lines are collected, and the port it bound is read from them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { FIXTURE_KNOWLEDGE } from './server';

const ROOT = path.join(__dirname, '..', '..');
const started = new Set<ChildProcess>();

export interface ServerProcess {
  process: ChildProcess;
  port: number;
  baseUrl: string;
  logs: Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  // One process (node with tsx's loader), so signals reach the server itself and not a wrapper.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'index.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE,
      RATE_LIMIT_PER_SECOND: '0',
      ...env
    },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  started.add(child);
  const logs: Record<string, unknown>[] = [];
  let buffered = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => {
      started.delete(child);
      resolve({ code, signal, at: Date.now() });
    })
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (!line.trim()) continue;
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.event === 'server.started') resolve(entry.port as number);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    void exited.then(({ code }) => reject(new Error(`server exited early with ${code}`)));
  });
  return { process: child, port, baseUrl: `http://127.0.0.1:${port}`, logs, exited };
}

/** Kills every server process still running (call in afterEach/afterAll). */
export function killServerProcesses(): void {
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  started.clear();
}
