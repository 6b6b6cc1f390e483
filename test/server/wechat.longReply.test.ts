/**
 * A reply longer than WeChat's 2048-byte limit for one message, over the real route: the first part
 * goes back passively in the HTTP response, the rest through the customer-service API, each part under
 * the limit and nothing lost or reordered. The answer is test data in a copy of the fixture knowledge.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually, FakeWeChatApi, WeChatPusher } from '../helpers/fakeWeChat';
import { FIXTURE_KNOWLEDGE, startApp, type RunningApp } from '../helpers/server';

const TOKEN = 'faoWeChatToken2026';
const APP_ID = 'wx3f2c1d0e9b8a7c6d';
const SECRET = 'app-secret-for-tests';
const AES_KEY = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR';
const QUESTION = '分段测试长答案';
const PARAGRAPHS = Array.from(
  { length: 10 },
  (_, i) => `第${i + 1}段。${'这是一段专门用于测试分段发送的说明文字。'.repeat(6)}`
);

function knowledgeWithLongAnswer(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fao-wechat-long-'));
  cpSync(FIXTURE_KNOWLEDGE, dir, { recursive: true });
  const answer = PARAGRAPHS.map((p) => `        ${p}`).join('\n\n');
  appendFileSync(
    path.join(dir, 'passports.yaml'),
    [
      '',
      '  - id: long-answer-test',
      '    topic: passports',
      '    questions:',
      '      en: [split long answer test]',
      `      zh-Hans: [${QUESTION}]`,
      '    answer:',
      '      en: A short answer.',
      '      zh-Hans: |-',
      answer,
      '    source: Test data',
      '    reviewed: 2026-11-20',
      ''
    ].join('\n')
  );
  return dir;
}

describe('a WeChat reply longer than one message', () => {
  let api: FakeWeChatApi;
  let running: RunningApp;
  let wechat: WeChatPusher;
  let knowledgeDir: string;

  beforeAll(async () => {
    knowledgeDir = knowledgeWithLongAnswer();
    api = new FakeWeChatApi(APP_ID, SECRET);
    await api.start();
    running = await startApp({
      KNOWLEDGE_DIR: knowledgeDir,
      WECHAT_TOKEN: TOKEN,
      WECHAT_APP_ID: APP_ID,
      WECHAT_APP_SECRET: SECRET,
      WECHAT_ENCODING_AES_KEY: AES_KEY,
      WECHAT_API_BASE_URL: api.baseUrl,
      RATE_LIMIT_PER_SECOND: '0'
    });
    wechat = new WeChatPusher(running.baseUrl, TOKEN, APP_ID, AES_KEY);
  });

  afterAll(async () => {
    await running.close();
    await api.stop();
    rmSync(knowledgeDir, { recursive: true, force: true });
  });

  it('sends the first part passively and the rest through the API, each under 2048 bytes, nothing lost', async () => {
    const openId = 'oFAOlongReplyUser';
    const result = await wechat.push(wechat.textPush(openId, QUESTION), 'safe');
    // verifyReply (fakeWeChat.ts) has already checked signature, decryption and the 2048-byte limit.
    const passive = result.reply?.Content ?? '';
    expect(passive).toContain(PARAGRAPHS[0]);
    expect(passive).not.toContain(PARAGRAPHS.at(-1));
    // The rest arrives through the customer-service API (the fake refuses anything over 2048 bytes).
    const rest = await eventually(
      () => {
        const sent = api.sent.filter((m) => m.touser === openId).map((m) => m.content);
        return sent.some((c) => c.includes(PARAGRAPHS.at(-1)!)) ? sent : undefined;
      },
      5000,
      'the rest of the reply through the API'
    );
    for (const part of [passive, ...rest]) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(2048);
    const whole = [passive, ...rest].join('\n\n');
    const positions = PARAGRAPHS.map((p) => whole.indexOf(p));
    expect(positions.every((at) => at >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(running.logs.filter((l) => l.event === 'wechat.send_failed')).toEqual([]);
  });
});
