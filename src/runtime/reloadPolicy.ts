/**
 * When a knowledge load may go live. Pure. A folder caught half-written or emptied by mistake is
 * valid YAML and passes every check, yet answers wrongly (or not at all): a load that leaves no
 * entries, or loses more than a set share of the live ones, is refused and the live version stays.
 */
export interface ReloadPolicy {
  /** Largest share of the live entries a reload may drop, in percent (KNOWLEDGE_MAX_DROP_PERCENT). */
  maxDropPercent: number;
}

export const DEFAULT_RELOAD_POLICY: ReloadPolicy = { maxDropPercent: 20 };

/** Why the load is refused, or undefined when it may go live. `live` is undefined at start. */
export function refusalOf(
  live: number | undefined,
  next: number,
  policy: ReloadPolicy = DEFAULT_RELOAD_POLICY
): string | undefined {
  if (next === 0) return 'the knowledge has no entries: refusing to serve it';
  if (live === undefined || next >= live) return undefined;
  const dropped = live - next;
  if (dropped * 100 > live * policy.maxDropPercent) {
    const percent = Math.round((dropped * 100) / live);
    return `the reload would drop ${dropped} of ${live} entries (${percent}%, more than KNOWLEDGE_MAX_DROP_PERCENT=${policy.maxDropPercent}): refused; restart the server to accept the smaller knowledge on purpose`;
  }
  return undefined;
}
