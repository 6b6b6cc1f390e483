/**
 * Conversations in English, Simplified and Traditional Chinese over the WeChat route, with the
 * shipped knowledge: the real server, the real bot, a fake WeChat signing and encrypting (safe mode).
 */
import path from 'node:path';
import zhHans from '../../locales/zh-Hans.json';
import { FakeWeChatApi, WeChatPusher } from '../helpers/fakeWeChat';
import { startApp, type RunningApp } from '../helpers/server';

const TOKEN = 'conversationToken';
const APP_ID = 'wx00aa11bb22cc33dd';
const AES_KEY = 'Q2hpbmVzZUZvcmVpZ25BZmZhaXJzT2ZmaWNlWmhhb3E';

describe('a WeChat conversation', () => {
  let api: FakeWeChatApi;
  let running: RunningApp;
  let wechat: WeChatPusher;

  beforeAll(async () => {
    api = new FakeWeChatApi(APP_ID, 'secret');
    await api.start();
    running = await startApp({
      KNOWLEDGE_DIR: path.resolve(__dirname, '../../knowledge'),
      WECHAT_TOKEN: TOKEN,
      WECHAT_APP_ID: APP_ID,
      WECHAT_APP_SECRET: 'secret',
      WECHAT_ENCODING_AES_KEY: AES_KEY,
      WECHAT_API_BASE_URL: api.baseUrl,
      RATE_LIMIT_PER_SECOND: '0'
    });
    wechat = new WeChatPusher(running.baseUrl, TOKEN, APP_ID, AES_KEY);
  });

  afterAll(async () => {
    await running.close();
    await api.stop();
  });

  /** The user's side: what they type, and the one message they see back. */
  function user(openId: string) {
    return {
      follows: async () => (await wechat.push(wechat.eventPush(openId, 'subscribe'), 'safe')).reply!.Content!,
      clicks: async (key: string) =>
        (await wechat.push(wechat.eventPush(openId, 'CLICK', { EventKey: key }), 'safe')).reply!.Content!,
      says: async (text: string) => (await wechat.push(wechat.textPush(openId, text), 'safe')).reply!.Content!
    };
  }

  /** The number in front of an option in a numbered list. */
  function numberOf(reply: string, title: string | RegExp): string {
    const line = reply
      .split('\n')
      .find((l) => /^\d+\. /.test(l) && (typeof title === 'string' ? l.includes(title) : title.test(l)));
    if (!line) throw new Error(`no option ${title} in:\n${reply}`);
    return line.split('.')[0]!;
  }

  it('in English', async () => {
    const visitor = user('oEnglishVisitor');
    const welcome = await visitor.follows();
    expect(welcome).toContain('肇庆市外事办公室'); // WeChat's default: Simplified Chinese
    const switched = await visitor.says(numberOf(welcome, 'English'));
    expect(switched).toMatch(/English/);
    expect(switched).toContain('Contact us');

    const answer = await visitor.says('How do I apply for a service passport?');
    expect(answer).toContain('Service Passport');
    expect(answer).toMatch(/Source: .+ · Last reviewed: \d{4}-\d{2}-\d{2}/);
    expect(answer).toContain('Reply with a number.');

    const followUp = await visitor.says(numberOf(answer, /Passport for Public Affairs/));
    expect(followUp).toContain('Passport for Public Affairs');

    const contact = await visitor.clicks('contact');
    expect(contact).toContain('Foreign Affairs Office of Zhaoqing Municipality');
    expect(contact).toContain('0758-2828903');
    expect(contact).toContain('0758-2837849');
  });

  it('in Simplified Chinese', async () => {
    const visitor = user('oSimplifiedVisitor');
    const welcome = await visitor.follows();
    const topic = await visitor.says(numberOf(welcome, '护照'));
    expect(topic).toContain('请回复序号');
    const answer = await visitor.says(
      topic
        .split('\n')
        .find((l) => /^1\. /.test(l))!
        .slice(3)
    );
    expect(answer).toMatch(/来源：.+ · 最近审核：/);
    const thanks = await visitor.says(numberOf(answer, '👍'));
    expect(thanks).toBe(zhHans.feedback.thanks);
    const restarted = await visitor.says('重新开始');
    expect(restarted).toContain(zhHans.commands.restarted);
    expect(restarted).toMatch(/\d\. 联系我们/);
  });

  it('in Traditional Chinese', async () => {
    const visitor = user('oTraditionalVisitor');
    await visitor.follows();
    const answer = await visitor.says('公務護照怎麼辦理？');
    expect(answer).toContain('護照簽證科');
    expect(answer).toContain('請回覆序號');
    // A menu click carries no text: the conversation's Traditional Chinese is kept.
    const contact = await visitor.clicks('contact');
    expect(contact).toContain('肇慶市外事辦公室');
    expect(contact).toContain('0758-2837849');
    const english = await visitor.clicks('language:en');
    expect(english).toContain('Contact us');
  });
});
