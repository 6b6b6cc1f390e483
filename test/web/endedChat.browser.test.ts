/**
 * A chat the server ends to make room (issue 14: a full store ends the least recently used chat)
 * must not leave the page dead: Direct Line JS reports the 404 as "ended", and the page says so and
 * starts a new chat by itself - over the WebSocket stream (the server closes it as ended at once) and
 * when polling.
 */
import { describeWithBrowser, openBrowser, type BrowserSession } from '../helpers/browser';
import { DirectLineClient } from '../helpers/directLine';
import { startApp, type RunningApp } from '../helpers/server';
import { WAIT, ask, bubble } from '../helpers/webChat';

jest.setTimeout(120_000);

describeWithBrowser('a chat ended by the server', () => {
  let browser: BrowserSession | undefined;
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });

  it.each([
    ['streaming', 'true'],
    ['polling', 'false']
  ])('%s: the page says the chat ended, starts a new one, and it answers', async (_mode, webSocket) => {
    // Room for one conversation: another visitor's chat ends the page's.
    const running: RunningApp = await startApp({
      DIRECTLINE_MAX_CONVERSATIONS: '1',
      DIRECTLINE_CLIENT_SHARE_PERCENT: '100',
      DIRECTLINE_WEBSOCKET: webSocket
    });
    try {
      browser = await openBrowser({ locale: 'en-US' });
      const { page } = browser;
      await page.goto(`${running.baseUrl}/?lang=en`);
      await bubble(page, 'automated').waitFor(WAIT);
      const welcomes = await page.locator('.webchat__bubble__content', { hasText: 'automated' }).count();
      expect(welcomes).toBeGreaterThan(0);

      await DirectLineClient.start(running.baseUrl, 'en');
      await page.locator('#chat-status', { hasText: 'This chat has ended' }).waitFor(WAIT);
      // The new chat (a fresh transcript with its own welcome) answers questions.
      await bubble(page, 'automated').waitFor(WAIT);
      await ask(page, 'How do I apply for a service passport?');
      await bubble(page, 'Service Passport').waitFor(WAIT);
      // Writing hides the notice.
      await page.locator('#chat-status').waitFor({ state: 'hidden', ...WAIT });
      expect(await page.locator('body').innerText()).not.toMatch(/could not start/);
    } finally {
      await running.close();
    }
  });
});
