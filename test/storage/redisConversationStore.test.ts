/** The Direct Line conversation store on a real Redis: the same contract as in memory, plus sharing. */
import {
  MemoryConversationStore,
  type EvictionReason,
  type StoreLimits
} from '../../src/channels/directline/conversationStore';
import type { RedisConnection } from '../../src/storage/redisClient';
import { EXPIRY_GRACE_MS, RedisConversationStore } from '../../src/storage/redisConversationStore';
import { conversationStoreContract } from '../helpers/conversationStoreContract';
import { connectForTest, stopOwnRedis, testRedisUrl, uniquePrefix } from '../helpers/redis';

let url: string;
const connections: RedisConnection[] = [];

beforeAll(async () => {
  url = await testRedisUrl();
});

afterAll(async () => {
  await Promise.all(connections.splice(0).map((c) => c.close()));
  await stopOwnRedis();
});

async function redisStore(
  prefix: string,
  limits: StoreLimits,
  now: () => number = () => Date.now(),
  onEvict: (reason: EvictionReason) => void = () => undefined
) {
  const connection = await connectForTest(url, 'dl', prefix);
  connections.push(connection);
  return new RedisConversationStore(connection, limits, now, onEvict);
}

conversationStoreContract(
  'in memory',
  async (limits, now, onEvict) => new MemoryConversationStore(limits, now, onEvict)
);
conversationStoreContract('on Redis', async (limits, now, onEvict) =>
  redisStore(uniquePrefix('dl'), limits, now, onEvict)
);

describe('RedisConversationStore shared by two instances', () => {
  const limits: StoreLimits = {
    ttlMs: 60_000,
    maxConversations: 100,
    maxActivities: 50,
    maxBytes: 256 * 1024,
    totalBytes: 64 * 1024 * 1024,
    clientShare: 0.5
  };

  it('a conversation created on one is continued on the other, with one sequence of ids', async () => {
    const prefix = uniquePrefix('dl-shared');
    const [a, b] = [await redisStore(prefix, limits), await redisStore(prefix, limits)];
    expect((await a.create({ id: 'c1', userId: 'u1', locale: 'zh-CN', client: '192.0.2.1' })).status).toBe(
      'created'
    );
    expect(await b.create({ id: 'c1', userId: 'u1', client: '192.0.2.1' })).toMatchObject({
      status: 'exists',
      conversation: { userId: 'u1', locale: 'zh-CN' }
    });
    // Both instances append at once: ids never collide, nothing is lost.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).append('c1', [{ type: 'message', text: `m${i}` }]))
    );
    const page = (await a.activitiesAfter('c1', 0))!;
    expect(page.watermark).toBe('20');
    expect(new Set(page.activities.map((x) => x.id)).size).toBe(20);
    expect(page.activities.map((x) => x.text).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `m${i}`).sort()
    );
  });

  it('sets Redis expiry on its keys, so an abandoned conversation leaves nothing behind', async () => {
    const prefix = uniquePrefix('dl-ttl');
    const connection = await connectForTest(url, 'dl', prefix);
    connections.push(connection);
    const store = new RedisConversationStore(connection, limits);
    await store.create({ id: 'c1', userId: 'u1', client: '192.0.2.1' });
    await store.append('c1', [{ type: 'message', text: 'hi' }]);
    for (const key of [connection.key('dl', 'conv', 'c1'), connection.key('dl', 'acts', 'c1')]) {
      const ttl = await connection.client.pTTL(key);
      // The idle TTL plus the grace that lets the sweep (which keeps the byte counters) go first.
      expect(ttl).toBeGreaterThan(55_000 + EXPIRY_GRACE_MS);
      expect(ttl).toBeLessThanOrEqual(60_000 + EXPIRY_GRACE_MS);
    }
  });
});
