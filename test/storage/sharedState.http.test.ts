/**
 * Two real servers (in this process, each its own restify server and bot) sharing one real
 * redis-server: bot state is shared, and while Redis is away both say so (503) and recover by
 * themselves when it returns.
 */
import { messageActivity, postActivity, startApp, type Replies, type RunningApp } from '../helpers/server';
import { RedisServerProcess, uniquePrefix } from '../helpers/redis';
import { waitFor } from '../helpers/wait';

function messages(replies: Replies): Replies['activities'] {
  return replies.activities.filter((a) => a.type === 'message');
}

const EMBEDDING_SITE = 'https://www.example.gov.cn';

describe('bot state on Redis shared by two servers', () => {
  let redis: RedisServerProcess;
  let a: RunningApp;
  let b: RunningApp;

  beforeAll(async () => {
    redis = await RedisServerProcess.start();
    const env = {
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: uniquePrefix('http'),
      DEFAULT_LOCALE: 'zh-Hans',
      ALLOWED_ORIGINS: EMBEDDING_SITE
    };
    [a, b] = await Promise.all([startApp(env), startApp(env)]);
    await waitFor(async () => {
      const statuses = await Promise.all(
        [a, b].map((s) => fetch(`${s.baseUrl}/readyz`).then((r) => r.status))
      );
      return statuses.every((s) => s === 200);
    }, 'both ready');
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await redis.stop();
  });

  it('a language chosen on one server holds on the other', async () => {
    const user = { from: { id: 'shared-user-1' }, conversation: { id: 'shared-conv-1' } };
    const [switched] = messages(await postActivity(a.baseUrl, messageActivity('English', user)));
    expect(switched!.text).toBe('OK, I will answer in English from now on.');
    const [answer] = messages(await postActivity(b.baseUrl, messageActivity('公务护照怎么办理？', user)));
    expect(answer!.locale).toBe('en');
  });

  it('while Redis is down: /readyz and /api/messages are 503 with a clear message; both recover by themselves', async () => {
    const user = { from: { id: 'shared-user-2' }, conversation: { id: 'shared-conv-2' } };
    await postActivity(a.baseUrl, messageActivity('English', user));
    await redis.stop();
    for (const server of [a, b]) {
      await waitFor(async () => (await fetch(`${server.baseUrl}/readyz`)).status === 503, 'readyz 503');
      const ready = (await (await fetch(`${server.baseUrl}/readyz`)).json()) as { redis: { ready: boolean } };
      expect(ready.redis.ready).toBe(false);
      const response = await fetch(`${server.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(messageActivity('hello', user))
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('2');
      expect(await response.json()).toEqual({
        code: 'StoreUnavailable',
        message: 'The shared store (Redis) is not reachable right now'
      });
      // The chat embedded on the office's site must be able to read the 503 (CORS), or Web Chat shows
      // an opaque network failure instead of retrying.
      const generated = await fetch(`${server.baseUrl}/v3/directline/tokens/generate`, {
        method: 'POST',
        headers: { origin: EMBEDDING_SITE }
      });
      const { token } = (await generated.json()) as { token: string };
      const chat = await fetch(`${server.baseUrl}/v3/directline/conversations`, {
        method: 'POST',
        headers: { origin: EMBEDDING_SITE, authorization: `Bearer ${token}` }
      });
      expect(chat.status).toBe(503);
      expect(chat.headers.get('access-control-allow-origin')).toBe(EMBEDDING_SITE);
      expect(chat.headers.get('retry-after')).toBe('2');
      // Liveness is not readiness: the process itself is fine.
      expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    }
    await redis.start();
    for (const server of [a, b]) {
      await waitFor(async () => (await fetch(`${server.baseUrl}/readyz`)).status === 200, 'readyz 200', {
        timeoutMs: 15_000
      });
    }
    // The restarted Redis kept nothing (no persistence here): the bot starts afresh, without errors.
    const before = a.logs.length + b.logs.length;
    const [answer] = messages(await postActivity(b.baseUrl, messageActivity('English', user)));
    expect(answer!.text).toBe('OK, I will answer in English from now on.');
    expect([...a.logs, ...b.logs].slice(before).filter((l) => l.event === 'turn.error')).toEqual([]);
  });
});

describe('rate limit on Redis shared by two servers', () => {
  let redis: RedisServerProcess;
  let a: RunningApp;
  let b: RunningApp;

  beforeAll(async () => {
    redis = await RedisServerProcess.start();
    const env = {
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: uniquePrefix('rl'),
      RATE_LIMIT_PER_SECOND: '1',
      RATE_LIMIT_BURST: '4'
    };
    [a, b] = await Promise.all([startApp(env), startApp(env)]);
    await waitFor(async () => (await fetch(`${b.baseUrl}/readyz`)).status === 200, 'ready');
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await redis.stop();
  });

  it('one client spread over both servers gets one burst, not one per server; Redis away = per-server limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${(i % 2 ? b : a).baseUrl}/`)).status);
    expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
    expect(statuses.slice(4)).toEqual([429, 429]);
    const limited = await fetch(`${b.baseUrl}/`);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Without Redis each server falls back to its own bucket: limited, never open, never refusing everyone.
    await redis.stop();
    await waitFor(async () => (await fetch(`${a.baseUrl}/readyz`)).status === 503, 'not ready');
    const local: number[] = [];
    for (let i = 0; i < 6; i++) local.push((await fetch(`${a.baseUrl}/`)).status);
    expect(local.filter((s) => s === 429).length).toBeGreaterThan(0);
  });
});
