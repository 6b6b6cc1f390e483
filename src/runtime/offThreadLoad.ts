/**
 * Main side of a reload in a worker thread: ask the worker to load, learn what it loaded, let the
 * caller decide whether that may go live, then pull the snapshot and matcher over chunk by chunk,
 * yielding to the event loop between chunks so requests keep being served.
 * The worker stays for the next reload (its dictionaries loaded: a fresh one spends about a second
 * loading OpenCC and the word lists) and ends after ten minutes without reloads, giving its memory back.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { KnowledgeBase, KnowledgeProblem } from '../knowledge';
import type { Matcher } from '../search/matcher';
import { MatcherAssembler } from './matcherTransfer';
import type { WorkerReply, WorkerRequest } from './knowledgeWorker';

export interface LoadedSummary {
  ok: boolean;
  version?: string;
  entries?: number;
  unchanged?: boolean;
  problems: KnowledgeProblem[];
}

export type OffThreadResult =
  | { kind: 'summary'; summary: LoadedSummary }
  | { kind: 'built'; summary: LoadedSummary; knowledge: KnowledgeBase; matcher: Matcher };

export interface OffThreadOptions {
  directory: string;
  maxTotalBytes: number;
  liveVersion?: string;
  /** Whether what was loaded should be built and handed over (false: refused, unchanged, or errors). */
  shouldBuild: (summary: LoadedSummary) => boolean;
  /** The whole load gives up after this long (a worker stuck on a pathological file). */
  timeoutMs?: number;
}

/** The worker's heap limit: a folder too big to index ends the worker, never the server. */
const WORKER_HEAP_MB = 1024;
/** Edits come in sessions: the worker waits this long for the next reload before ending. */
const IDLE_MS = 10 * 60_000;
const DEFAULT_TIMEOUT_MS = 120_000;

function startWorker(): Worker {
  const file = path.join(__dirname, `knowledgeWorker${path.extname(__filename)}`);
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
  // Tests and `npm run dev` run the TypeScript sources: the worker registers tsx for itself.
  if (file.endsWith('.ts')) {
    return new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(file)});`, {
      eval: true,
      resourceLimits
    });
  }
  return new Worker(file, { resourceLimits });
}

/** One worker, one load at a time (the store runs reloads one after another). */
export class KnowledgeWorkerClient {
  private worker: Worker | undefined;
  private idle: NodeJS.Timeout | undefined;
  private closed = false;
  private abortCurrent: ((error: Error) => void) | undefined;

  load(options: OffThreadOptions): Promise<OffThreadResult> {
    if (this.closed) return Promise.reject(new Error('the knowledge worker is closed'));
    clearTimeout(this.idle);
    const worker = (this.worker ??= this.spawn());
    const send = (request: WorkerRequest) => worker.postMessage(request);
    return new Promise<OffThreadResult>((resolve, reject) => {
      let summary: LoadedSummary | undefined;
      const assembler = new MatcherAssembler();
      const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const done = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        this.abortCurrent = undefined;
        this.scheduleIdleEnd();
      };
      const fail = (error: Error) => {
        done();
        // A worker in an unknown state is not reused.
        this.discard();
        reject(error);
      };
      const timer = setTimeout(() => fail(new Error(`knowledge load took over ${timeoutMs} ms`)), timeoutMs);
      timer.unref();
      this.abortCurrent = fail;
      const onMessage = (message: WorkerReply) => {
        if (message.type === 'failed') return fail(new Error(message.message));
        if (message.type === 'loaded') {
          summary = message;
          if (options.shouldBuild(message)) return send({ type: 'build' });
          done();
          return resolve({ kind: 'summary', summary: message });
        }
        try {
          assembler.apply(message.chunk);
          if (!assembler.done) {
            // The next chunk only after pending requests had their turn.
            setImmediate(() => send({ type: 'next' }));
            return;
          }
          const built = assembler.finish();
          done();
          resolve({ kind: 'built', summary: summary!, ...built });
        } catch (error) {
          fail(error instanceof Error ? error : new Error(String(error)));
        }
      };
      worker.on('message', onMessage);
      send({
        type: 'load',
        directory: options.directory,
        maxTotalBytes: options.maxTotalBytes,
        liveVersion: options.liveVersion
      });
    });
  }

  /** Starts the worker and its dictionaries ahead of a reload (a file has just changed). */
  warmUp(): void {
    if (this.closed || this.worker) return;
    this.worker = this.spawn();
    this.worker.postMessage({ type: 'warm' } satisfies WorkerRequest);
    this.scheduleIdleEnd();
  }

  /** Ends the worker and any load in progress (the server is stopping). */
  close(): void {
    this.closed = true;
    clearTimeout(this.idle);
    this.abortCurrent?.(new Error('knowledge load aborted: stopping'));
    this.discard();
  }

  private spawn(): Worker {
    const worker = startWorker();
    // A reload never keeps a stopping process alive.
    worker.unref();
    const lost = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      this.abortCurrent?.(error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`knowledge worker exited (code ${code})`)));
    return worker;
  }

  private scheduleIdleEnd(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.discard(), IDLE_MS);
    this.idle.unref();
  }

  private discard(): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) void worker.terminate();
  }
}
