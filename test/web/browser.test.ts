/**
 * The website chat in real Chromium: Web Chat from our own server talking to our own Direct Line
 * endpoint, in Chinese and English, and embedded in another site through /embed.js. Every request
 * must go to our own origins: the office network may be closed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
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

type Scope = Page | FrameLocator;

function bubble(scope: Scope, text: string | RegExp) {
  return scope.locator('.webchat__bubble__content', { hasText: text }).last();
}

async function ask(scope: Scope, text: string): Promise<void> {
  const input = scope.locator('[data-id="webchat-sendbox-input"]');
  await input.fill(text);
  await input.press('Enter');
}

/** Clicks the suggested action with this title and returns it. */
async function clickSuggestion(scope: Scope, title: string | RegExp): Promise<string> {
  const button = scope.locator('.webchat__suggested-actions button', { hasText: title }).first();
  await button.waitFor(WAIT);
  const text = (await button.innerText()).trim();
  await button.click();
  return text;
}

/**
 * Web Chat matches the server's echo to what it sent by `channelData.clientActivityID`: without it
 * the message stays "Sending…" (later "Send failed") and shows twice once the echo arrives.
 */
async function expectDelivered(page: Page, text: string): Promise<void> {
  // A locator wait, not waitForFunction: the page's CSP (rightly) forbids the eval that a string predicate needs.
  await page
    .locator('.webchat__activity-status--sending')
    .first()
    .waitFor({ state: 'detached', ...WAIT });
  expect(await page.locator('.webchat__bubble--from-user', { hasText: text }).count()).toBe(1);
  expect(await page.locator('body').innerText()).not.toMatch(/Send failed|发送失败|傳送失敗|無法傳送/);
}

describeWithBrowser('chat page in Chromium', () => {
  let running: RunningApp;
  let browser: BrowserSession;

  beforeAll(async () => {
    running = await startApp();
    browser = await openBrowser({ locale: 'zh-CN' });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('welcomes, answers a suggestion and a Chinese question, then restarts in English', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/`);
    // No ?lang: the browser's language (zh-CN) decides.
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-Hans');
    await expect(page.locator('.notice').innerText()).resolves.toMatch(/自动应答助手.*护照号、身份证号/);
    await bubble(page, '您好！我是肇庆市外事办公室的自动问答助手').waitFor(WAIT);

    // A topic button from the welcome lists that topic's questions; choosing one answers it.
    const topic = await clickSuggestion(page, '护照');
    await page.locator('.webchat__bubble--from-user', { hasText: topic }).first().waitFor(WAIT);
    const chosen = await clickSuggestion(page, '因公普通护照');
    await page.locator('.webchat__bubble--from-user', { hasText: chosen }).first().waitFor(WAIT);
    await bubble(page, '来源：').waitFor(WAIT);

    await ask(page, '公务护照怎么办理？');
    await bubble(page, '公务护照由肇庆市外事办公室颁发').waitFor(WAIT);
    await expectDelivered(page, '公务护照怎么办理？');
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-zh-Hans-flow.png') });

    // The menu's language button switches this conversation to English and confirms in English.
    await ask(page, '菜单');
    await clickSuggestion(page, 'English');
    await bubble(page, 'I will answer in English from now on').waitFor(WAIT);
    await ask(page, 'How do I apply for a service passport?');
    await bubble(page, 'The Service Passport is issued by').waitFor(WAIT);
    await expectDelivered(page, 'How do I apply for a service passport?');

    // The page's language switch restarts the chat in English.
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await bubble(page, 'Hello! I am the automated assistant of the Foreign Affairs Office').waitFor(WAIT);
    await ask(page, 'How do I apply for a service passport?');
    await bubble(page, 'The Service Passport is issued by').waitFor(WAIT);
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-en.png') });

    await page.goto(`${running.baseUrl}/?lang=zh-Hant`);
    await bubble(page, '您好！我是肇慶市外事辦公室的自動問答助手').waitFor(WAIT);
    await ask(page, '公務護照怎麼辦理？');
    await bubble(page, '公務護照由肇慶市外事辦公室頒發').waitFor(WAIT);
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-zh-Hant.png') });

    // A fresh Simplified Chinese chat, for the README's screenshot.
    await page.goto(`${running.baseUrl}/?lang=zh-Hans`);
    await bubble(page, '您好！').waitFor(WAIT);
    await ask(page, '公务护照怎么办理？');
    await bubble(page, '公务护照由肇庆市外事办公室颁发').waitFor(WAIT);
    await expectDelivered(page, '公务护照怎么办理？');
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-zh-Hans.png') });

    expect(requestedOrigins(browser.requests)).toEqual([running.baseUrl]);
    expect(browser.requests.some((u) => u.includes('/v3/directline/conversations/'))).toBe(true);
    expect(browser.errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  });

  it('is usable from the keyboard: the language links and the send box take focus', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?lang=en`);
    await bubble(page, 'Hello!').waitFor(WAIT);
    await page.keyboard.press('Tab'); // skip link first
    expect(await page.evaluate('document.activeElement.className')).toBe('skip-link');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('English');
    await page.locator('[data-id="webchat-sendbox-input"]').focus();
    await page.keyboard.type('service passport');
    await page.keyboard.press('Enter');
    await bubble(page, 'The Service Passport is issued by').waitFor(WAIT);
  });
});

