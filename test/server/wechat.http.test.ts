/**
 * /api/wechat against the real server on a loopback port, driven by a fake WeChat (test/helpers/
 * fakeWeChat.ts) that signs and encrypts pushes on its own and serves the API the server calls back.
 */
import { eventually, FakeWeChatApi, WeChatPusher, type PushMode } from '../helpers/fakeWeChat';
import { startApp, type RunningApp } from '../helpers/server';
import { SlowStorage } from '../helpers/slowStorage';

const TOKEN = 'faoWeChatToken2026';
const APP_ID = 'wx3f2c1d0e9b8a7c6d';
const SECRET = 'app-secret-for-tests';
const AES_KEY = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR';

describe('WeChat route', () => {
  let api: FakeWeChatApi;
  let running: RunningApp;
  let wechat: WeChatPusher;
  const storage = new SlowStorage();
  let user = 0;
  const nextUser = () => `oFAOtestUser${++user}`;

  beforeAll(async () => {
    api = new FakeWeChatApi(APP_ID, SECRET);
    await api.start();
    running = await startApp(
      {
        WECHAT_TOKEN: TOKEN,
        WECHAT_APP_ID: APP_ID,
        WECHAT_APP_SECRET: SECRET,
        WECHAT_ENCODING_AES_KEY: AES_KEY,
        WECHAT_API_BASE_URL: api.baseUrl,
        // Short passive window so the slow-turn test takes a fraction of a second, not 5.
        WECHAT_PASSIVE_REPLY_MS: '300',
        RATE_LIMIT_PER_SECOND: '0'
      },
      { storage }
    );
    wechat = new WeChatPusher(running.baseUrl, TOKEN, APP_ID, AES_KEY);
  });

  afterAll(async () => {
    await running.close();
    await api.stop();
  });

  afterEach(() => {
    storage.delayMs = 0;
    storage.failReads = false;
  });

  const events = (name: string) => running.logs.filter((l) => l.event === name);

  describe('server verification (GET)', () => {
    it('echoes echostr when the signature matches', async () => {
      expect(await wechat.handshake('5837397520765386')).toEqual({ status: 200, text: '5837397520765386' });
    });

    it('refuses another token, an old timestamp and a missing echostr', async () => {
      expect((await wechat.handshake('x', { token: 'someoneElse' })).status).toBe(401);
      expect((await wechat.handshake('x', { timestamp: Math.floor(Date.now() / 1000) - 301 })).status).toBe(
        401
      );
      expect((await wechat.handshake('')).status).toBe(400);
      const unsigned = await fetch(`${running.baseUrl}/api/wechat?echostr=abc`);
      expect(unsigned.status).toBe(401);
      expect(await unsigned.text()).not.toContain('abc');
    });
  });

  describe.each<PushMode>(['plain', 'compatible', 'safe'])('%s mode', (mode) => {
    it('answers a question passively, in time, signed and addressed back', async () => {
      const started = Date.now();
      const result = await wechat.push(wechat.textPush(nextUser(), '公务护照怎么办理？'), mode);
      expect(result.status).toBe(200);
      expect(result.reply?.Content).toContain('0758-2828903');
      expect(result.reply?.Content).toMatch(/1\. .+\n2\. .+/); // options as a numbered list
      expect(result.reply?.Content).not.toMatch(/\*\*|\]\(/); // no Markdown
      expect(Date.now() - started).toBeLessThan(3000);
      if (mode !== 'plain') expect(result.text).toMatch(/^<xml><Encrypt>/);
    });

    it('welcomes a new follower with the menu as a numbered list', async () => {
      const result = await wechat.push(wechat.eventPush(nextUser(), 'subscribe'), mode);
      expect(result.reply?.Content).toContain('肇庆市外事办公室');
      expect(result.reply?.Content).toMatch(/\d\. 联系我们/);
    });
  });

  it('numbers pick options, as on SMS', async () => {
    const openId = nextUser();
    const welcome = await wechat.push(wechat.eventPush(openId, 'subscribe'), 'safe');
    const contactLine = welcome.reply!.Content!.split('\n').find((line) => line.includes('联系我们'))!;
    const number = contactLine.split('.')[0]!;
    const contact = await wechat.push(wechat.textPush(openId, number), 'safe');
    expect(contact.reply?.Content).toContain('0758-2828903');
    expect(contact.reply?.Content).toContain('0758-2837849');
  });

  it('a menu click is a button press', async () => {
    const result = await wechat.push(wechat.eventPush(nextUser(), 'CLICK', { EventKey: 'contact' }), 'plain');
    expect(result.reply?.Content).toContain('0758-2828903');
  });

  it('pictures, stickers, locations and links get "please type your question"; recognised voice is text', async () => {
    const openId = nextUser();
    const media: Record<string, string | number>[] = [
      { MsgType: 'image', PicUrl: 'http://mmbiz.qpic.cn/x.jpg', MediaId: 'm1' },
      { MsgType: 'location', Location_X: '23.04', Location_Y: '112.46', Scale: '15', Label: '肇庆' },
      { MsgType: 'link', Title: 't', Description: 'd', Url: 'https://example.com' }
    ];
    for (const extra of media) {
      const push = { ...wechat.textPush(openId, ''), ...extra };
      delete push.Content;
      const result = await wechat.push(push, 'plain');
      expect(result.reply?.Content).toContain('请直接输入您的问题');
    }
    const voice: Record<string, string | number> = {
      ...wechat.textPush(openId, ''),
      MsgType: 'voice',
      MediaId: 'v',
      Format: 'amr',
      Recognition: '公务护照怎么办理'
    };
    delete voice.Content;
    expect((await wechat.push(voice, 'plain')).reply?.Content).toContain('0758-2828903');
  });

  it('a failing turn is answered with the apology and the phone numbers, like on every channel', async () => {
    storage.failReads = true;
    const result = await wechat.push(wechat.textPush(nextUser(), '护照'), 'safe');
    expect(result.reply?.Content).toContain('0758-2828903');
    expect(events('turn.error').length).toBeGreaterThan(0);
  });

  it('events nobody waits for get "success" and run no turn', async () => {
    const answered = events('message.answered').length;
    for (const event of ['unsubscribe', 'LOCATION', 'VIEW']) {
      const result = await wechat.push(
        wechat.eventPush(nextUser(), event, { EventKey: 'https://x' }),
        'safe'
      );
      expect(result).toMatchObject({ status: 200, text: 'success' });
    }
    expect(events('message.answered').length).toBe(answered);
  });

  describe('refused pushes', () => {
    const question = () => wechat.textPush(nextUser(), 'secret question 13800138000');

    it.each<[string, PushMode, Parameters<WeChatPusher['push']>[2], number, string]>([
      ['another token', 'plain', { token: 'notOurToken' }, 401, 'badSignature'],
      [
        'an old timestamp',
        'plain',
        { timestamp: Math.floor(Date.now() / 1000) - 600 },
        401,
        'staleTimestamp'
      ],
      ['a tampered msg_signature', 'safe', { badMsgSignature: true }, 401, 'badMsgSignature'],
      ['another app id', 'safe', { appId: 'wx0000000000000000' }, 401, 'decrypt.appId']
    ])('%s: 401, logged without the body', async (_name, mode, options, status, reason) => {
      const before = events('wechat.rejected').length;
      const result = await wechat.push(question(), mode, options);
      expect(result.status).toBe(status);
      const logged = events('wechat.rejected').slice(before);
      expect(logged).toEqual([expect.objectContaining({ reason, status })]);
      expect(JSON.stringify(running.logs)).not.toContain('secret question');
      expect(JSON.stringify(running.logs)).not.toContain('13800138000');
    });

    it.each([
      ['malformed XML', '<xml><ToUserName>gh</ToUserName><Content>', /Malformed XML.*never closed/],
      [
        'an entity declaration',
        '<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Content>&e;</Content></xml>',
        /DOCTYPE/
      ],
      ['JSON', '{"ToUserName":"gh"}', /Malformed XML/],
      ['an empty body', '', /empty/],
      ['XML without sender', '<xml><MsgType>text</MsgType></xml>', /FromUserName/]
    ])('%s: a clear 400', async (_name, rawBody, message) => {
      const result = await wechat.push(question(), 'plain', { rawBody });
      expect(result.status).toBe(400);
      expect(result.text).toMatch(message);
    });

    it('a body far larger than any push: 413', async () => {
      const result = await wechat.push(question(), 'plain', {
        rawBody: `<xml><Content>${'x'.repeat(100_000)}</Content></xml>`
      });
      expect(result.status).toBe(413);
    });

    it('the server is still answering', async () => {
      expect((await wechat.push(wechat.textPush(nextUser(), '护照'), 'safe')).status).toBe(200);
    });
  });

  describe('duplicates (WeChat retries a push it got no answer to)', () => {
    it('a retried message runs one turn and gets the same answer', async () => {
      const push = wechat.textPush(nextUser(), 'How do I apply for a service passport?');
      const before = events('message.answered').length;
      const first = await wechat.push(push, 'safe');
      const retries = [await wechat.push(push, 'safe'), await wechat.push(push, 'plain')];
      expect(first.reply?.Content).toContain('0758-2828903');
      for (const retry of retries) expect(retry.reply?.Content).toBe(first.reply?.Content);
      expect(events('message.answered').length).toBe(before + 1);
      expect(events('wechat.duplicate').length).toBeGreaterThanOrEqual(2);
    });

    it('retries arriving while the first is still running wait for its answer', async () => {
      const push = wechat.textPush(nextUser(), '护照签证科的电话是多少？');
      const before = running.logs.filter((l) => String(l.event).startsWith('message.')).length;
      storage.delayMs = 100;
      const results = await Promise.all([
        wechat.push(push, 'plain'),
        wechat.push(push, 'plain'),
        wechat.push(push, 'plain')
      ]);
      const contents = results.map((r) => r.reply?.Content);
      expect(contents[0]).toBeDefined();
      expect(new Set(contents).size).toBe(1);
      expect(running.logs.filter((l) => String(l.event).startsWith('message.')).length).toBe(before + 1);
    });

    it('a repeated follow event is welcomed once', async () => {
      const push = wechat.eventPush(nextUser(), 'subscribe');
      const sentBefore = api.sent.length;
      const [a, b] = [await wechat.push(push, 'plain'), await wechat.push(push, 'plain')];
      expect(a.reply?.Content).toBe(b.reply?.Content);
      expect(api.sent.length).toBe(sentBefore);
    });
  });

  describe('the 5-second rule', () => {
    it('a slow turn answers "success" at once and replies through the customer-service API', async () => {
      const openId = nextUser();
      storage.delayMs = 800; // beyond the 300 ms window the test configured
      const started = Date.now();
      const result = await wechat.push(wechat.textPush(openId, '公务护照怎么办理？'), 'safe');
      expect(result).toMatchObject({ status: 200, text: 'success' });
      expect(Date.now() - started).toBeLessThan(800);
      const sent = await eventually(
        () => api.sent.find((m) => m.touser === openId),
        5000,
        'customer-service message'
      );
      expect(sent.content).toContain('0758-2828903');
      expect(events('wechat.late_reply').length).toBeGreaterThan(0);
    });

    it('an expired access_token is replaced once and the message still arrives', async () => {
      const openId = nextUser();
      const tokensBefore = api.tokenRequests;
      api.failNext(42001);
      storage.delayMs = 600;
      expect((await wechat.push(wechat.textPush(openId, '护照'), 'plain')).text).toBe('success');
      await eventually(() => api.sent.find((m) => m.touser === openId), 5000, 'message after token refresh');
      expect(api.tokenRequests).toBe(tokensBefore + 1);
    });

    it('"system busy" is retried', async () => {
      const openId = nextUser();
      api.failNext(-1);
      storage.delayMs = 600;
      expect((await wechat.push(wechat.textPush(openId, 'passport'), 'plain')).text).toBe('success');
      await eventually(() => api.sent.find((m) => m.touser === openId), 5000, 'message after system busy');
    });

    it('a message that cannot be sent is logged, not retried forever, and nothing crashes', async () => {
      const openId = nextUser();
      api.failNext(45015); // "user inactive": nothing to retry
      storage.delayMs = 600;
      const before = events('wechat.send_failed').length;
      expect((await wechat.push(wechat.textPush(openId, 'passport'), 'plain')).text).toBe('success');
      await eventually(
        () => (events('wechat.send_failed').length > before ? true : undefined),
        5000,
        'send_failed log'
      );
      expect(events('wechat.send_failed').at(-1)).toMatchObject({ errcode: 45015 });
      expect(JSON.stringify(events('wechat.send_failed'))).not.toContain(openId);
    });

    it('the token is fetched once and reused while it is valid', async () => {
      const tokensBefore = api.tokenRequests;
      storage.delayMs = 600;
      const users = [nextUser(), nextUser()];
      for (const openId of users) await wechat.push(wechat.textPush(openId, '护照'), 'plain');
      await eventually(() => (users.every((u) => api.sent.some((m) => m.touser === u)) ? true : undefined));
      expect(api.tokenRequests).toBe(tokensBefore);
    });
  });
});

describe('without WeChat settings', () => {
  it('has no /api/wechat route', async () => {
    const running = await startApp();
    try {
      const response = await fetch(`${running.baseUrl}/api/wechat?signature=x&timestamp=1&nonce=1&echostr=1`);
      expect(response.status).toBe(404);
    } finally {
      await running.close();
    }
  });
});
