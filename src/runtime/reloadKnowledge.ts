/** One knowledge (re)load with its log lines: the single path used at start, on file changes and on SIGHUP. */
import { formatProblem } from '../knowledge';
import { LogEvents, type Logger } from '../logging/logger';
import type { KnowledgeStore, ReloadOutcome } from './knowledgeStore';

export type ReloadTrigger = 'start' | 'watch' | 'SIGHUP';

/** The load at start: in this thread, before the server listens (nothing to stall yet). */
export function loadKnowledgeAtStart(store: KnowledgeStore, logger: Logger): ReloadOutcome {
  let outcome: ReloadOutcome;
  try {
    outcome = store.reload();
  } catch (error) {
    return crashed(logger, 'start', error);
  }
  return logOutcome(store, logger, 'start', outcome, []);
}

/** A reload while serving (file change, SIGHUP): off the event loop; never rejects. */
export async function reloadKnowledge(
  store: KnowledgeStore,
  logger: Logger,
  trigger: Exclude<ReloadTrigger, 'start'>,
  changed: string[] = []
): Promise<ReloadOutcome> {
  let outcome: ReloadOutcome;
  try {
    outcome = await store.reloadInBackground();
  } catch (error) {
    return crashed(logger, trigger, error);
  }
  return logOutcome(store, logger, trigger, outcome, changed);
}

function crashed(logger: Logger, trigger: ReloadTrigger, error: unknown): ReloadOutcome {
  // The loader reports content problems itself; anything thrown is unexpected and must not stop serving.
  const message = error instanceof Error ? error.message : String(error);
  logger.error(
    {
      event: trigger === 'start' ? LogEvents.knowledgeLoadFailed : LogEvents.knowledgeReloadFailed,
      trigger,
      problems: [message]
    },
    'knowledge reload crashed'
  );
  return { ok: false, problems: [], durationMs: 0 };
}

function logOutcome(
  store: KnowledgeStore,
  logger: Logger,
  trigger: ReloadTrigger,
  outcome: ReloadOutcome,
  changed: string[]
): ReloadOutcome {
  const initial = trigger === 'start';
  const durationMs = Math.round(outcome.durationMs);
  if (outcome.ok) {
    for (const warning of outcome.problems)
      logger.warn(
        { event: LogEvents.knowledgeWarning, problem: formatProblem(warning) },
        'knowledge warning'
      );
    if (outcome.unchanged) {
      logger.info(
        { event: LogEvents.knowledgeUnchanged, trigger, version: outcome.version, durationMs },
        'knowledge unchanged'
      );
    } else {
      const entries = store.status().entries;
      const event = initial ? LogEvents.knowledgeLoaded : LogEvents.knowledgeReloaded;
      logger.info(
        { event, trigger, version: outcome.version, entries, durationMs, changed: changed.slice(0, 20) },
        initial ? 'knowledge loaded' : 'knowledge reloaded'
      );
    }
  } else {
    const problems = outcome.problems.filter((p) => p.severity === 'error').map(formatProblem);
    if (initial) {
      logger.error(
        { event: LogEvents.knowledgeLoadFailed, trigger, problems },
        'knowledge has errors; not ready until they are fixed'
      );
    } else {
      logger.error(
        { event: LogEvents.knowledgeReloadFailed, trigger, problems, liveVersion: store.status().version },
        'knowledge has errors; still serving the last good version'
      );
    }
  }
  return outcome;
}
