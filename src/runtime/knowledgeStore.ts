/**
 * Holds the live knowledge snapshot and its matcher behind one reference. A reload builds a new
 * pair off to the side and swaps the reference, so a turn in flight keeps the pair it started with.
 */
import { formatProblem, readKnowledge, type KnowledgeBase, type KnowledgeProblem } from '../knowledge';
import { Matcher } from '../search';

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

export class KnowledgeStore implements KnowledgeSource {
  private view: KnowledgeView | undefined;
  private lastError: { at: Date; problems: string[] } | undefined;

  constructor(readonly directory: string) {}

  /** Loads (or reloads) the directory; on any error the previous snapshot stays live. */
  reload(): ReloadOutcome {
    const started = performance.now();
    const { knowledge, problems } = readKnowledge(this.directory);
    if (!knowledge) {
      this.lastError = {
        at: new Date(),
        problems: problems.filter((p) => p.severity === 'error').map(formatProblem)
      };
      return { ok: false, problems, durationMs: performance.now() - started };
    }
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
    const matcher = new Matcher(knowledge);
    this.view = { knowledge, matcher };
    return { ok: true, version: knowledge.version, problems, durationMs: performance.now() - started };
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
