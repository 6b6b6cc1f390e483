/**
 * Two instances behind one WeChat account, sharing one real Redis (REDIS_URL): a push retried to the
 * other instance runs no second turn and gets the same answer, and the access_token is fetched once
 * for both.
 */
import { eventually, FakeWeChatApi, WeChatPusher } from '../helpers/fakeWeChat';
import { stopOwnRedis, testRedisUrl, uniquePrefix } from '../helpers/redis';
import { startApp, type RunningApp } from '../helpers/server';
import { SlowStorage } from '../helpers/slowStorage';

const TOKEN = 'sharedToken';
const APP_ID = 'wx5a5a5a5a5a5a5a5a';
const AES_KEY = 'U2hhcmVkUmVkaXNUZXN0S2V5Rm9yV2VDaGF0Q2hhbm4';

describe('two instances on one Redis', () => {
  let api: FakeWeChatApi;
  const instances: RunningApp[] = [];
  // Slow state reads (in-process, one per instance) make turns outlive the passive window when asked.
  const slow = [new SlowStorage(), new SlowStorage()];

  beforeAll(async () => {
    api = new FakeWeChatApi(APP_ID, 'secret');
    await api.start();
    const env = {
      REDIS_URL: await testRedisUrl(),
      REDIS_KEY_PREFIX: uniquePrefix('wechat2'),
      WECHAT_TOKEN: TOKEN,
      WECHAT_APP_ID: APP_ID,
      WECHAT_APP_SECRET: 'secret',
      WECHAT_ENCODING_AES_KEY: AES_KEY,
      WECHAT_API_BASE_URL: api.baseUrl,
      WECHAT_PASSIVE_REPLY_MS: '300',
      RATE_LIMIT_PER_SECOND: '0'
    };
    for (const storage of slow) instances.push(await startApp(env, { storage }));
    for (const instance of instances)
      await eventually(async () =>
        (await fetch(`${instance.baseUrl}/readyz`)).status === 200 ? true : undefined
      );
  });

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.close()));
    await api.stop();
    await stopOwnRedis();
  });

  const answered = () =>
    instances.flatMap((i) => i.logs).filter((l) => l.event === 'message.answered').length;

  it('a push retried to the other instance is answered once, with the same reply', async () => {
    const [a, b] = instances.map((i) => new WeChatPusher(i.baseUrl, TOKEN, APP_ID, AES_KEY));
    const push = a!.textPush('oSharedUser1', '公务护照怎么办理？');
    const before = answered();
    const first = await a!.push(push, 'safe');
    const retry = await b!.push(push, 'safe');
    expect(first.reply?.Content).toContain('0758-2828903');
    expect(retry.reply?.Content).toBe(first.reply?.Content);
    expect(answered()).toBe(before + 1);
  });

  it('the access_token is fetched once for both instances', async () => {
    for (const storage of slow) storage.delayMs = 600;
    const before = api.tokenRequests;
    const users = ['oSharedUser2', 'oSharedUser3'];
    await Promise.all(
      instances.map((instance, i) => {
        const pusher = new WeChatPusher(instance.baseUrl, TOKEN, APP_ID, AES_KEY);
        return pusher.push(pusher.textPush(users[i]!, '护照'), 'plain');
      })
    );
    await eventually(() => (users.every((u) => api.sent.some((m) => m.touser === u)) ? true : undefined));
    expect(api.tokenRequests).toBe(before + 1);
  });
});