describeWithBrowser('embedding with /embed.js in Chromium', () => {
  let host: Server;
  let hostUrl: string;
  let running: RunningApp;
  let browser: BrowserSession;

  beforeAll(async () => {
    // Another site (another origin) that embeds the chat with the two-line snippet.
    host = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><title>Host site</title></head><body>
<h1>Zhaoqing city portal</h1><p>Some page of the office's website.</p>
<script src="${running.baseUrl}/embed.js" data-lang="en" data-position="right" data-title="Ask the FAO" async></script>
</body></html>`);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    running = await startApp({ ALLOWED_ORIGINS: hostUrl });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await new Promise((resolve) => host?.close(resolve));
  });

  it('adds a chat button that opens a working chat, and Escape closes it', async () => {
    const { page } = browser;
    await page.goto(hostUrl);
    const launcher = page.locator('#fao-assistant-embed button.launcher');
    await expect(launcher.innerText()).resolves.toBe('Ask the FAO');
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    await launcher.click();
    expect(await launcher.getAttribute('aria-expanded')).toBe('true');

    const frame = page.frameLocator('#fao-assistant-embed iframe');
    await bubble(frame, 'Hello! I am the automated assistant').waitFor(WAIT);
    await ask(frame, 'How do I apply for a service passport?');
    await bubble(frame, 'The Service Passport is issued by').waitFor(WAIT);
    await page.screenshot({ path: path.join(ARTIFACTS, 'embed-en.png') });

    await frame.locator('[data-id="webchat-sendbox-input"]').press('Escape');
    await page.locator('#fao-assistant-panel').waitFor({ state: 'hidden', ...WAIT });
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');

    expect(requestedOrigins(browser.requests).sort()).toEqual([hostUrl, running.baseUrl].sort());
    expect(browser.errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  });
});

describeWithBrowser('Azure mode in Chromium', () => {
  // The "Azure" Direct Line is a second server of ours on loopback: it speaks the same protocol.
  let upstream: RunningApp;
  let running: RunningApp;
  let browser: BrowserSession;

  beforeAll(async () => {
    upstream = await startApp({ ALLOWED_ORIGINS: '*' });
    running = await startApp({
      DIRECTLINE_SECRET: 'the-azure-secret',
      DIRECTLINE_ENDPOINT: `${upstream.baseUrl}/v3/directline`
    });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await upstream?.close();
  });

  it('gets its token from this server and then talks to the upstream Direct Line', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?lang=en`);
    await bubble(page, 'Hello! I am the automated assistant').waitFor(WAIT);
    await ask(page, 'How do I apply for a service passport?');
    await bubble(page, 'The Service Passport is issued by').waitFor(WAIT);
    await expectDelivered(page, 'How do I apply for a service passport?');

    const conversations = browser.requests.filter((u) => u.includes('/v3/directline/conversations'));
    expect(conversations.length).toBeGreaterThan(0);
    expect(conversations.every((u) => u.startsWith(upstream.baseUrl))).toBe(true);
    expect(browser.requests).toContain(`${running.baseUrl}/v3/directline/tokens/generate`);
    expect(requestedOrigins(browser.requests).sort()).toEqual([running.baseUrl, upstream.baseUrl].sort());
    expect(browser.errors.filter((e) => /Content Security Policy|Refused to|CORS/i.test(e))).toEqual([]);
    // The secret stayed on the server.
    expect(await page.content()).not.toContain('the-azure-secret');
  });
});
