/** DirectLineStreams on its own (a plain HTTP server doing the upgrade): keep-alives, the conversation kept alive, URLs. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import {
  MemoryConversationStore,
  type StreamActivity
} from '../../src/channels/directline/conversationStore';
import { DirectLineStreams, parseStreamPath, streamUrl } from '../../src/channels/directline/stream';
import { MemoryActivityFeed } from '../../src/storage/activityFeed';
import { StreamClient } from '../helpers/directLineStream';
import { waitFor } from '../helpers/wait';

describe('stream paths and URLs', () => {
  it('parses only /conversations/<id>/stream under the base path', () => {
    expect(parseStreamPath('/v3/directline', '/v3/directline/conversations/a%7Cb/stream?t=x')).toMatchObject({
      conversationId: 'a|b'
    });
    expect(parseStreamPath('/v3/directline', '/v3/directline/conversations/a/b/stream')).toBeUndefined();
    expect(parseStreamPath('/v3/directline', '/v3/directline/conversations//stream')).toBeUndefined();
    expect(parseStreamPath('/v3/directline', '/v3/directline/conversations/%E0%A4%A/stream')).toBeUndefined();
    expect(parseStreamPath('/v3/directline', '/other/conversations/a/stream')).toBeUndefined();
  });

  it('builds ws:// or wss:// URLs with the watermark and the token', () => {
    expect(
      streamUrl({ secure: true, host: 'chat.example.gov.cn' }, '/v3/directline', 'c 1', '7', 'tok')
    ).toBe('wss://chat.example.gov.cn/v3/directline/conversations/c%201/stream?watermark=7&t=tok');
    expect(streamUrl({ secure: false, host: '127.0.0.1:3978' }, '/v3/directline', 'c', '', 't')).toBe(
      'ws://127.0.0.1:3978/v3/directline/conversations/c/stream?watermark=&t=t'
    );
  });
});

describe('DirectLineStreams', () => {
  let server: Server;
  let streams: DirectLineStreams;
  let store: MemoryConversationStore;
  let touched = 0;

  beforeAll(async () => {
    store = new MemoryConversationStore({
      ttlMs: 60_000,
      maxConversations: 10,
      maxActivities: 10,
      maxBytes: 1e6,
      totalBytes: 1e8,
      clientShare: 1
    });
    const get = store.get.bind(store);
    // Counts the stream's touches (the conversation marked as used while a chat page is open).
    store.get = async (id: string) => {
      touched++;
      return get(id);
    };
    await store.create({ id: 'c1', userId: 'u1', client: '127.0.0.1' });
    streams = new DirectLineStreams({
      store,
      feed: new MemoryActivityFeed<StreamActivity>(),
      access: {
        open: async (token) =>
          token === 'good' ? { ok: true } : { ok: false, error: 'forbidden', message: 'no' }
      },
      logger: pino({ level: 'silent' }),
      basePath: '/v3/directline',
      maxStreams: 2,
      maxStreamsPerConversation: 4,
      // A stream whose pong has not come back by the next tick is dropped: the interval leaves a loaded
      // CI machine time to answer (at 30 ms the full suite dropped the stream now and then).
      keepAliveMs: 250,
      touchEveryMs: 500
    });
    server = createServer((_req, res) => res.end());
    server.on('upgrade', (req, socket, head) => {
      if (!streams.handleUpgrade(req, socket, head)) socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await streams.close();
    await new Promise((resolve) => server.close(resolve));
    await store.close();
  });

  const url = (token: string) =>
    `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v3/directline/conversations/c1/stream?t=${token}`;

  it('sends empty keep-alives and keeps the conversation marked as used', async () => {
    const client = await StreamClient.open(url('good'));
    const before = touched;
    await waitFor(() => client.keepAlives >= 3, 'three keep-alives');
    await waitFor(() => touched > before, 'a touch');
    expect(client.sets).toEqual([]);
    client.close();
  });

  it('refuses a bad token with 403 and more than maxStreams with 503', async () => {
    await expect(StreamClient.open(url('bad'))).rejects.toMatchObject({ status: 403 });
    const open = [await StreamClient.open(url('good')), await StreamClient.open(url('good'))];
    await waitFor(() => streams.size === 2, 'two streams');
    await expect(StreamClient.open(url('good'))).rejects.toMatchObject({ status: 503 });
    for (const c of open) c.close();
    await waitFor(() => streams.size === 0, 'streams gone');
  });
});
