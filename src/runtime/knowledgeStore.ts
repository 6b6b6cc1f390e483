/**
 * Holds the live knowledge snapshot and its matcher behind one reference. A reload builds a new
 * pair off to the side (in a worker thread) and swaps the reference, so a turn in flight keeps the
 * pair it started with. A reload goes live whole or not at all: with errors, with no entries, or
 * losing more than KNOWLEDGE_MAX_DROP_PERCENT of the entries, the live pair stays and the refusal is
 * kept for /readyz.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_MAX_TOTAL_BYTES,
  formatProblem,
  listKnowledgeFiles,
  readKnowledge,
  type KnowledgeBase,
  type KnowledgeProblem
} from '../knowledge';
import { Matcher } from '../search';
import { KnowledgeWorkerClient, type OffThreadResult } from './offThreadLoad';
import { refusalOf } from './reloadPolicy';

export interface KnowledgeView {
  knowledge: KnowledgeBase;
  matcher: Matcher;
}

/** What the bot needs: the current snapshot, read once per turn. */
export interface KnowledgeSource {
  current(): KnowledgeView;
}

export interface ReloadOutcome {
  ok: boolean;
  version?: string;
  problems: KnowledgeProblem[];
  durationMs: number;
  /** True when the files hash to the live version: nothing was rebuilt or swapped. */
  unchanged?: boolean;
}

export interface KnowledgeLimits {
  /** A reload losing more than this share of the live entries is refused (percent). */
  maxDropPercent: number;
  /** All knowledge files together, in bytes. */
  maxTotalBytes: number;
  /** A file changed less than this long ago is waited for before reading (milliseconds). */
  settleMs: number;
}

export const DEFAULT_KNOWLEDGE_LIMITS: KnowledgeLimits = {
  maxDropPercent: 20,
  maxTotalBytes: DEFAULT_MAX_TOTAL_BYTES,
  settleMs: 1000
};

/** A file still being written after this long does not hold the reload back any more. */
const MAX_SETTLE_WAIT_MS = 10_000;

function refusalProblem(message: string): KnowledgeProblem {
  return { severity: 'error', file: '(knowledge)', line: 1, field: '', message };
}

/** Newest modification time of the knowledge files and folders (a deletion changes its folder's). */
function newestChange(directory: string): number {
  let newest = 0;
  let files: string[] = [];
  try {
    files = listKnowledgeFiles(directory);
  } catch {
    return 0; // an unreadable folder is reported by the load itself
  }
  const folders = new Set(files.map((file) => path.dirname(file)).concat(directory));
  for (const item of [...files, ...folders]) {
    try {
      newest = Math.max(newest, statSync(item).mtimeMs);
    } catch {
      // removed meanwhile: the folder's own time covers it
    }
  }
  return newest;
}

export class KnowledgeStore implements KnowledgeSource {
  private view: KnowledgeView | undefined;
  private lastError: { at: Date; problems: string[] } | undefined;
  /** The reload running now, and the one that follows it for every call made meanwhile. */
  private running: Promise<ReloadOutcome> | undefined;
  private queued: Promise<ReloadOutcome> | undefined;
  private readonly closing = new AbortController();
  private readonly worker = new KnowledgeWorkerClient();

  constructor(
    readonly directory: string,
    private readonly limits: KnowledgeLimits = DEFAULT_KNOWLEDGE_LIMITS
  ) {}

  /**
   * Loads the directory in this thread (at start, before serving, and for the staff tools); on any
   * error or refusal the previous snapshot stays live.
   */
  reload(): ReloadOutcome {
    const started = performance.now();
    const { knowledge, problems } = readKnowledge(this.directory, {
      maxTotalBytes: this.limits.maxTotalBytes
    });
    const refused = knowledge && this.refusal(knowledge.entries.length);
    if (!knowledge || refused) return this.failed(problems, refused, started);
    this.lastError = undefined;
    if (this.view?.knowledge.version === knowledge.version) {
      return {
        ok: true,
        unchanged: true,
        version: knowledge.version,
        problems,
        durationMs: performance.now() - started
      };
    }
    // Build the matcher completely before the swap: one assignment makes the new pair live.
    this.view = { knowledge, matcher: new Matcher(knowledge) };
    return { ok: true, version: knowledge.version, problems, durationMs: performance.now() - started };
  }

