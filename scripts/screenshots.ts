/**
 * `npm run docs:screenshots`: the README's screenshots, from the real knowledge base in Debian's
 * Chromium (playwright-core; no browser download). Starts the app on a loopback port and holds a short
 * real chat in each language (a greeting, a question, "a real person"), then writes
 * docs/screenshot-chat-en.png, -zh-Hans.png and -zh-Hant.png.
 */
import path from 'node:path';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { openBrowser } from '../test/helpers/browser';

const ROOT = path.resolve(__dirname, '..');
const WAIT = { timeout: 20_000 };

/** What is typed, and a piece of the reply to wait for. */
type Turn = [said: string, reply: string];

const CHATS: Record<'en' | 'zh-Hans' | 'zh-Hant', Turn[]> = {
  en: [
    ['Hello', 'How can I help you?'],
    ['How do I apply for a service passport?', 'Service Passport'],
    ['Can I talk to a real person?', 'cannot pass you to a person']
  ],
  'zh-Hans': [
    ['你好', '请问有什么可以帮您'],
    ['公务护照怎么办理？', '来源：'],
    ['转人工', '无法在对话中为您转接人工']
  ],
  'zh-Hant': [
    ['哈囉', '請問有甚麼可以幫您'],
    ['因公往來港澳通行證點樣辦？', '來源：'],
    ['我要投訴', '如需對本辦工作提出投訴或意見']
  ]
};

async function chat(page: Page, baseUrl: string, lang: keyof typeof CHATS): Promise<void> {
  await page.goto(`${baseUrl}/?lang=${lang}`);
  await page.locator('.webchat__suggested-actions button').first().waitFor(WAIT);
  const input = page.locator('[data-id="webchat-sendbox-input"]');
  for (const [said, reply] of CHATS[lang]) {
    await input.fill(said);
    await input.press('Enter');
    // The bot's reply (not the user's own bubble).
    await page
      .locator('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content', {
        hasText: reply
      })
      .last()
      .waitFor(WAIT);
  }
  await page
    .locator('.webchat__activity-status--sending')
    .first()
    .waitFor({ state: 'detached', ...WAIT });
  // The last reply's buttons are shown, and the transcript has scrolled to them.
  await page.locator('.webchat__suggested-actions button').last().waitFor(WAIT);
  await page.locator('.webchat__suggested-actions button').last().scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ROOT, 'docs', `screenshot-chat-${lang}.png`) });
}

async function main(): Promise<void> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'),
    KNOWLEDGE_WATCH: 'false'
  });
  const app = createApp(config, pino({ level: 'silent' }));
  const port = await app.listen();
  // The browser tests' launcher: Debian's Chromium, no downloads, closed-network flags.
  const browser = await openBrowser();
  try {
    const { page } = browser;
    const baseUrl = `http://127.0.0.1:${port}`;
    await page.setViewportSize({ width: 1000, height: 1500 });
    for (const lang of Object.keys(CHATS) as (keyof typeof CHATS)[]) await chat(page, baseUrl, lang);
  } finally {
    await browser.close();
    await app.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  }
);
