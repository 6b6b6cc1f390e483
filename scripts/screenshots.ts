/**
 * `npm run docs:screenshots`: the README's screenshots, from the real knowledge base in Debian's
 * Chromium (playwright-core; no browser download). Starts the app on a loopback port, chats in
 * English and in Simplified Chinese, and writes docs/screenshot-chat-en.png and -zh-Hans.png.
 */
import path from 'node:path';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { openBrowser } from '../test/helpers/browser';

const ROOT = path.resolve(__dirname, '..');
const WAIT = { timeout: 20_000 };

async function chat(
  page: Page,
  baseUrl: string,
  lang: string,
  topic: string,
  question: string,
  answer: string
): Promise<void> {
  await page.goto(`${baseUrl}/?lang=${lang}`);
  await page.locator('.webchat__suggested-actions button', { hasText: topic }).first().waitFor(WAIT);
  const input = page.locator('[data-id="webchat-sendbox-input"]');
  await input.fill(question);
  await input.press('Enter');
  // The bot's answer (not the user's own bubble), with its provenance line.
  await page
    .locator('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content', {
      hasText: answer
    })
    .last()
    .waitFor(WAIT);
  await page
    .locator('.webchat__activity-status--sending')
    .first()
    .waitFor({ state: 'detached', ...WAIT });
  await page.waitForTimeout(500); // let the suggested actions settle
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
    await chat(
      page,
      baseUrl,
      'en',
      'Passports',
      'How do I apply for a service passport?',
      'Service Passport'
    );
    await chat(page, baseUrl, 'zh-Hans', '护照', '公务护照怎么办理？', '来源：');
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
