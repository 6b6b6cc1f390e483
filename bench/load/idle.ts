/**
 * Idle footprint of the built server (measurement only, not part of `npm run bench`): heap and RSS
 * right after a full GC, once after start and once after a few sequential questions.
 * Usage: npm run build && npx tsx bench/load/idle.ts
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { activity, benchKnowledgeDir, QUESTIONS, ROOT, rssMb, startChildServer } from '../common';

async function main(): Promise<void> {
  const probeDir = mkdtempSync(path.join(tmpdir(), 'fao-idle-'));
  const probeFile = path.join(probeDir, 'heap.jsonl');
  const server = await startChildServer(
    path.join(ROOT, 'dist', 'index.js'),
    { KNOWLEDGE_DIR: benchKnowledgeDir().dir, KNOWLEDGE_WATCH: 'false', BENCH_HEAP_PROBE_FILE: probeFile },
    ['--expose-gc', '-r', path.join(ROOT, 'bench', 'load', 'heapProbe.cjs')]
  );
  const probe = async (): Promise<string> => {
    server.child.kill('SIGUSR2');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const lines = readFileSync(probeFile, 'utf8').trim().split('\n');
    return lines[lines.length - 1]!;
  };
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    console.log(`started:   sampled RSS ${rssMb(server.child.pid!)} MB; after GC ${await probe()}`);
    for (let i = 0; i < 48; i++) {
      const response = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity(QUESTIONS[i % QUESTIONS.length]!, i))
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      await response.text();
    }
    console.log(`48 asked:  sampled RSS ${rssMb(server.child.pid!)} MB; after GC ${await probe()}`);
  } finally {
    await server.stop();
    rmSync(probeDir, { recursive: true, force: true });
  }
}

void main();
