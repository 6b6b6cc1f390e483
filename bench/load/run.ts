/** Load: our server under 50 connections of mixed three-language questions; errors and memory over time. */
import path from 'node:path';
import { hammer, ROOT, rssMb, startChildServer, type LoadResult } from '../common';

export interface LoadRow extends LoadResult {
  seconds: number;
  rssAfterWarmupMb: number;
  rssEndMb: number;
  rssMaxMb: number;
  /** RSS at the end relative to after warm-up (1.05 = 5% more). */
  rssGrowth: number;
}

export async function runLoadBench(
  knowledgeDir: string,
  seconds: number,
  warmupSeconds: number
): Promise<LoadRow> {
  const server = await startChildServer(path.join(ROOT, 'dist', 'index.js'), { KNOWLEDGE_DIR: knowledgeDir });
  try {
    const pid = server.child.pid!;
    await hammer(server.url, warmupSeconds);
    const rssAfterWarmupMb = rssMb(pid);
    let rssMaxMb = rssAfterWarmupMb;
    const sampler = setInterval(() => (rssMaxMb = Math.max(rssMaxMb, rssMb(pid))), 500);
    const result = await hammer(server.url, seconds);
    clearInterval(sampler);
    const rssEndMb = rssMb(pid);
    rssMaxMb = Math.max(rssMaxMb, rssEndMb);
    return {
      ...result,
      seconds,
      rssAfterWarmupMb,
      rssEndMb,
      rssMaxMb,
      rssGrowth: Math.round((rssEndMb / rssAfterWarmupMb) * 100) / 100
    };
  } finally {
    await server.stop();
  }
}
