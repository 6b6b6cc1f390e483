/** Load: our server under 50 connections of mixed three-language questions; errors and memory over time. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hammer, ROOT, rssMb, startChildServer, type LoadResult } from '../common';

interface Probe {
  heapUsedMb: number;
  rssMb: number;
}

export interface LoadRow extends LoadResult {
  seconds: number;
  /** RSS as sampled, with whatever garbage V8 has not collected yet. */
  rssAfterWarmupMb: number;
  rssEndMb: number;
  rssMaxMb: number;
  /** Right after a full garbage collection in the server: the live footprint, comparable between points. */
  afterWarmup: Probe;
  atEnd: Probe;
  /** RSS after full GC at the end relative to after warm-up (1.05 = 5% more). */
  rssGrowth: number;
  heapGrowth: number;
}

export async function runLoadBench(
  knowledgeDir: string,
  seconds: number,
  warmupSeconds: number
): Promise<LoadRow> {
  const probeDir = mkdtempSync(path.join(tmpdir(), 'fao-bench-'));
  const probeFile = path.join(probeDir, 'heap.jsonl');
  const server = await startChildServer(
    path.join(ROOT, 'dist', 'index.js'),
    { KNOWLEDGE_DIR: knowledgeDir, BENCH_HEAP_PROBE_FILE: probeFile },
    ['--expose-gc', '-r', path.join(ROOT, 'bench', 'load', 'heapProbe.cjs')]
  );
  const probe = async (): Promise<Probe> => {
    server.child.kill('SIGUSR2');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const lines = readFileSync(probeFile, 'utf8').trim().split('\n');
    return JSON.parse(lines[lines.length - 1]!) as Probe;
  };
  try {
    const pid = server.child.pid!;
    await hammer(server.url, warmupSeconds);
    const rssAfterWarmupMb = rssMb(pid);
    const afterWarmup = await probe();
    let rssMaxMb = rssAfterWarmupMb;
    const sampler = setInterval(() => (rssMaxMb = Math.max(rssMaxMb, rssMb(pid))), 500);
    const result = await hammer(server.url, seconds);
    clearInterval(sampler);
    const rssEndMb = rssMb(pid);
    rssMaxMb = Math.max(rssMaxMb, rssEndMb);
    const atEnd = await probe();
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    return {
      ...result,
      seconds,
      rssAfterWarmupMb,
      rssEndMb,
      rssMaxMb,
      afterWarmup,
      atEnd,
      rssGrowth: ratio(atEnd.rssMb, afterWarmup.rssMb),
      heapGrowth: ratio(atEnd.heapUsedMb, afterWarmup.heapUsedMb)
    };
  } finally {
    await server.stop();
    rmSync(probeDir, { recursive: true, force: true });
  }
}
