/**
 * Issue 14 attacks 1, 2 and 10 on a small budget (DIRECTLINE_MAX_BYTES=2MB), real server on loopback:
 *  1. memory through the Direct Line store: padded channelData is not kept, and everything kept stays
 *     within the byte budget however many conversations are filled;
 *  2. new chats locked out: one address holding conversations (and polling them) cannot hold more
 *     than its share, and new visitors always get in;
 * 10. per-token limits: a flood from one token is cut while many chats behind the same address,
 *     polling every second, all keep working.
 * The full-size versions are bench/attacks/01-*, 02-*, 10-*.
 */
import http from 'node:http';
import { DirectLineClient } from '../helpers/directLine';
import { startApp, type RunningApp } from '../helpers/server';

/** One Direct Line request from a chosen loopback address (Linux routes all of 127/8 to lo). */
function fromAddress<T>(
  baseUrl: string,
  localAddress: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown
): Promise<{ status: number; body: T }> {
  const url = new URL(baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: `/v3/directline${path}`,
        localAddress,
        agent: false,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {})
        }
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : {}) as T })
        );
      }
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Starts a conversation from `localAddress`; returns its token and id. */
async function startFrom(
  baseUrl: string,
  localAddress: string
): Promise<{ token: string; id: string; status: number }> {
  const generated = await fromAddress<{ token: string; conversationId: string }>(
    baseUrl,
    localAddress,
    'POST',
    '/tokens/generate'
  );
  const started = await fromAddress<{ conversationId: string }>(
    baseUrl,
    localAddress,
    'POST',
    '/conversations',
    generated.body.token,
    {}
  );
  return { token: generated.body.token, id: generated.body.conversationId, status: started.status };
}

const MB = 1024 * 1024;

describe('attack 1: memory through the Direct Line store', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({
      RATE_LIMIT_PER_SECOND: '0',
      DIRECTLINE_MAX_BYTES: '2MB',
      // One test address: the total budget is what this test is about.
      DIRECTLINE_CLIENT_SHARE_PERCENT: '100'
    });
  });
  afterAll(async () => {
    await running.close();
  });

  it('keeps no padded channelData: the 32 KB body of the attack is stored as a few hundred bytes', async () => {
    const client = await DirectLineClient.start(running.baseUrl, 'en');
    // The attack's body (10,800 empty objects) is refused before it is parsed into a 640 KB graph...
    const padding = Array.from({ length: 10_800 }, () => ({}));
    const refused = await client.send('hi', { channelData: padding });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/more than 5000 objects/);
    // ... and a smaller one is accepted and stored without its padding.
    const sent = await client.send('hi', { channelData: padding.slice(0, 2000) });
    expect(sent.status).toBe(200);
    const posted = await client.send('hi', {
      channelData: { clientActivityID: 'mine', junk: 'x'.repeat(3000) },
      entities: [{ type: 'x', blob: 'y'.repeat(1500) }],
      attachments: [{ contentType: 'image/png', contentUrl: `data:image/png;base64,${'A'.repeat(1500)}` }]
    });
    expect(posted.status).toBe(200);
    const page = await client.activities('');
    const echoes = page.body.activities.filter((a) => a.from.role === 'user');
    expect(echoes).toHaveLength(2);
    for (const echo of echoes) expect(JSON.stringify(echo).length).toBeLessThan(700);
    expect(echoes[1]).toMatchObject({
      channelData: { clientActivityID: 'mine' },
      attachments: [{ contentType: 'image/png' }]
    });
    expect(echoes[1]).not.toHaveProperty('entities');
  });

  it('holds everything it keeps within DIRECTLINE_MAX_BYTES, however many conversations are filled', async () => {
    // Each conversation gets nine 7.5 KB texts (text is kept): 60 of them would hold about 3.8 MB.
    const clients: DirectLineClient[] = [];
    const text = 'x'.repeat(7_500);
    for (let c = 0; c < 60; c++) {
      const client = await DirectLineClient.start(running.baseUrl, 'en');
      clients.push(client);
      for (let i = 0; i < 9; i++) expect((await client.send(text)).status).toBe(200);
    }
    let kept = 0;
    let alive = 0;
    for (const client of clients) {
      const page = await client.activities('');
      if (page.status === 404) continue;
      expect(page.status).toBe(200);
      alive++;
      kept += JSON.stringify(page.body.activities).length;
    }
    expect(kept).toBeLessThanOrEqual(2 * MB);
    // The budget is used, not wasted: most of it holds the newest conversations.
    expect(kept).toBeGreaterThan(1.2 * MB);
    expect(alive).toBeLessThan(60);
    expect((await clients[59]!.activities('')).status).toBe(200);
    expect((await clients[0]!.activities('')).status).toBe(404);
  });
});

