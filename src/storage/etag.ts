/**
 * The eTag rules every `Storage` here follows (botbuilder's contract, made strict):
 * - a written item without an eTag, or with `'*'`, is written unconditionally;
 * - any other eTag is compare-and-set: the write succeeds only if the stored item still has that
 *   eTag (an item that is no longer stored has none, so the write conflicts too);
 * - `ABSENT_ETAG` is create-only: the write succeeds only if no item is stored under the key (what a
 *   turn sends for state it read as absent, so two first turns of a chat cannot both create it);
 * - a conflict writes nothing of that call and throws the error botbuilder's MemoryStorage throws;
 * - every successful write gives the item a new eTag, returned by the next read.
 */

/** The error of a write whose eTag is stale (worded as botbuilder's MemoryStorage words it). */
export function eTagConflict(key: string): Error {
  return new Error(`Storage: error writing "${key}" due to eTag conflict.`);
}

/**
 * True for an eTag conflict from any Storage: ours and botbuilder's MemoryStorage (the message), or
 * Azure stores (HTTP 412 Precondition Failed).
 */
export function isETagConflict(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status =
    (error as { code?: unknown; statusCode?: unknown }).statusCode ?? (error as { code?: unknown }).code;
  return /eTag conflict/i.test(error.message) || status === 412 || status === 'PreconditionFailed';
}

/**
 * The eTag of "I read no item": botbuilder's contract has none (its stores treat an unknown eTag on a
 * missing item as a create, so they stay usable, just unguarded). Never a real eTag: those are
 * counters (MemoryStorage, ours) or base64url (Redis), without '!'.
 */
export const ABSENT_ETAG = '!absent';

/** Whether a write carrying `eTag` may replace the stored item whose eTag is `stored` (undefined: none stored). */
export function eTagAllowsWrite(eTag: unknown, stored: string | undefined): boolean {
  if (eTag === undefined || eTag === null || eTag === '' || eTag === '*') return true;
  if (eTag === ABSENT_ETAG) return stored === undefined;
  return stored !== undefined && eTag === stored;
}
