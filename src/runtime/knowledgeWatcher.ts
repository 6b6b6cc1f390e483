/**
 * Watches the knowledge directory and calls `onChange` once the files have been quiet for
 * `debounceMs`, so an editor's save (often several writes and renames) causes one reload.
 * If the watch breaks (the directory is replaced or removed), it is re-established on a timer.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface KnowledgeWatcherOptions {
  directory: string;
  debounceMs: number;
  onChange: (changedFiles: string[]) => void;
  /** Told at once about every relevant change, before the quiet time (to prepare the reload). */
  onActivity?: () => void;
  /** Told about watch failures; the watcher keeps retrying every `retryMs`. */
  onError?: (error: Error) => void;
  retryMs?: number;
}

/** Only YAML files (and folders, which may hold them) matter; editor swap and backup files do not. */
export function isRelevantChange(fileName: string | null): boolean {
  if (fileName === null) return true; // the platform did not say which file: assume it matters
  const base = path.basename(fileName);
  if (base.startsWith('.') || base.endsWith('~') || /\.(swp|swx|tmp|bak)$/i.test(base)) return false;
  return /\.ya?ml$/i.test(base) || !base.includes('.');
}

export class KnowledgeWatcher {
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private pending = new Set<string>();
  private stopped = true;

  constructor(private readonly options: KnowledgeWatcherOptions) {}

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.debounce);
    clearTimeout(this.retry);
    this.watcher?.close();
    this.watcher = undefined;
  }

  private open(): void {
    if (this.stopped) return;
    try {
      this.watcher = watch(
        this.options.directory,
        { recursive: true, persistent: false },
        (_event, fileName) => {
          const name = fileName === null ? null : String(fileName);
          if (isRelevantChange(name)) this.schedule(name ?? '?');
        }
      );
      this.watcher.on('error', (error) => this.broken(error));
    } catch (error) {
      this.broken(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private broken(error: Error): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.options.onError?.(error);
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.open();
      // Whatever changed while the watch was down is picked up by one reload.
      if (this.watcher) this.schedule('?');
    }, this.options.retryMs ?? 5000);
    this.retry.unref();
  }

  private schedule(fileName: string): void {
    this.options.onActivity?.();
    this.pending.add(fileName);
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      const changed = [...this.pending];
      this.pending = new Set();
      if (!this.stopped) this.options.onChange(changed);
    }, this.options.debounceMs);
    this.debounce.unref();
  }
}
