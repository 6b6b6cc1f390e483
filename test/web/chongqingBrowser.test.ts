/**
 * The Chongqing example served to real Chromium: a second office, with no published contact details,
 * through the same page, Web Chat and local Direct Line as the default one.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import {
  ARTIFACTS,
  describeWithBrowser,
  openBrowser,
  requestedOrigins,
  type BrowserSession
} from '../helpers/browser';
import { startApp, type RunningApp } from '../helpers/server';

jest.setTimeout(120_000);

const WAIT = { timeout: 20_000 };
const CHONGQING = path.resolve(__dirname, '..', '..', 'examples', 'chongqing');

function bubble(page: Page, text: string | RegExp) {
  return page.locator('.webchat__bubble__content', { hasText: text }).last();
}

async function ask(page: Page, text: string): Promise<void> {
  const input = page.locator('[data-id="webchat-sendbox-input"]');
  await input.fill(text);
  await input.press('Enter');
}

describeWithBrowser('the Chongqing example in Chromium', () => {
  let running: RunningApp;
  let browser: BrowserSession;

  beforeAll(async () => {
    running = await startApp({ KNOWLEDGE_DIR: CHONGQING });
    browser = await openBrowser({ locale: 'zh-CN' });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('welcomes as the Chongqing office, answers its responsibilities and says contact details are not published', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?lang=zh-Hans`);
    await expect(page.locator('.site-header .office').innerText()).resolves.toBe('重庆市外事办公室');
    await expect(page.locator('.site-footer').innerText()).resolves.toContain('此处未公布本办的地址和电话。');
    await bubble(page, '您好！我是重庆市外事办公室的自动问答助手').waitFor(WAIT);

    await ask(page, '外国记者想在重庆采访，找谁安排');
    await bubble(page, '为外国常驻记者和外国新闻机构驻渝常设机构提供服务').waitFor(WAIT);

    await page.locator('.webchat__suggested-actions button', { hasText: '👎' }).first().click();
    await bubble(page, '此处未公布本办的地址和电话。').waitFor(WAIT);

    await page.goto(`${running.baseUrl}/?lang=en`);
    await bubble(page, 'Hello! I am the automated assistant of the Chongqing Foreign Affairs Office').waitFor(
      WAIT
    );
    await ask(page, 'Which consulates general are in the city?');
    await bubble(page, 'consulates general in Chongqing').waitFor(WAIT);
    await ask(page, 'What is your phone number?');
    await bubble(page, 'does not publish an address, telephone or fax number').waitFor(WAIT);
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-chongqing-en.png') });

    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/call the office|Zhaoqing|0758/);
    expect(requestedOrigins(browser.requests)).toEqual([running.baseUrl]);
    expect(browser.errors).toEqual([]);
  });
});
