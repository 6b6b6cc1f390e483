/**
 * Turns of one conversation at once over HTTP, on a store with latency (as Redis has): they read
 * the same version of the state, their writes conflict, and each is retried on fresh state; every
 * request is answered and no turn fails.
 */
import type { Storage } from 'botbuilder';
import { BoundedMemoryStorage } from '../../src/storage/boundedMemoryStorage';
import { messageActivity, postActivity, startApp } from '../helpers/server';

/** A real store whose reads are held until `concurrent` of them are waiting (or 5 s pass). */
function gatedStorage(concurrent: number): { storage: Storage; conflicts: () => number; open: () => void } {
  const inner = new BoundedMemoryStorage({ maxItems: 100, ttlMs: 60_000 });
  let gated = false;
  const waiting: (() => void)[] = [];
  let conflicts = 0;
  const release = () => {
    for (const go of waiting.splice(0)) go();
    gated = false;
  };
  return {
    conflicts: () => conflicts,
    open: () => {
      gated = true;
    },
    storage: {
      read: async (keys) => {
        const items = await inner.read(keys);
        if (gated)
          await new Promise<void>((resolve) => {
            waiting.push(resolve);
            if (waiting.length === concurrent) release();
            else setTimeout(release, 5000).unref();
          });
        return items;
      },
      write: async (changes) => {
        await new Promise((resolve) => setImmediate(resolve));
        try {
          await inner.write(changes);
        } catch (error) {
          conflicts++;
          throw error;
        }
      },
      delete: (keys) => inner.delete(keys)
    }
  };
}

describe('concurrent turns of one conversation (/api/messages)', () => {
  it('answers all of them: eTag conflicts are retried on fresh state, not errors', async () => {
    const store = gatedStorage(4);
    const running = await startApp({ RATE_LIMIT_PER_SECOND: '0' }, { storage: store.storage });
    try {
      const same = { conversation: { id: 'busy-conversation' }, from: { id: 'busy-user' } };
      expect((await postActivity(running.baseUrl, messageActivity('help', same))).status).toBe(200);
      store.open();
      const texts = ['How do I apply for a service passport?', '公务护照怎么办理？', 'help', '繁體中文'];
      const results = await Promise.all(
        texts.map((text) => postActivity(running.baseUrl, messageActivity(text, same)))
      );
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      for (const result of results) expect(result.activities.length).toBeGreaterThan(0);
      expect(store.conflicts()).toBeGreaterThan(0);
      expect(running.logs.filter((l) => l.event === 'turn.error')).toEqual([]);
      // The language choice made by one of them survived the others' writes.
      const [reply] = (await postActivity(running.baseUrl, messageActivity('help', same))).activities;
      expect(reply!.locale).toBe('zh-Hant');
    } finally {
      await running.close();
    }
  });
});
