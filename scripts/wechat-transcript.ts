/**
 * `npx tsx scripts/wechat-transcript.ts`: the README's sample WeChat chat, produced by really running
 * it. Starts the app with the shipped knowledge on a loopback port, with WeChat settings pointing at
 * the fake WeChat of the tests (test/helpers/fakeWeChat.ts), which signs and encrypts each push in
 * safe mode and verifies and decrypts each reply; prints the chat as Markdown.
 */
import path from 'node:path';
import pino from 'pino';
import { createApp } from '../src/app';
import { parse } from '../src/cli/args';
import { loadConfig } from '../src/config';
import { FakeWeChatApi, WeChatPusher } from '../test/helpers/fakeWeChat';

const TOKEN = 'transcriptToken';
const APP_ID = 'wx0123456789abcdef';
const AES_KEY = 'VHJhbnNjcmlwdEtleUZvclRoZVdlQ2hhdENoYW5uZWw';

async function main(): Promise<void> {
  const api = new FakeWeChatApi(APP_ID, 'secret');
  await api.start();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    KNOWLEDGE_DIR: path.resolve(__dirname, '../knowledge'),
    KNOWLEDGE_WATCH: 'false',
    WECHAT_TOKEN: TOKEN,
    WECHAT_APP_ID: APP_ID,
    WECHAT_APP_SECRET: 'secret',
    WECHAT_ENCODING_AES_KEY: AES_KEY,
    WECHAT_API_BASE_URL: api.baseUrl
  });
  const app = createApp(config, pino({ level: 'silent' }));
  const port = await app.listen();
  const wechat = new WeChatPusher(`http://127.0.0.1:${port}`, TOKEN, APP_ID, AES_KEY);
  const openId = 'oTranscriptUser';
  const lines: string[] = [];
  const turn = async (user: string, fields: Record<string, string | number>) => {
    const started = performance.now();
    const result = await wechat.push(fields, 'safe');
    const ms = Math.round(performance.now() - started);
    const reply = result.reply?.Content ?? `(HTTP ${result.status}: ${result.text})`;
    lines.push(
      `${user}\nAssistant (passive reply, ${ms} ms):\n${reply.replace(/^/gm, '  ').replace(/^ +$/gm, '')}\n`
    );
  };
  await turn('[User follows the account]', wechat.eventPush(openId, 'subscribe'));
  const { positionals } = parse(process.argv.slice(2), {});
  for (const text of positionals.length > 0
    ? positionals
    : ['公务护照怎么办理？', '1', 'English', 'Who do I talk to about a donation from overseas?']) {
    await turn(`User: ${text}`, wechat.textPush(openId, text));
  }
  await turn('[User taps the menu: 联系我们]', wechat.eventPush(openId, 'CLICK', { EventKey: 'contact' }));
  await turn('[User sends a photo]', {
    ...wechat.textPush(openId, ''),
    MsgType: 'image',
    PicUrl: 'http://mmbiz.qpic.cn/x',
    MediaId: 'm'
  });
  process.stdout.write(lines.join('\n'));
  await app.close();
  await api.stop();
}

void main();
