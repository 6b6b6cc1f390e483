/** RedisStorage against a real redis-server: eTags, TTL, size cap, two clients racing. */
import type { Storage } from 'botbuilder';
import type { RedisConnection } from '../../src/storage/redisClient';
import { RedisStorage, stateKeyKind } from '../../src/storage/redisStorage';
import { StateAccessor } from '../../src/bot/state';
import { describeStorageContract } from '../helpers/storageContract';
import { connectForTest, stopOwnRedis, testRedisUrl, uniquePrefix } from '../helpers/redis';
import { waitFor } from '../helpers/wait';

const TTL = { user: 600, conversation: 300, other: 120 };

let url: string;
const connections: RedisConnection[] = [];

async function storage(
  prefix = uniquePrefix('state'),
  maxItemBytes = 64 * 1024,
  ttl = TTL,
  budget = { maxBytes: 64 * 1024 * 1024, maxItems: 100_000 }
) {
  const connection = await connectForTest(url, 'state', prefix);
  connections.push(connection);
  return {
    connection,
    storage: new RedisStorage(connection, { ttlSeconds: ttl, maxItemBytes, ...budget })
  };
}

beforeAll(async () => {
  url = await testRedisUrl();
});

afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
  await stopOwnRedis();
});

describe('stateKeyKind', () => {
  it.each([
    ['directline/users/dl_abc/', 'user'],
    ['msteams/conversations/19:x@thread/', 'conversation'],
    ['directline/conversations/c1/users/u1/', 'conversation'],
    ['something-else', 'other']
  ])('%s is %s', (key, kind) => expect(stateKeyKind(key)).toBe(kind));
});

// The project's Storage contract (etag.ts rules), as every state store must keep it.
describeStorageContract('RedisStorage', async () => (await storage()).storage);

