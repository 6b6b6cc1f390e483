import { issueToken } from '../../src/channels/directline/tokens';
import { DirectLineClient } from '../helpers/directLine';
import { startApp, type RunningApp } from '../helpers/server';

const TOKEN_SECRET = 'test-token-secret-0123456789-abcdefghij';

describe('local Direct Line endpoint over HTTP', () => {
  let running: RunningApp;
  beforeAll(async () => {
    // Many requests from one address: the rate limit has its own tests below.
    running = await startApp({
      DIRECTLINE_TOKEN_SECRET: TOKEN_SECRET,
      ALLOWED_ORIGINS: 'https://www.zhaoqing.gov.cn',
      RATE_LIMIT_PER_SECOND: '0'
    });
  });
  afterAll(async () => running.close());

  it('welcomes a new conversation in the language the page started it with', async () => {
    for (const [locale, welcome] of [
      ['en-US', /^Hello! I am the automated assistant of the Foreign Affairs Office of Zhaoqing/],
      ['zh-CN', /^您好！我是肇庆市外事办公室/],
      ['zh-TW', /^您好！我是肇慶市外事辦公室/]
    ] as const) {
      const client = await DirectLineClient.start(running.baseUrl, locale);
      const [first, ...rest] = await client.poll();
      expect(rest).toEqual([]);
      expect(first).toMatchObject({ type: 'message', from: { id: 'fao-assistant', role: 'bot' } });
      expect(first!.text).toMatch(welcome);
      expect(client.watermark).toBe('1');
    }
  });

  it('echoes the user activity with its id and clientActivityID, then the answer, in order', async () => {
    const client = await DirectLineClient.start(running.baseUrl, 'zh-CN');
    await client.poll();
    const posted = await client.send('公务护照怎么办理？');
    expect(posted.status).toBe(200);
    expect(posted.body.id).toBe(`${client.conversationId}|0000002`);
    const [echo, answer, ...rest] = await client.poll();
    expect(rest).toEqual([]);
    expect(echo).toMatchObject({
      id: posted.body.id,
      type: 'message',
      text: '公务护照怎么办理？',
      channelData: { clientActivityID: 'client-1' },
      // The server decides who is speaking: the user the token was issued to.
      from: { id: client.userId, role: 'user' }
    });
    expect(answer).toMatchObject({
      from: { id: 'fao-assistant', role: 'bot' },
      replyToId: posted.body.id,
      locale: 'zh-Hans'
    });
    expect(answer!.text).toMatch(/公务护照由肇庆市外事办公室颁发/);
    expect(Number(client.watermark)).toBe(3);
    // Same bot, same logs as /api/messages, with the channel named.
    expect(
      running.logs.some(
        (l) =>
          l.event === 'message.answered' && l.channel === 'directline' && l.entryId === 'passport-service'
      )
    ).toBe(true);
  });

  it('keeps personal numbers masked in the transcript it serves back, and says so', async () => {
    const client = await DirectLineClient.start(running.baseUrl, 'en-US');
    await client.poll();
    const typed = 'My passport is E12345678 and my ID 440102199001011234, how do I renew it?';
    const posted = await client.send(typed);
    expect(posted.status).toBe(200);
    const replies = await client.poll();
    const echo = replies.find((a) => a.id === posted.body.id)!;
    expect(echo.text).toBe('My passport is [passport] and my ID [id-card], how do I renew it?');
    expect(echo.channelData).toMatchObject({ clientActivityID: 'client-1' });
    const note = replies.find((a) => a.from.role === 'bot' && /passport/i.test(a.text ?? ''))!;
    expect(note.text).toMatch(/replaced by a mark such as \[passport\] in this chat's record on our server/);
    // Read again from the start (a reconnecting page): still masked, nowhere the numbers.
    const all = await client.activities('0');
    expect(JSON.stringify(all.body)).not.toMatch(/E12345678|440102199001011234/);
    expect(running.logs.map((l) => JSON.stringify(l)).join('\n')).not.toMatch(/E12345678|440102199001011234/);
    // A message without numbers is kept exactly as typed (full-width forms included).
    const plain = await client.send('Ｈello，公务护照？');
    const again = await client.poll();
    expect(again.find((a) => a.id === plain.body.id)!.text).toBe('Ｈello，公务护照？');
  });

  it('answers a did-you-mean button (messageBack value) with that entry', async () => {
    const client = await DirectLineClient.start(running.baseUrl, 'en-US');
    await client.poll();
    await client.send('passport');
    const [, suggestion] = await client.poll();
    const action = suggestion!.suggestedActions!.actions[0]!;
    await client.send(action.title, {
      value: action.value,
      channelData: { clientActivityID: 'button', messageBack: { displayText: action.title } }
    });
    const [echo, answer] = await client.poll();
    expect(echo!.channelData).toMatchObject({ clientActivityID: 'button' });
    expect(answer!.text).toMatch(/Source:/);
  });

  it('keeps replies in message order when a client posts twice at once', async () => {
    const client = await DirectLineClient.start(running.baseUrl, 'en-US');
    await client.poll();
    await Promise.all([client.send('service passport'), client.send('公务护照')]);
    const stream = await client.poll();
    expect(stream.map((a) => `${a.from.role}:${a.locale}`)).toEqual([
      'user:en-US',
      'bot:en',
      'user:en-US',
      'bot:zh-Hans'
    ]);
  });

  it('reconnects and refreshes: the refreshed token works for the same conversation', async () => {
    const client = await DirectLineClient.start(running.baseUrl, 'en-US');
    const again = await client.startConversation('en-US');
    expect(again.status).toBe(200); // already started: no second welcome
    expect((await client.poll()).length).toBe(1);
    const reconnect = await client.call<{ conversationId: string; expires_in: number }>(
      'GET',
      `/conversations/${client.conversationId}?watermark=1`,
      client.token
    );
    expect(reconnect.status).toBe(200);
    expect(reconnect.body.conversationId).toBe(client.conversationId);
    const refreshed = await client.call<{ token: string; conversationId: string; expires_in: number }>(
      'POST',
      '/tokens/refresh',
      client.token
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ conversationId: client.conversationId, expires_in: 1800 });
    expect((await client.send('service passport', {}, refreshed.body.token)).status).toBe(200);
  });

  it("refuses wrong, expired and other conversations' tokens with 403, a missing one with 401", async () => {
    const a = await DirectLineClient.start(running.baseUrl, 'en-US');
    const b = await DirectLineClient.start(running.baseUrl, 'en-US');
    const expired = issueToken(
      { conversationId: a.conversationId, userId: a.userId },
      TOKEN_SECRET,
      60,
      Date.now() - 120_000
    ).token;
    const forged = issueToken(
      { conversationId: a.conversationId, userId: a.userId },
      'another-secret-of-enough-length-0123456789',
      600,
      Date.now()
    ).token;
    for (const token of [expired, forged, b.token, 'garbage']) {
      const read = await a.activities('', token);
      expect(read.status).toBe(403);
      expect(read.body.error!.code).toBe('TokenInvalid');
      expect((await a.send('hello', {}, token)).status).toBe(403);
      expect((await a.call('GET', `/conversations/${a.conversationId}`, token)).status).toBe(403);
    }
    expect((await a.call('POST', '/tokens/refresh', expired)).status).toBe(403);
    expect((await a.startConversation('en', forged)).status).toBe(403);
    expect((await a.activities('', '')).status).toBe(401);
  });

  it('answers 404 for a conversation that was never started, and 400/413 for bad input', async () => {
    const client = new DirectLineClient(running.baseUrl);
    await client.generate(); // token issued, conversation not started
    expect((await client.activities('')).status).toBe(404);
    expect((await client.send('hi')).status).toBe(404);

    const live = await DirectLineClient.start(running.baseUrl, 'en-US');
    expect((await live.activities('abc')).status).toBe(400);
    expect((await live.activities('-1')).status).toBe(400);
    const twice = await live.call(
      'GET',
      `/conversations/${live.conversationId}/activities?watermark=1&watermark=2`,
      live.token
    );
    expect(twice.status).toBe(400);
    for (const body of [[1, 2], { type: 'invoke' }, { type: 'message', text: 42 }, 'text']) {
      const result = await live.call<{ error: { code: string } }>(
        'POST',
        `/conversations/${live.conversationId}/activities`,
        live.token,
        body
      );
      expect(result.status).toBe(400);
      expect(result.body.error.code).toBe('BadArgument');
    }
    expect((await live.send('x'.repeat(40 * 1024))).status).toBe(413);
    // A message over the bot's length limit but under the activity limit gets the bot's polite reply.
    expect((await live.send('x'.repeat(5000))).status).toBe(200);
  });

  it('allows configured origins by CORS and refuses others', async () => {
    const client = new DirectLineClient(running.baseUrl);
    const preflight = await client.call('OPTIONS', '/tokens/generate', undefined, undefined, {
      origin: 'https://www.zhaoqing.gov.cn',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, x-ms-bot-agent'
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://www.zhaoqing.gov.cn');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/x-ms-bot-agent.*X-Requested-With/);
    const other = await client.call('OPTIONS', '/tokens/generate', undefined, undefined, {
      origin: 'https://evil.example'
    });
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const generated = await client.call(
      'POST',
      '/tokens/generate',
      undefined,
      {},
      { origin: 'https://www.zhaoqing.gov.cn' }
    );
    expect(generated.headers.get('access-control-allow-origin')).toBe('https://www.zhaoqing.gov.cn');
    expect(generated.headers.get('cache-control')).toBe('no-store');
  });
});

describe('Direct Line limits', () => {
  it('a full store ends the least recently used chat: the new visitor gets in, the old chat reads as ended', async () => {
    // One test client address: its share must be the whole store here.
    const running = await startApp({
      DIRECTLINE_MAX_CONVERSATIONS: '2',
      DIRECTLINE_CLIENT_SHARE_PERCENT: '100'
    });
    try {
      const first = await DirectLineClient.start(running.baseUrl, 'en');
      const second = await DirectLineClient.start(running.baseUrl, 'en');
      await second.poll();
      const third = await DirectLineClient.start(running.baseUrl, 'en');
      expect((await third.activities('')).status).toBe(200);
      expect((await second.activities('')).status).toBe(200);
      // 404 is what Direct Line JS reports as "conversation ended"; the page then starts a new chat.
      const ended = await first.activities('');
      expect(ended.status).toBe(404);
      expect(JSON.stringify(ended.body)).toMatch(/has ended/);
      expect(running.logs.some((l) => l.event === 'directline.full')).toBe(true);
    } finally {
      await running.close();
    }
  });

  it('keeps only the newest activities of a long conversation; the watermark keeps counting', async () => {
    const running = await startApp({ DIRECTLINE_MAX_ACTIVITIES: '10' });
    try {
      const client = await DirectLineClient.start(running.baseUrl, 'en');
      for (let i = 0; i < 8; i++) await client.send('service passport');
      const all = await client.activities('');
      expect(all.body.watermark).toBe('17');
      expect(all.body.activities).toHaveLength(10);
      expect(all.body.activities[0]!.id).toBe(`${client.conversationId}|0000008`);
    } finally {
      await running.close();
    }
  });

  it("rate-limits one chat's token polling too fast with 429 and Retry-After", async () => {
    const running = await startApp({
      DIRECTLINE_TOKEN_RATE_PER_SECOND: '1',
      DIRECTLINE_TOKEN_RATE_BURST: '2'
    });
    try {
      const client = await DirectLineClient.start(running.baseUrl, 'en');
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 4; i++) {
        const result = await client.activities('');
        statuses.push(result.status);
        if (result.status === 429) retryAfter = result.headers.get('retry-after');
      }
      expect(statuses).toEqual([200, 200, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    } finally {
      await running.close();
    }
  });

  it('lets an allowed cross-origin page read the 429 (CORS headers on the refusal)', async () => {
    const running = await startApp({
      RATE_LIMIT_PER_SECOND: '1',
      RATE_LIMIT_BURST: '1',
      ALLOWED_ORIGINS: 'https://www.example.gov.cn'
    });
    try {
      const post = () =>
        fetch(`${running.baseUrl}/v3/directline/tokens/generate`, {
          method: 'POST',
          headers: { origin: 'https://www.example.gov.cn' }
        });
      expect((await post()).status).toBe(200);
      const refused = await post();
      expect(refused.status).toBe(429);
      expect(refused.headers.get('access-control-allow-origin')).toBe('https://www.example.gov.cn');
      expect(refused.headers.get('retry-after')).toBe('1');
    } finally {
      await running.close();
    }
  });

  it('defaults leave room for Web Chat polling every second plus a burst of page loads', async () => {
    const running = await startApp();
    try {
      expect(running.config.rateLimitPerSecond).toBeGreaterThanOrEqual(5);
      const client = await DirectLineClient.start(running.baseUrl, 'en');
      // A page load (page, 3 assets, token, start) and ten polls at once all pass.
      const results = await Promise.all(Array.from({ length: 16 }, () => client.activities('')));
      expect(results.every((r) => r.status === 200)).toBe(true);
    } finally {
      await running.close();
    }
  });
});
