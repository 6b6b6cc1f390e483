/**
 * The WeChat store contract (dedupe records, the shared access_token), run against both
 * implementations: in memory and on a real Redis (TEST_REDIS_URL, else a private redis-server; CI fails
 * without it). And the API
 * client sharing one token through it, against the fake WeChat API.
 */
import { WeChatApi, WeChatApiError } from '../../../src/channels/wechat/api';
import { MemoryWeChatStore, RedisWeChatStore, type WeChatStore } from '../../../src/channels/wechat/store';
import type { RedisConnection } from '../../../src/storage/redisClient';
import { FakeWeChatApi } from '../../helpers/fakeWeChat';
import { connectForTest, stopOwnRedis, testRedisUrl } from '../../helpers/redis';

/** The real shared connection module, each store on a fresh key prefix. */
const connections: RedisConnection[] = [];
async function redisStore(): Promise<WeChatStore> {
  const connection = await connectForTest(await testRedisUrl(), 'wechat');
  connections.push(connection);
  return new RedisWeChatStore(connection);
}

afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
  await stopOwnRedis();
});

const implementations: [string, () => Promise<WeChatStore>][] = [
  ['memory', async () => new MemoryWeChatStore()],
  ['redis', redisStore]
];

describe.each(implementations)('%s store', (_name, make) => {
  let store: WeChatStore;
  beforeEach(async () => {
    store = await make();
  });

  it('gets what was set, and forgets it when deleted', async () => {
    expect(await store.get('a')).toBeUndefined();
    await store.set('a', '{"state":"pending"}', 60_000);
    expect(await store.get('a')).toBe('{"state":"pending"}');
    await store.set('a', 'second', 60_000);
    expect(await store.get('a')).toBe('second');
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
  });

  it('adds only when absent, atomically: one of many concurrent adds wins', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.add('push:1', `v${i}`, 60_000))
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(await store.get('push:1')).toBe(`v${winner}`);
    expect(await store.add('push:1', 'again', 60_000)).toBe(false);
  });

  it('forgets values after their time to live', async () => {
    await store.set('short', 'x', 50);
    expect(await store.add('short-add', 'y', 50)).toBe(true);
    const gone = async () =>
      (await store.get('short')) === undefined && (await store.get('short-add')) === undefined;
    const deadline = Date.now() + 3000;
    while (!(await gone())) {
      if (Date.now() > deadline) throw new Error('values outlived their TTL');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await store.add('short-add', 'z', 60_000)).toBe(true);
  });
});

describe('memory store', () => {
  it('is bounded by bytes: old entries go first', async () => {
    const store = new MemoryWeChatStore(10_000);
    for (let i = 0; i < 1000; i++) await store.set(`key${i}`, 'x'.repeat(50), 60_000);
    expect(await store.get('key0')).toBeUndefined();
    expect(await store.get('key999')).toBe('x'.repeat(50));
  });
});

describe.each(implementations)('access_token through the %s store', (_name, make) => {
  let fake: FakeWeChatApi;
  beforeAll(async () => {
    fake = new FakeWeChatApi('wxapitest00000001', 'secret');
    await fake.start();
  });
  afterAll(() => fake.stop());

  const client = (store: WeChatStore, now?: () => number) =>
    new WeChatApi({
      baseUrl: fake.baseUrl,
      appId: 'wxapitest00000001',
      appSecret: 'secret',
      store,
      now,
      retryDelaysMs: [5, 5]
    });

  it('is fetched once and shared by every instance using the store', async () => {
    const store = await make();
    const before = fake.tokenRequests;
    const [a, b] = [client(store), client(store)];
    await Promise.all([a.sendText('o1', 'one'), a.sendText('o1', 'two'), b.sendText('o2', 'three')]);
    expect(fake.tokenRequests).toBe(before + 1);
    expect(
      fake.sent
        .slice(-3)
        .map((m) => m.content)
        .sort()
    ).toEqual(['one', 'three', 'two']);
  });

  it('is fetched again shortly before it expires', async () => {
    const store = await make();
    let clock = 1_000_000;
    const api = client(store, () => clock);
    const before = fake.tokenRequests;
    await api.sendText('o1', 'first');
    clock += 7200_000 - 4 * 60_000; // inside the last 5 minutes of the token's 2 hours
    await api.sendText('o1', 'second');
    expect(fake.tokenRequests).toBe(before + 2);
  });

  it('an expired or invalid token (40001, 42001) is replaced once; a second refusal is an error', async () => {
    const store = await make();
    const api = client(store);
    await api.sendText('o1', 'warm up');
    const before = fake.tokenRequests;
    fake.failNext(42001);
    await api.sendText('o1', 'after expiry');
    expect(fake.tokenRequests).toBe(before + 1);
    expect(fake.sent.at(-1)?.content).toBe('after expiry');
    fake.failNext(40001, 40001);
    await expect(api.sendText('o1', 'refused twice')).rejects.toMatchObject({ errcode: 40001 });
    // Another instance sharing the store does not reuse the refused token.
    fake.expireAllTokens();
    const other = client(store);
    await other.sendText('o1', 'fresh');
    expect(fake.sent.at(-1)?.content).toBe('fresh');
  });

  it('reports a wrong secret and an unreachable API as errors', async () => {
    const wrong = new WeChatApi({
      baseUrl: fake.baseUrl,
      appId: 'wxapitest00000001',
      appSecret: 'nope',
      store: await make(),
      retryDelaysMs: []
    });
    await expect(wrong.sendText('o1', 'x')).rejects.toMatchObject({ errcode: 40125 });
    const down = new WeChatApi({
      baseUrl: 'http://127.0.0.1:1',
      appId: 'a',
      appSecret: 'b',
      store: await make(),
      retryDelaysMs: [1]
    });
    await expect(down.sendText('o1', 'x')).rejects.toBeInstanceOf(WeChatApiError);
  });
});
