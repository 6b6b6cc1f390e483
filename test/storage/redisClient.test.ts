/** The shared Redis connection: readiness, clear failures while Redis is away, reconnecting by itself. */
import {
  reconnectDelayMs,
  redactRedisUrl,
  RedisUnavailableError,
  isConnectionError
} from '../../src/storage/redisClient';
import { RedisConnection } from '../../src/storage/redisClient';
import { quietLogger, RedisServerProcess, uniquePrefix } from '../helpers/redis';
import { waitFor } from '../helpers/wait';

describe('reconnectDelayMs', () => {
  it('doubles from 50 ms up to the cap, with jitter in the upper half', () => {
    expect(reconnectDelayMs(0, 2000, () => 0)).toBe(25);
    expect(reconnectDelayMs(0, 2000, () => 1)).toBe(50);
    expect(reconnectDelayMs(3, 2000, () => 1)).toBe(400);
    expect(reconnectDelayMs(30, 2000, () => 1)).toBe(2000);
    expect(reconnectDelayMs(30, 2000, () => 0)).toBe(1000);
  });
});

describe('redactRedisUrl', () => {
  it('hides the password', () => {
    expect(redactRedisUrl('redis://user:s3cret@10.0.0.5:6379/2')).toBe('redis://user:***@10.0.0.5:6379/2');
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactRedisUrl('not a url')).toBe('(invalid URL)');
  });
});

describe('RedisConnection against a redis-server that goes away and comes back', () => {
  let server: RedisServerProcess;
  let connection: RedisConnection;

  beforeAll(async () => {
    server = await RedisServerProcess.start();
    connection = new RedisConnection({
      url: server.url,
      keyPrefix: uniquePrefix('conn'),
      logger: quietLogger,
      maxReconnectDelayMs: 200
    }).start();
  });

  afterAll(async () => {
    await connection.close();
    await server.stop();
  });

  it('is ready once connected, and prefixes keys', async () => {
    await connection.waitUntilReady(5000);
    expect(connection.ready).toBe(true);
    expect(connection.key('state', 'a/b')).toBe(`${connection.keyPrefix}state:a/b`);
    await connection.run((c) => c.set(connection.key('k'), 'v'));
    expect(await connection.run((c) => c.get(connection.key('k')))).toBe('v');
  });

  it('fails fast with RedisUnavailableError while Redis is down, and reconnects by itself', async () => {
    await connection.waitUntilReady(5000);
    await server.stop();
    await waitFor(() => !connection.ready, 'not ready');
    const started = Date.now();
    await expect(connection.run((c) => c.get(connection.key('k')))).rejects.toBeInstanceOf(
      RedisUnavailableError
    );
    expect(Date.now() - started).toBeLessThan(1000);
    await server.start();
    await waitFor(() => connection.ready, 'ready again', { timeoutMs: 10_000 });
    // The new server is empty (no persistence); what matters is that commands run again.
    await connection.run((c) => c.set(connection.key('k'), 'again'));
    expect(await connection.run((c) => c.get(connection.key('k')))).toBe('again');
  });

  it('runs scripts by SHA, loading them again after Redis forgot them (SCRIPT FLUSH, a restart)', async () => {
    await connection.waitUntilReady(5000);
    const source = "return redis.call('INCR', KEYS[1]) + tonumber(ARGV[1])";
    const key = connection.key('script-counter');
    expect(await connection.script(source, [key], ['10'])).toBe(11);
    expect(await connection.script(source, [key], ['10'])).toBe(12);
    await connection.client.scriptFlush();
    expect(await connection.script(source, [key], ['0'])).toBe(3);
    // A script's own error stays an error Redis answered.
    await expect(connection.script("return redis.error_reply('mine')", [], [])).rejects.toThrow('mine');
  });

  it('tells connection failures from errors Redis answers', async () => {
    await connection.waitUntilReady(5000);
    const answered = await connection
      .run((c) => c.eval("return redis.error_reply('mine')", { keys: [], arguments: [] }))
      .catch((e: unknown) => e);
    expect(isConnectionError(answered)).toBe(false);
    expect(isConnectionError(new RedisUnavailableError())).toBe(true);
  });
});
