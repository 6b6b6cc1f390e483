/** When the shared store (Redis) is away, pushes get 503 (WeChat retries) and nothing crashes. */
import pino from 'pino';
import restify from 'restify';
import type { AddressInfo } from 'node:net';
import { registerWeChatChannel } from '../../../src/channels/wechat';
import type { WeChatStore } from '../../../src/channels/wechat/store';
import { WeChatPusher } from '../../helpers/fakeWeChat';

const down: WeChatStore = {
  get: () => Promise.reject(new Error('The shared store (Redis) is not reachable right now')),
  set: () => Promise.reject(new Error('down')),
  add: () => Promise.reject(new Error('down')),
  delete: () => Promise.reject(new Error('down'))
};

it('answers 503 while the shared store is unreachable, and runs no turn', async () => {
  const server = restify.createServer();
  server.use(restify.plugins.queryParser({ mapParams: false }));
  let turns = 0;
  registerWeChatChannel(server, {
    config: {
      token: 'tok123',
      appId: 'wxdown0000000001',
      appSecret: 's',
      apiBaseUrl: 'http://127.0.0.1:1',
      passiveReplyMs: 1000
    },
    logger: pino({ level: 'silent' }),
    ready: () => true,
    runTurn: async () => {
      turns++;
      return [];
    },
    store: down
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  try {
    const port = (server.address() as AddressInfo).port;
    const wechat = new WeChatPusher(`http://127.0.0.1:${port}`, 'tok123', 'wxdown0000000001');
    const result = await wechat.push(wechat.textPush('oUser', '护照'), 'plain');
    expect(result.status).toBe(503);
    expect(turns).toBe(0);
    // Events without a dedupe key of their own still need no store to be ignored.
    expect((await wechat.push(wechat.eventPush('oUser', 'unsubscribe'), 'plain')).text).toBe('success');
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
