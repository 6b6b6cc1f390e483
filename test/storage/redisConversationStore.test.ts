/** The Direct Line conversation store on a real Redis: the same contract as in memory, plus sharing. */
import { MemoryConversationStore } from '../../src/channels/directline/conversationStore';
import type { RedisConnection } from '../../src/storage/redisClient';
import { RedisConversationStore } from '../../src/storage/redisConversationStore';
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
  limits: { ttlMs: number; maxConversations: number; maxActivities: number; maxBytes: number },
  now: () => number = () => Date.now()
) {
  const connection = await connectForTest(url, 'dl', prefix);
  connections.push(connection);
  return new RedisConversationStore(connection, { ...limits, evictableAfterIdleMs: 60_000 }, now);
}

conversationStoreContract('in memory', async (limits, now) => new MemoryConversationStore(limits, now));
conversationStoreContract('on Redis', async (limits, now) => redisStore(uniquePrefix('dl'), limits, now));

describe('RedisConversationStore shared by two instances', () => {
  const limits = { ttlMs: 60_000, maxConversations: 100, maxActivities: 50, maxBytes: 256 * 1024 };

  it('a conversation created on one is continued on the other, with one sequence of ids', async () => {
    const prefix = uniquePrefix('dl-shared');
    const [a, b] = [await redisStore(prefix, limits), await redisStore(prefix, limits)];
    expect((await a.create({ id: 'c1', userId: 'u1', locale: 'zh-CN' })).status).toBe('created');
    expect(await b.create({ id: 'c1', userId: 'u1' })).toMatchObject({
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
    const store = new RedisConversationStore(connection, { ...limits, evictableAfterIdleMs: 60_000 });
    await store.create({ id: 'c1', userId: 'u1' });
    await store.append('c1', [{ type: 'message', text: 'hi' }]);
    for (const key of [connection.key('dl', 'conv', 'c1'), connection.key('dl', 'acts', 'c1')]) {
      const ttl = await connection.client.pTTL(key);
      expect(ttl).toBeGreaterThan(55_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
  });
});