describe('attack 2: a store held by one address never locks out new visitors', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({
      RATE_LIMIT_PER_SECOND: '0',
      DIRECTLINE_MAX_CONVERSATIONS: '20',
      DIRECTLINE_CLIENT_SHARE_PERCENT: '20'
    });
  });
  afterAll(async () => {
    await running.close();
  });

  it('the holder keeps at most its share (4 of 20); every new visitor gets a working chat', async () => {
    const held: { token: string; id: string }[] = [];
    for (let i = 0; i < 30; i++) {
      const conversation = await startFrom(running.baseUrl, '127.0.0.2');
      expect(conversation.status).toBe(201);
      held.push(conversation);
      // The holder polls everything it holds, as the attack did, to keep it "in use".
      for (const h of held.slice(-5))
        await fromAddress(running.baseUrl, '127.0.0.2', 'GET', `/conversations/${h.id}/activities`, h.token);
    }
    let live = 0;
    for (const h of held) {
      const page = await fromAddress(
        running.baseUrl,
        '127.0.0.2',
        'GET',
        `/conversations/${h.id}/activities`,
        h.token
      );
      if (page.status === 200) live++;
      else expect(page.status).toBe(404);
    }
    expect(live).toBeLessThanOrEqual(4);

    // 16 visitors from other addresses fill the rest, and each one's chat answers.
    for (let v = 0; v < 16; v++) {
      const visitor = await startFrom(running.baseUrl, `127.0.1.${v + 1}`);
      expect(visitor.status).toBe(201);
      const page = await fromAddress<{ activities: { from: { role?: string } }[] }>(
        running.baseUrl,
        `127.0.1.${v + 1}`,
        'GET',
        `/conversations/${visitor.id}/activities`,
        visitor.token
      );
      expect(page.status).toBe(200);
      expect(page.body.activities.some((a) => a.from.role === 'bot')).toBe(true);
    }
  });

  it('quotas new conversations per address (DIRECTLINE_NEW_CONVERSATIONS_PER_MINUTE)', async () => {
    const quota = await startApp({ DIRECTLINE_NEW_CONVERSATIONS_PER_MINUTE: '3', RATE_LIMIT_BURST: '100' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await startFrom(quota.baseUrl, '127.0.0.9')).status);
      expect(statuses).toEqual([201, 201, 201, 429, 429]);
      expect((await startFrom(quota.baseUrl, '127.0.0.10')).status).toBe(201);
    } finally {
      await quota.close();
    }
  });
});

describe('attack 10: rate limits per token as well as per address', () => {
  it('100 chats behind one address poll every second unharmed while one token flooding is cut', async () => {
    // Default limits, except a quicker start for 100 chats (token requests count per address).
    const running = await startApp({
      RATE_LIMIT_BURST: '400',
      DIRECTLINE_NEW_CONVERSATIONS_PER_MINUTE: '400'
    });
    try {
      const chats: DirectLineClient[] = [];
      for (let i = 0; i < 100; i++) chats.push(await DirectLineClient.start(running.baseUrl, 'en'));
      const flooder = chats[0]!;
      const others = chats.slice(1);
      const otherStatuses: number[] = [];
      const floodStatuses: number[] = [];
      const floodStarted = Date.now();
      let lastFloodAnswer = floodStarted;
      for (let round = 0; round < 3; round++) {
        const started = Date.now();
        const flood = Promise.all(
          Array.from({ length: 60 }, async () => {
            floodStatuses.push((await flooder.activities('')).status);
            lastFloodAnswer = Date.now();
          })
        );
        await Promise.all(others.map(async (c) => otherStatuses.push((await c.activities('')).status)));
        await flood;
        // Polling once a second, like Web Chat (the wait is the rest of the second, never a fixed sleep).
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() - started))));
      }
      expect(otherStatuses.filter((s) => s !== 200)).toEqual([]);
      expect(otherStatuses).toHaveLength(99 * 3);
      // The flooder got its burst (20) and the refill (5 a second, default limits) over the time the
      // flood lasted on this machine, not 180 answers; everything else was 429.
      const floodSeconds = Math.ceil((lastFloodAnswer - floodStarted) / 1000);
      const allowed = 20 + 5 * floodSeconds + 1;
      const passed = floodStatuses.filter((s) => s === 200).length;
      expect(passed).toBeLessThanOrEqual(allowed);
      expect(floodStatuses.filter((s) => s === 429)).toHaveLength(180 - passed);
    } finally {
      await running.close();
    }
  });
});