  /**
   * Reloads while serving: waits for files still being written, then reads, validates and indexes in
   * a worker thread; only the finished pair comes back, in small steps. Calls while one runs are
   * folded into one more reload after it, and each call resolves with a reload that started after it
   * (its change is live). Each reload resolves on its own: saves that keep coming faster than a reload
   * takes never hold back the outcome (and its log line) of the ones that finished.
   */
  reloadInBackground(): Promise<ReloadOutcome> {
    if (this.closing.signal.aborted) return Promise.reject(new Error('the knowledge store is closed'));
    if (this.running) {
      const next = () => {
        this.queued = undefined;
        return this.reloadInBackground();
      };
      this.queued ??= this.running.then(next, next);
      return this.queued;
    }
    this.running = this.reloadOffThread().finally(() => (this.running = undefined));
    return this.running;
  }

  private async reloadOffThread(): Promise<ReloadOutcome> {
    await this.settled();
    const started = performance.now();
    let refused: string | undefined;
    let result: OffThreadResult;
    try {
      result = await this.worker.load({
        directory: this.directory,
        maxTotalBytes: this.limits.maxTotalBytes,
        liveVersion: this.view?.knowledge.version,
        shouldBuild: (summary) => {
          if (!summary.ok || summary.unchanged) return false;
          refused = this.refusal(summary.entries ?? 0);
          return refused === undefined;
        }
      });
    } catch (error) {
      // The worker died (its heap limit, a crash) or the server is stopping: the live version stays.
      const reason = error instanceof Error ? error.message : String(error);
      return this.failed([], `the reload could not finish: ${reason}`, started);
    }
    const { summary } = result;
    if (!summary.ok || refused) return this.failed(summary.problems, refused, started);
    this.lastError = undefined;
    const durationMs = () => performance.now() - started;
    if (result.kind === 'summary')
      return {
        ok: true,
        unchanged: true,
        version: summary.version,
        problems: summary.problems,
        durationMs: durationMs()
      };
    this.view = { knowledge: result.knowledge, matcher: result.matcher };
    return { ok: true, version: summary.version, problems: summary.problems, durationMs: durationMs() };
  }

  /** Waits until no knowledge file changed within `settleMs` (an editor or a copy still writing). */
  private async settled(): Promise<void> {
    const deadline = Date.now() + MAX_SETTLE_WAIT_MS;
    for (;;) {
      const quietFor = Date.now() - newestChange(this.directory);
      if (quietFor >= this.limits.settleMs || Date.now() >= deadline) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.limits.settleMs - quietFor, 250) + 5));
    }
  }

  private refusal(entries: number): string | undefined {
    return refusalOf(this.view?.knowledge.entries.length, entries, this.limits);
  }

  private failed(problems: KnowledgeProblem[], refused: string | undefined, started: number): ReloadOutcome {
    const all = refused ? [...problems, refusalProblem(refused)] : problems;
    this.lastError = {
      at: new Date(),
      problems: all.filter((p) => p.severity === 'error').map(formatProblem)
    };
    return { ok: false, problems: all, durationMs: performance.now() - started };
  }

  /** A knowledge file is changing: get the reload's worker ready while it settles. */
  prepareReload(): void {
    this.worker.warmUp();
  }

  /** Ends a reload in progress (its worker) and refuses further ones: the server is stopping. */
  close(): void {
    this.closing.abort();
    this.worker.close();
  }

  get ready(): boolean {
    return this.view !== undefined;
  }

  current(): KnowledgeView {
    if (!this.view) throw new Error('knowledge is not loaded yet');
    return this.view;
  }

  status(): {
    ready: boolean;
    version?: string;
    loadedAt?: string;
    entries?: number;
    entriesPerLocale?: Record<string, number>;
    lastReloadError?: { at: string; problems: string[] };
  } {
    const view = this.view;
    const perLocale: Record<string, number> = {};
    if (view) {
      for (const locale of ['en', 'zh-Hans', 'zh-Hant'] as const) {
        perLocale[locale] = view.knowledge.entries.filter((e) => e.questions[locale].length > 0).length;
      }
    }
    return {
      ready: view !== undefined,
      version: view?.knowledge.version,
      loadedAt: view?.knowledge.loadedAt.toISOString(),
      entries: view?.knowledge.entries.length,
      entriesPerLocale: view ? perLocale : undefined,
      lastReloadError: this.lastError && {
        at: this.lastError.at.toISOString(),
        problems: this.lastError.problems
      }
    };
  }
}
