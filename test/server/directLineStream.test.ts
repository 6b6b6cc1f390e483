/** Direct Line streaming against the real server: a WebSocket on the streamUrl, with a real ws client. */
import { DirectLineClient } from '../helpers/directLine';
import { StreamClient } from '../helpers/directLineStream';
import { startApp, type RunningApp } from '../helpers/server';

describe('Direct Line WebSocket stream', () => {
  let running: RunningApp;
  const open: StreamClient[] = [];

  async function stream(url: string): Promise<StreamClient> {
    const client = await StreamClient.open(url);
    open.push(client);
    return client;
  }

  beforeAll(async () => {
    running = await startApp({ DEFAULT_LOCALE: 'en' });
  });
  afterEach(() => {
    for (const client of open.splice(0)) client.close();
  });
  afterAll(async () => {
    await running.close();
  });

  it('offers a streamUrl on start and reconnect, with the token and the watermark to resume from', async () => {
    const chat = await DirectLineClient.start(running.baseUrl, 'en-US');
    const url = new URL(chat.streamUrl);
    expect(url.protocol).toBe('ws:');
    expect(url.host).toBe(new URL(running.baseUrl).host);
    expect(url.pathname).toBe(`/v3/directline/conversations/${chat.conversationId}/stream`);
    expect(url.searchParams.get('t')).toBe(chat.token);
    const reconnect = await chat.call<{ streamUrl: string; conversationId: string }>(
      'GET',
      `/conversations/${chat.conversationId}?watermark=3`,
      chat.token
    );
    expect(reconnect.status).toBe(200);
    expect(new URL(reconnect.body.streamUrl).searchParams.get('watermark')).toBe('3');
  });

  it('pushes the welcome, then the echo and the reply of each message as they happen', async () => {
    const chat = await DirectLineClient.start(running.baseUrl, 'en-US');
    const client = await stream(chat.streamUrl);
    const welcome = await client.until('welcome', (all) => all.some((a) => a.from.role === 'bot'));
    expect(welcome[0]!.type).toBe('message');
    expect(client.sets[0]!.watermark).toBe(String(welcome.length));
    const before = client.activities.length;
    const posted = await chat.send('How do I apply for a service passport?');
    expect(posted.status).toBe(200);
    const after = await client.until('echo and reply', (all) => all.length >= before + 2);
    const [echo, reply] = after.slice(before);
    expect(echo).toMatchObject({
      id: posted.body.id,
      from: { role: 'user' },
      text: 'How do I apply for a service passport?'
    });
    expect(echo!.channelData?.clientActivityID).toBe('client-1');
    expect(reply!.from.role).toBe('bot');
    expect(reply!.replyToId).toBe(posted.body.id);
    // The same activities are there for a polling client: polling stays the fallback.
    const polled = await chat.activities('0');
    expect(polled.body.activities.map((a) => a.id)).toEqual(client.activities.map((a) => a.id));
    expect(polled.body.watermark).toBe(client.watermark);
  });

  it('resumes after the watermark of the streamUrl: nothing twice, nothing missed', async () => {
    const chat = await DirectLineClient.start(running.baseUrl, 'en-US');
    const first = await stream(chat.streamUrl);
    await first.until('welcome', (all) => all.length > 0);
    const mark = first.watermark;
    first.close();
    await first.untilClosed();
    await chat.send('service passport');
    const reconnect = await chat.call<{ streamUrl: string }>(
      'GET',
      `/conversations/${chat.conversationId}?watermark=${mark}`,
      chat.token
    );
    const second = await stream(reconnect.body.streamUrl);
    const resumed = await second.until('missed activities', (all) => all.length >= 2);
    expect(resumed[0]!.text).toBe('service passport');
    const ids = [...first.activities, ...second.activities].map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses a missing, wrong or other conversation token and an unknown conversation, before upgrading', async () => {
    const chat = await DirectLineClient.start(running.baseUrl, 'en-US');
    const other = await DirectLineClient.start(running.baseUrl, 'en-US');
    const base = chat.streamUrl.split('?')[0]!;
    const refused = (url: string) =>
      StreamClient.open(url).then(
        () => 101,
        (e: { status?: number }) => e.status
      );
    expect(await refused(base)).toBe(401);
    expect(await refused(`${base}?t=not.a.token`)).toBe(403);
    expect(await refused(`${base}?t=${other.token}`)).toBe(403);
    expect(await refused(`${base}?t=${chat.token}&watermark=abc`)).toBe(400);
    // A valid token whose conversation was never started.
    const fresh = new DirectLineClient(running.baseUrl);
    await fresh.generate();
    const never = `${base.replace(chat.conversationId, fresh.conversationId)}?t=${fresh.token}`;
    expect(await refused(never)).toBe(404);
    expect(await refused(`${running.baseUrl.replace('http', 'ws')}/elsewhere`)).toBe(404);
  });

  it('closes a stream that sends anything but keep-alives (activities are posted over HTTP)', async () => {
    const chat = await DirectLineClient.start(running.baseUrl, 'en-US');
    const client = await stream(chat.streamUrl);
    client.socket.send('');
    client.socket.send(JSON.stringify({ type: 'message', text: 'hi' }));
    expect((await client.untilClosed()).code).toBe(1008);
  });

  it('holds at most 4 streams per conversation', async () => {
    const chat = await DirectLineClient.start(running.baseUrl, 'en-US');
    for (let i = 0; i < 4; i++) await stream(chat.streamUrl);
    await expect(StreamClient.open(chat.streamUrl)).rejects.toMatchObject({ status: 429 });
  });
});

describe('Direct Line stream on shutdown and when turned off', () => {
  it('a graceful stop closes open streams with 1001 (going away) and still exits promptly', async () => {
    const running = await startApp({ DEFAULT_LOCALE: 'en' });
    const chat = await DirectLineClient.start(running.baseUrl, 'en-US');
    const client = await StreamClient.open(chat.streamUrl);
    await client.until('welcome', (all) => all.length > 0);
    const started = Date.now();
    await running.close();
    expect(await client.untilClosed()).toEqual({ code: 1001, reason: 'server restarting' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('DIRECTLINE_WEBSOCKET=false offers no streamUrl and refuses upgrades; polling works', async () => {
    const running = await startApp({ DEFAULT_LOCALE: 'en', DIRECTLINE_WEBSOCKET: 'false' });
    try {
      const chat = await DirectLineClient.start(running.baseUrl, 'en-US');
      expect(chat.streamUrl).toBe('');
      const url = `${running.baseUrl.replace('http', 'ws')}/v3/directline/conversations/${chat.conversationId}/stream?t=${chat.token}`;
      await expect(StreamClient.open(url)).rejects.toMatchObject({ status: 404 });
      expect((await chat.poll()).length).toBeGreaterThan(0);
    } finally {
      await running.close();
    }
  });
});
