/**
 * Two real servers (in this process, each its own restify server and bot) sharing one real
 * redis-server: bot state is shared, and while Redis is away both say so (503) and recover by
 * themselves when it returns.
 */
import { messageActivity, postActivity, startApp, type Replies, type RunningApp } from '../helpers/server';
import { RedisServerProcess, uniquePrefix } from '../helpers/redis';
import { DirectLineClient } from '../helpers/directLine';
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
    // Sent at once, half to each server: one shared bucket lets the burst of 4 through plus what refills
    // (1 a second) while they run; per-server buckets would let all 8 through.
    const started = Date.now();
    const replies = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const response = await fetch(`${(i % 2 ? b : a).baseUrl}/`);
        await response.arrayBuffer();
        return { status: response.status, retryAfter: response.headers.get('retry-after') };
      })
    );
    const elapsedSeconds = (Date.now() - started) / 1000;
    const passed = replies.filter((r) => r.status === 200).length;
    const limited = replies.filter((r) => r.status === 429);
    expect(passed + limited.length).toBe(8);
    expect(passed).toBeGreaterThanOrEqual(4);
    expect(passed).toBeLessThanOrEqual(4 + Math.ceil(elapsedSeconds));
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0].retryAfter)).toBeGreaterThanOrEqual(1);
    // Without Redis each server falls back to its own bucket: limited, never open, never refusing everyone.
    await redis.stop();
    await waitFor(async () => (await fetch(`${a.baseUrl}/readyz`)).status === 503, 'not ready');
    const local: number[] = [];
    for (let i = 0; i < 6; i++) local.push((await fetch(`${a.baseUrl}/`)).status);
    expect(local.filter((s) => s === 429).length).toBeGreaterThan(0);
  });
});

describe('Direct Line limits on Redis shared by two servers', () => {
  const TOKEN_BURST = 10;
  const NEW_CHATS_PER_MINUTE = 3;
  let redis: RedisServerProcess;
  const running: RunningApp[] = [];

  beforeAll(async () => {
    redis = await RedisServerProcess.start();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await redis.stop();
  });

  /** Two servers with fresh buckets (their own key prefix) on the one Redis. */
  async function pair(): Promise<[RunningApp, RunningApp]> {
    const env = {
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: uniquePrefix('dl-limits'),
      DIRECTLINE_TOKEN_SECRET: 'a-secret-both-servers-share-for-the-test-0123456789',
      DIRECTLINE_TOKEN_RATE_PER_SECOND: '1',
      DIRECTLINE_TOKEN_RATE_BURST: String(TOKEN_BURST),
      DIRECTLINE_NEW_CONVERSATIONS_PER_MINUTE: String(NEW_CHATS_PER_MINUTE)
    };
    const servers = await Promise.all([startApp(env), startApp(env)]);
    running.push(...servers);
    await waitFor(async () => {
      const statuses = await Promise.all(
        servers.map((s) => fetch(`${s.baseUrl}/readyz`).then((r) => r.status))
      );
      return statuses.every((s) => s === 200);
    }, 'both ready');
    return servers as [RunningApp, RunningApp];
  }

  it("one chat token's requests spread over both servers share one bucket", async () => {
    const [a, b] = await pair();
    const onA = await DirectLineClient.start(a.baseUrl, 'en-US'); // POST /conversations: 1 of the burst
    const onB = Object.assign(new DirectLineClient(b.baseUrl), {
      token: onA.token,
      conversationId: onA.conversationId
    });
    const started = Date.now();
    // Twice the burst at once, half on each server: with a bucket per server every one would pass.
    const statuses = await Promise.all(
      Array.from(
        { length: 2 * TOKEN_BURST },
        async (_, i) => (await (i % 2 ? onB : onA).activities('0')).status
      )
    );
    const elapsedSeconds = (Date.now() - started) / 1000;
    const passed = statuses.filter((s) => s === 200).length;
    // The burst less the start, plus what refilled meanwhile at 1 a second.
    expect(passed).toBeLessThanOrEqual(TOKEN_BURST - 1 + Math.ceil(elapsedSeconds));
    expect(passed).toBeGreaterThanOrEqual(TOKEN_BURST - 1);
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    // Another chat behind the same address is not held back by this one's bucket.
    const other = await DirectLineClient.start(b.baseUrl, 'en-US');
    expect((await other.activities('0')).status).toBe(200);
  });

  it('new chats of one address are counted across both servers', async () => {
    const servers = await pair();
    const starts: number[] = [];
    for (let i = 0; i < NEW_CHATS_PER_MINUTE + 2; i++) {
      const client = new DirectLineClient(servers[i % 2]!.baseUrl);
      expect((await client.generate()).status).toBe(200);
      starts.push((await client.startConversation('en-US')).status);
    }
    // 3 a minute: a bucket per server would have let all 5 through (3 on A, 2 on B).
    expect(starts).toEqual([201, 201, 201, 429, 429]);
  });
});
