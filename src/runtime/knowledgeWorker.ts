/**
 * The worker thread of a knowledge reload: reads and validates the folder, builds the matcher, and
 * hands both to the main thread chunk by chunk, each when asked (see matcherTransfer.ts). Parsing
 * 10,000 entries and indexing them takes seconds; here it takes none of the main thread's time.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { readKnowledge, type KnowledgeBase, type KnowledgeProblem } from '../knowledge';
import { toTraditional } from '../language/chinese';
import { Matcher } from '../search/matcher';
import { generalPrior } from '../search/prior';
import { transferChunks, transferList, type TransferChunk } from './matcherTransfer';

export type WorkerRequest =
  | { type: 'warm' }
  | { type: 'load'; directory: string; maxTotalBytes: number; liveVersion?: string }
  | { type: 'build' }
  | { type: 'next' };

export type WorkerReply =
  | {
      type: 'loaded';
      ok: boolean;
      version?: string;
      entries?: number;
      unchanged?: boolean;
      problems: KnowledgeProblem[];
    }
  | { type: 'chunk'; chunk: TransferChunk }
  | { type: 'failed'; message: string };

function reply(message: WorkerReply, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(message, transfer);
}

// Below the threads that serve requests: on a busy machine the reload waits, not the visitors.
// (On Linux the nice value is per thread, and 0 is the calling thread: this worker's only.)
// Measured at 10,000 entries on the shared 2-core machine: longest request stall 82 -> see bench/RESULTS.md.
try {
  setPriority(0, 10);
} catch {
  // not permitted here: the reload still runs, at normal priority
}

let knowledge: KnowledgeBase | undefined;
let chunks: Generator<TransferChunk> | undefined;

function handle(request: WorkerRequest): void {
  switch (request.type) {
    case 'warm':
      // Loads OpenCC's dictionaries and the word lists now, while the editor is still saving.
      toTraditional('护照');
      generalPrior.specificity('passport');
      return;
    case 'load': {
      chunks = undefined;
      const result = readKnowledge(request.directory, { maxTotalBytes: request.maxTotalBytes });
      knowledge = result.knowledge;
      return reply({
        type: 'loaded',
        ok: knowledge !== undefined,
        version: knowledge?.version,
        entries: knowledge?.entries.length,
        unchanged: knowledge !== undefined && knowledge.version === request.liveVersion,
        problems: result.problems
      });
    }
    case 'build':
      if (!knowledge) throw new Error('nothing loaded to build');
      chunks = transferChunks(knowledge, new Matcher(knowledge));
      return handle({ type: 'next' });
    case 'next': {
      if (!chunks) throw new Error('nothing built to send');
      const next = chunks.next();
      if (next.done) throw new Error('the transfer has ended');
      // Sent everything: nothing of this load stays in the worker's memory.
      if (next.value.kind === 'end') {
        knowledge = undefined;
        chunks = undefined;
      }
      return reply({ type: 'chunk', chunk: next.value }, transferList(next.value));
    }
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  try {
    handle(request);
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
