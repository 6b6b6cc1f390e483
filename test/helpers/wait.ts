/** Polling with a deadline, instead of fixed sleeps: returns as soon as the condition holds. */

/**
 * Resolves once `condition()` is truthy (checked every `intervalMs`); rejects with `what` after
 * `timeoutMs`. The condition may be async.
 */
export async function waitFor(
  condition: () => unknown,
  what: string,
  { timeoutMs = 10_000, intervalMs = 10 }: { timeoutMs?: number; intervalMs?: number } = {}
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
