/** The activity feed (wake-ups for streams): in this process, and across connections on Redis pub/sub. */
import { MemoryActivityFeed, type ActivityFeed } from '../../src/storage/activityFeed';
import { RedisActivityFeed } from '../../src/storage/redisActivityFeed';
import { RedisConnection } from '../../src/storage/redisClient';
import { quietLogger, RedisServerProcess, uniquePrefix } from '../helpers/redis';
import { waitFor } from '../helpers/wait';

type Activity = { type: string; id?: string };

function recorder(feed: ActivityFeed<Activity>, conversationId: string) {
  const calls: (readonly Activity[])[] = [];
  const stop = feed.subscribe(conversationId, (ephemeral) => calls.push(ephemeral));
  return { calls, stop };
}

describe('MemoryActivityFeed', () => {
  it('wakes the listeners of that conversation only, with the ephemeral activities', async () => {
    const feed = new MemoryActivityFeed<Activity>();
    const one = recorder(feed, 'c1');
    const two = recorder(feed, 'c2');
    await feed.publish('c1', [{ type: 'typing' }]);
    await feed.publish('c1');
    expect(one.calls).toEqual([[{ type: 'typing' }], []]);
    expect(two.calls).toEqual([]);
    one.stop();
    await feed.publish('c1');
    expect(one.calls).toHaveLength(2);
    await feed.close();
  });
});

describe('RedisActivityFeed', () => {
  let redis: RedisServerProcess;
  const connections: RedisConnection[] = [];
  const feeds: RedisActivityFeed<Activity>[] = [];

  async function feed(prefix: string) {
    const connection = new RedisConnection({
      url: redis.url,
      keyPrefix: prefix,
      logger: quietLogger,
      maxReconnectDelayMs: 200
    }).start();
    connections.push(connection);
    await connection.waitUntilReady(5000);
    const made = new RedisActivityFeed<Activity>(connection);
    feeds.push(made);
    await made.ready();
    return made;
  }

  beforeAll(async () => {
    redis = await RedisServerProcess.start();
  });
  afterAll(async () => {
    await Promise.all(feeds.map((f) => f.close()));
    await Promise.all(connections.map((c) => c.close()));
    await redis.stop();
  });

  it('a publish on one instance wakes the listeners on another, per conversation and prefix', async () => {
    const prefix = uniquePrefix('feed');
    const [a, b] = [await feed(prefix), await feed(prefix)];
    const other = await feed(uniquePrefix('feed-other'));
    const onB = recorder(b, 'conv:1');
    const onOther = recorder(other, 'conv:1');
    const onB2 = recorder(b, 'conv:2');
    await a.publish('conv:1', [{ type: 'typing', id: 'x' }]);
    await a.publish('conv:1');
    await waitFor(() => onB.calls.length === 2, 'two wake-ups');
    expect(onB.calls).toEqual([[{ type: 'typing', id: 'x' }], []]);
    expect(onB2.calls).toEqual([]);
    expect(onOther.calls).toEqual([]);
  });

  it('after Redis comes back, every listener is woken to re-read what it may have missed', async () => {
    const prefix = uniquePrefix('feed-outage');
    const [a, b] = [await feed(prefix), await feed(prefix)];
    const onB = recorder(b, 'c');
    await redis.stop();
    await expect(a.publish('c')).rejects.toThrow(/not reachable/);
    await redis.start();
    await waitFor(() => onB.calls.length >= 1, 'wake-up after reconnect', { timeoutMs: 15_000 });
    // And publishing works again end to end (the subscription was restored).
    const before = onB.calls.length;
    await waitFor(
      async () => {
        await a.publish('c').catch(() => undefined);
        return onB.calls.length > before;
      },
      'publish again',
      { timeoutMs: 15_000, intervalMs: 100 }
    );
  });
});
