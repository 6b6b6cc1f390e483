/**
 * Two real server processes on two ports sharing one real redis-server: a Direct Line chat started
 * on A continues on B (polling and WebSocket), survives A being killed with SIGKILL, and survives
 * Redis itself being stopped and started again. Microsoft's own Direct Line client drives the chat
 * through a round-robin proxy, as behind an office's load balancer.
 */
import { randomBytes } from 'node:crypto';
import { DirectLineClient, type DirectLineActivity } from '../helpers/directLine';
import { startDirectLineJs, type DirectLineJsSession } from '../helpers/directLineJs';
import { StreamClient } from '../helpers/directLineStream';
import { RedisServerProcess, uniquePrefix } from '../helpers/redis';
import { waitFor } from '../helpers/wait';
import { RoundRobinProxy } from '../helpers/roundRobinProxy';
import { killServerProcesses, startServerProcess, type ServerProcess } from '../helpers/serverProcess';

jest.setTimeout(90_000);

const bot = (activities: DirectLineActivity[]) => activities.filter((a) => a.from.role === 'bot');

describe('two instances on one Redis', () => {
  let redis: RedisServerProcess;
  let env: Record<string, string>;
  const streams: StreamClient[] = [];
  const sessions: DirectLineJsSession[] = [];

  beforeAll(async () => {
    redis = await RedisServerProcess.start({ persistent: true });
    env = {
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: uniquePrefix('two'),
      DIRECTLINE_TOKEN_SECRET: randomBytes(32).toString('hex'),
      DEFAULT_LOCALE: 'zh-Hans',
      KNOWLEDGE_WATCH: 'false'
    };
  });
  afterEach(() => {
    for (const s of streams.splice(0)) s.close();
    for (const s of sessions.splice(0)) s.end();
    killServerProcesses();
  });
  afterAll(async () => {
    await redis.destroy();
  });

  async function pair(): Promise<[ServerProcess, ServerProcess]> {
    const [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    for (const s of [a, b])
      await waitFor(async () => (await fetch(`${s.baseUrl}/readyz`)).status === 200, 'ready', {
        timeoutMs: 20_000
      });
    return [a, b];
  }

  it('a chat started on A continues on B by polling; the chosen language is kept', async () => {
    const [a, b] = await pair();
    const onA = await DirectLineClient.start(a.baseUrl, 'zh-CN');
    expect(bot(await onA.poll()).length).toBeGreaterThan(0); // the welcome
    expect((await onA.send('English')).status).toBe(200);
    // The same conversation, token and watermark, now against B.
    const onB = Object.assign(new DirectLineClient(b.baseUrl), {
      token: onA.token,
      conversationId: onA.conversationId,
      userId: onA.userId,
      watermark: onA.watermark
    });
    const switched = bot(await onB.poll());
    expect(switched.map((x) => x.text)).toContain('OK, I will answer in English from now on.');
    expect((await onB.send('公务护照怎么办理？')).status).toBe(200);
    const [answer] = bot(await onB.poll());
    expect(answer!.locale).toBe('en');
    // A sees everything B added: one conversation, one sequence of ids.
    const all = (await onA.activities('0')).body.activities;
    expect(all.map((x) => x.id)).toEqual([...new Set(all.map((x) => x.id))]);
    expect(all.filter((x) => x.from.role === 'user').map((x) => x.text)).toEqual([
      'English',
      '公务护照怎么办理？'
    ]);
  });

  it("a stream on B pushes what is posted on A at once (any instance serves any conversation's stream)", async () => {
    const [a, b] = await pair();
    const chat = await DirectLineClient.start(a.baseUrl, 'en-US');
    const streamOnB = await StreamClient.open(chat.streamUrl.replace(`:${a.port}/`, `:${b.port}/`));
    streams.push(streamOnB);
    await streamOnB.until('welcome', (all) => bot(all).length > 0);
    const before = streamOnB.activities.length;
    const posted = await chat.send('service passport');
    const pushed = await streamOnB.until('echo and reply', (all) => all.length >= before + 2);
    expect(pushed[before]!.id).toBe(posted.body.id);
    expect(pushed[before + 1]!.replyToId).toBe(posted.body.id);
  });

  it('the real Direct Line client over WebSocket through a round-robin proxy: A is SIGKILLed mid-chat, B carries on', async () => {
    const [a, b] = await pair();
    // Everything goes to A until the kill, so A certainly holds the stream when it dies.
    const proxy = await RoundRobinProxy.start([a.port]);
    try {
      const generated = (await (
        await fetch(`${proxy.url}/v3/directline/tokens/generate`, { method: 'POST' })
      ).json()) as {
        token: string;
        userId: string;
      };
      const session = startDirectLineJs(proxy.url, generated.token, true, generated.userId);
      sessions.push(session);
      await waitFor(() => session.activities.some((x) => x.from.role === 'bot'), 'welcome', {
        timeoutMs: 20_000
      });
      await session.say('English');
      await waitFor(
        () =>
          session.activities.some(
            (x) => x.type === 'message' && x.text === 'OK, I will answer in English from now on.'
          ),
        'switch confirmed'
      );
      proxy.setBackends([a.port, b.port]);
      a.process.kill('SIGKILL');
      await a.exited;
      // The stream drops with A; the client reconnects through the proxy, which now reaches B.
      const reply = await waitFor(
        async () => {
          const id = await session.say('公务护照怎么办理？').catch(() => 'retry');
          if (id === 'retry') return undefined;
          return waitFor(
            () =>
              session.activities.find(
                (x) => x.type === 'message' && (x as { replyToId?: string }).replyToId === id
              ),
            'reply to it',
            { timeoutMs: 20_000 }
          ).catch(() => undefined);
        },
        'a reply after the failover',
        { timeoutMs: 60_000, intervalMs: 200 }
      );
      expect((reply as { locale?: string }).locale).toBe('en');
      // B ran that turn: before the kill nothing reached it.
      expect(b.logs.some((l) => String(l.event).startsWith('message.'))).toBe(true);
      // Nothing the user said was lost: the transcript on B has every message, once.
      const chat = Object.assign(new DirectLineClient(b.baseUrl), {
        token: generated.token,
        conversationId: session.activities[0]!.conversation!.id
      });
      const transcript = (await chat.activities('0')).body.activities;
      const said = transcript.filter((x) => x.from.role === 'user').map((x) => x.text);
      expect(said[0]).toBe('English');
      expect(said).toContain('公务护照怎么办理？');
      expect(transcript.map((x) => x.id)).toEqual([...new Set(transcript.map((x) => x.id))]);
    } finally {
      await proxy.close();
    }
  });

  it('Redis stopped and started again while a server runs: 503 meanwhile, then the chat goes on by itself', async () => {
    const [a] = await pair();
    const chat = await DirectLineClient.start(a.baseUrl, 'en-US');
    const stream = await StreamClient.open(chat.streamUrl);
    streams.push(stream);
    await stream.until('welcome', (all) => bot(all).length > 0);
    await redis.stop();
    await waitFor(async () => (await fetch(`${a.baseUrl}/readyz`)).status === 503, 'not ready');
    const during = await chat.send('service passport');
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('2');
    const polled = await chat.activities('0');
    expect(polled.status).toBe(503);
    await redis.start();
    await waitFor(async () => (await fetch(`${a.baseUrl}/readyz`)).status === 200, 'ready again', {
      timeoutMs: 20_000
    });
    // Persistent Redis: the conversation is still there; the open stream picks up again.
    const before = stream.activities.length;
    const after = await waitFor(async () => {
      const r = await chat.send('service passport');
      return r.status === 200 ? r : undefined;
    }, 'post accepted');
    const pushed = await stream.until('reply over the same stream', (all) => all.length >= before + 2);
    expect(pushed[before]!.id).toBe(after.body.id);
    expect(a.logs.some((l) => l.event === 'redis.disconnected')).toBe(true);
    expect(a.logs.filter((l) => l.level === 'error' && l.event !== 'http.error')).toEqual([]);
  });
});