describe('RedisStorage', () => {
  it('two clients racing with the same eTag: exactly one wins, the loser rereads and keeps both changes', async () => {
    const prefix = uniquePrefix('race');
    const [one, two] = [await storage(prefix), await storage(prefix)];
    await one.storage.write({ 'directline/conversations/c/': { log: [] as string[] } });
    // Each client appends its own entries, 20 times, retrying on conflict as a turn would.
    const appendMany = async (store: Storage, who: string) => {
      let conflicts = 0;
      for (let i = 0; i < 20; i++) {
        for (;;) {
          const item = (await store.read(['directline/conversations/c/']))['directline/conversations/c/']!;
          try {
            await store.write({
              'directline/conversations/c/': { ...item, log: [...item.log, `${who}${i}`] }
            });
            break;
          } catch (error) {
            expect(String(error)).toContain('eTag conflict');
            conflicts++;
          }
        }
      }
      return conflicts;
    };
    const [c1, c2] = await Promise.all([appendMany(one.storage, 'a'), appendMany(two.storage, 'b')]);
    const final = (await one.storage.read(['directline/conversations/c/']))['directline/conversations/c/']!;
    // No write was lost: all 40 entries are there, each client's in order.
    expect(final.log).toHaveLength(40);
    expect((final.log as string[]).filter((e) => e.startsWith('a'))).toEqual(
      Array.from({ length: 20 }, (_, i) => `a${i}`)
    );
    expect((final.log as string[]).filter((e) => e.startsWith('b'))).toEqual(
      Array.from({ length: 20 }, (_, i) => `b${i}`)
    );
    // The race was real (interleaved reads and writes over two connections).
    expect(c1 + c2).toBeGreaterThan(0);
  });

  it('sets the TTL of each key kind and renews it on read', async () => {
    const { storage: store, connection } = await storage();
    await store.write({ 'directline/users/u1/': { lang: 'en' }, 'directline/conversations/c1/': { x: 1 } });
    const ttl = (key: string) => connection.client.ttl(store.redisKey(key));
    expect(await ttl('directline/users/u1/')).toBeGreaterThan(590);
    expect(await ttl('directline/users/u1/')).toBeLessThanOrEqual(600);
    const conversationTtl = await ttl('directline/conversations/c1/');
    expect(conversationTtl).toBeGreaterThan(290);
    expect(conversationTtl).toBeLessThanOrEqual(300);
    await connection.client.expire(store.redisKey('directline/users/u1/'), 5);
    await store.read(['directline/users/u1/']);
    expect(await ttl('directline/users/u1/')).toBeGreaterThan(590);
  });

  it('items expire after their TTL', async () => {
    const { storage: store, connection } = await storage(uniquePrefix('expiry'), 64 * 1024, {
      user: 1,
      conversation: 1,
      other: 1
    });
    await store.write({ 'x/users/u/': { lang: 'en' } });
    expect(Object.keys(await store.read(['x/users/u/']))).toEqual(['x/users/u/']);
    // Redis expires on its own clock; watch without reading (a read renews the TTL), with a deadline.
    await waitFor(
      async () => (await connection.client.exists(store.redisKey('x/users/u/'))) === 0,
      'expiry',
      { timeoutMs: 5000, intervalMs: 50 }
    );
    expect(await store.read(['x/users/u/'])).toEqual({});
  });

  it('refuses an item over the size cap and keeps the old one', async () => {
    const { storage: store } = await storage(uniquePrefix('cap'), 1024);
    await store.write({ k: { v: 'small' } });
    await expect(store.write({ k: { v: 'x'.repeat(2000) } })).rejects.toThrow(/more than the 1024 allowed/);
    expect((await store.read(['k'])).k!.v).toBe('small');
  });

  it('keeps the deployment within STATE_MAX_BYTES: least recently used first, on any instance', async () => {
    const prefix = uniquePrefix('budget');
    const budget = { maxBytes: 20_000, maxItems: 1000 };
    const a = await storage(prefix, 64 * 1024, TTL, budget);
    const b = await storage(prefix, 64 * 1024, TTL, budget);
    const item = (i: number) => ({ [`x/users/u${i}/`]: { lang: 'en', pad: 'p'.repeat(900) } });
    for (let i = 0; i < 10; i++) await a.storage.write(item(i));
    // u0 is read (on the other instance), so u1 is now the least recently used.
    expect(Object.keys(await b.storage.read(['x/users/u0/']))).toEqual(['x/users/u0/']);
    for (let i = 10; i < 40; i++) await (i % 2 ? a : b).storage.write(item(i));
    const usage = await a.storage.usage();
    expect(usage.bytes).toBeLessThanOrEqual(budget.maxBytes);
    expect(usage.items).toBeGreaterThan(5);
    expect(usage.items).toBeLessThan(40);
    const all = await b.storage.read(Array.from({ length: 40 }, (_, i) => `x/users/u${i}/`));
    expect(Object.keys(all).length).toBe(usage.items);
    expect(all['x/users/u39/']).toBeDefined(); // the newest stay
    expect(all['x/users/u1/']).toBeUndefined(); // the least recently used went first
    // The Redis keys themselves are gone, not only the bookkeeping.
    expect(await a.connection.client.exists(a.storage.redisKey('x/users/u1/'))).toBe(0);
  });

  it('keeps at most STATE_MAX_ITEMS, and counts an overwrite or a delete once', async () => {
    const { storage: store } = await storage(uniquePrefix('items'), 64 * 1024, TTL, {
      maxBytes: 64 * 1024 * 1024,
      maxItems: 5
    });
    for (let i = 0; i < 8; i++) await store.write({ [`k${i}`]: { i } });
    expect((await store.usage()).items).toBe(5);
    expect(Object.keys(await store.read(['k0', 'k1', 'k2', 'k3']))).toEqual(['k3']);
    const before = await store.usage();
    await store.write({ k7: { i: 7 } }); // same size again
    expect(await store.usage()).toEqual(before);
    await store.delete(['k7', 'k6']);
    const after = await store.usage();
    expect(after.items).toBe(3);
    expect(after.bytes).toBeLessThan(before.bytes);
    await store.delete(['k3', 'k4', 'k5']);
    expect(await store.usage()).toEqual({ bytes: 0, items: 0 });
  });

  it('forgets the bytes of items Redis expired on its own', async () => {
    const { storage: store, connection } = await storage(uniquePrefix('drift'), 64 * 1024, {
      user: 1,
      conversation: 1,
      other: 1
    });
    await store.write({ old: { pad: 'p'.repeat(1000) } });
    await waitFor(async () => (await connection.client.exists(store.redisKey('old'))) === 0, 'expiry', {
      timeoutMs: 5000,
      intervalMs: 50
    });
    await store.write({ fresh: { v: 1 } }); // a write sweeps what expired
    const usage = await store.usage();
    expect(usage.items).toBe(1);
    expect(usage.bytes).toBeLessThan(1000);
  });

  it('keeps deployments apart by key prefix', async () => {
    const a = await storage(uniquePrefix('deploy-a'));
    const b = await storage(uniquePrefix('deploy-b'));
    await a.storage.write({ k: { who: 'a' } });
    expect(await b.storage.read(['k'])).toEqual({});
  });
});

describe("the bot's StateAccessor on RedisStorage, two instances", () => {
  it('concurrent turns of one conversation on two instances keep every change (no lost write)', async () => {
    const prefix = uniquePrefix('turns');
    const [one, two] = [await storage(prefix), await storage(prefix)];
    type Conversation = { count?: number; seen?: string[] };
    const accessors = [one, two].map(
      (s) => new StateAccessor<Record<string, unknown>, Conversation>(s.storage, { maxAttempts: 50 })
    );
    const activity = { channelId: 'directline', from: { id: 'u1' }, conversation: { id: 'c1' } };
    // The conversation's first turn (state.ts: a first write cannot be conditional in Storage).
    const first = await accessors[0]!.load(activity);
    first.updateConversation(() => ({ count: 0, seen: [] }));
    await accessors[0]!.save(first);
    // 40 turns at once, half on each instance, each adding itself to the conversation's state.
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const accessor = accessors[i % 2]!;
        const state = await accessor.load(activity);
        state.updateConversation((c) => ({ count: (c.count ?? 0) + 1, seen: [...(c.seen ?? []), `t${i}`] }));
        await accessor.save(state);
      })
    );
    const final = await accessors[0]!.load(activity);
    expect(final.conversation.count).toBe(40);
    expect([...(final.conversation.seen ?? [])].sort()).toEqual(
      Array.from({ length: 40 }, (_, i) => `t${i}`).sort()
    );
  });
});
