/**
 * The website chat in real Chromium: Web Chat from our own server talking to our own Direct Line
 * endpoint, in Chinese and English, and embedded in another site through /embed.js. Every request
 * must go to our own origins: the office network may be closed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  ARTIFACTS,
  describeWithBrowser,
  openBrowser,
  requestedOrigins,
  type BrowserSession
} from '../helpers/browser';
import { startApp, type RunningApp } from '../helpers/server';
import { WAIT, ask, bubble, clickSuggestion, expectDelivered, expectPageIn, until } from '../helpers/webChat';

jest.setTimeout(120_000);

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

    // The whole page follows the chat's language, and the conversation stays.
    await expectPageIn(page, 'en');
    // The header's language links switch the same conversation (no new chat).
    await page.getByRole('link', { name: '繁體中文' }).click();
    await bubble(page, '好的，接下來我將用繁體中文回答。').waitFor(WAIT);
    await expectPageIn(page, 'zh-Hant');
    expect(await bubble(page, '公务护照由肇庆市外事办公室颁发').count()).toBe(1);
    expect(await page.locator('.webchat__bubble', { hasText: '您好！我是肇庆市外事办公室' }).count()).toBe(1);
    await page.getByRole('link', { name: 'English' }).click();
    await bubble(page, 'I will answer in English from now on').waitFor(WAIT);
    await expectPageIn(page, 'en');
    expect(page.url()).toMatch(/lang=en/);
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
    // "Skip to the chat" puts the caret in the send box.
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.getAttribute("data-id")')).toBe(
      'webchat-sendbox-input'
    );
    await page.keyboard.type('menu');
    await expect(page.locator('[data-id="webchat-sendbox-input"]').inputValue()).resolves.toBe('menu');
    await page.locator('[data-id="webchat-sendbox-input"]').fill('');
    await page.locator('.skip-link').focus();
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
    // Its label in a Latin font first, as on the chat page (the CJK font after it).
    const font = String(
      await page.evaluate(
        `getComputedStyle(document.querySelector('#fao-assistant-embed').shadowRoot.querySelector('button.launcher')).fontFamily`
      )
    );
    expect(font.indexOf('DejaVu Sans')).toBeGreaterThan(-1);
    expect(font.indexOf('DejaVu Sans')).toBeLessThan(font.indexOf('Noto Sans CJK SC'));
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

describeWithBrowser('the embed on a phone and on a site that is not allowed', () => {
  let allowed: Server;
  let other: Server;
  let running: RunningApp;
  let browser: BrowserSession;
  const hostPage = (
    baseUrl: string,
    lang: string
  ) => `<!doctype html><html lang="${lang}"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>Host</title></head><body>
<h1>肇庆市人民政府</h1><script src="${baseUrl}/embed.js" async></script></body></html>`;
  const listen = async (server: Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  let allowedUrl = '';
  let otherUrl = '';

  beforeAll(async () => {
    // The host page's own language (?lang=) is the one the embed takes.
    const serve = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      const lang = new URL(req.url ?? '/', 'http://host').searchParams.get('lang') ?? 'zh-Hans';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(hostPage(running.baseUrl, /^[a-zA-Z-]{2,8}$/.test(lang) ? lang : 'zh-Hans'));
    };
    allowed = createServer(serve);
    other = createServer(serve);
    allowedUrl = await listen(allowed);
    otherUrl = await listen(other);
    running = await startApp({ ALLOWED_ORIGINS: allowedUrl });
    browser = await openBrowser({ locale: 'zh-CN' });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await new Promise((resolve) => allowed?.close(resolve));
    await new Promise((resolve) => other?.close(resolve));
  });

  const PHONE_CHATS = {
    en: {
      welcome: 'Hello!',
      question: 'How do I apply for a service passport?',
      answer: 'The Service Passport is issued by'
    },
    'zh-Hans': {
      welcome: '您好！',
      question: '公务护照怎么办理？',
      answer: '公务护照由肇庆市外事办公室颁发'
    },
    'zh-Hant': { welcome: '您好！', question: '公務護照怎麼辦理？', answer: '公務護照由肇慶市外事辦公室頒發' }
  };

  it.each(Object.keys(PHONE_CHATS) as (keyof typeof PHONE_CHATS)[])(
    'on a 390 px screen the open chat (%s) fills the screen and nothing covers its send box',
    async (lang) => {
      const chat = PHONE_CHATS[lang];
      const { page } = browser;
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${allowedUrl}/?lang=${lang}`);
      const launcher = page.locator('#fao-assistant-embed button.launcher');
      await launcher.click();
      const frame = page.frameLocator('#fao-assistant-embed iframe');
      await bubble(frame, chat.welcome).waitFor(WAIT);
      await frame.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached', ...WAIT });
      expect(await launcher.isVisible()).toBe(false);
      // What is at the centre of the send button is the chat's frame, not the floating button.
      const send = frame.locator('button.webchat__send-button');
      const box = (await send.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      const atSend = await page.evaluate(
        `document.elementFromPoint(${box.x + box.width / 2}, ${box.y + box.height / 2}).id`
      );
      expect(atSend).toBe('fao-assistant-embed');
      const inShadow = await page.evaluate(
        `document.getElementById('fao-assistant-embed').shadowRoot.elementFromPoint(${box.x + box.width / 2}, ${box.y + box.height / 2}).tagName`
      );
      expect(inShadow).toBe('IFRAME');
      await ask(frame, chat.question);
      await bubble(frame, chat.answer).waitFor(WAIT);
      await page.screenshot({ path: path.join(ARTIFACTS, `embed-phone-${lang}.png`) });
      // Its own close button brings the floating button back.
      await page.locator('#fao-assistant-embed button.close').click();
      await launcher.waitFor(WAIT);
    }
  );

  it('shows no button on a site that is not allowed, and says why in the console', async () => {
    const { page } = browser;
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.goto(otherUrl);
    await until(() => warnings.length > 0);
    expect(warnings.join('\n')).toMatch(/may not embed the chat: add it to ALLOWED_ORIGINS/);
    expect(warnings.join('\n')).toContain(otherUrl);
    expect(await page.locator('#fao-assistant-embed').count()).toBe(0);
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
