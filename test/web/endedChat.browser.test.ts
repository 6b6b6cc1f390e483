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
      // What the page saw, printed if a step times out (the restart failed once in CI, never locally).
      const seen: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 400)
          seen.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
      });
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') seen.push(`console ${m.type()}: ${m.text()}`);
      });
      const step = async (name: string, wait: Promise<void>): Promise<void> => {
        try {
          await wait;
        } catch (error) {
          const status = await page
            .locator('#chat-status')
            .innerText()
            .catch(() => '(no status)');
          const events = running.logs.map((l) => String(l.event ?? l.msg)).slice(-30);
          throw new Error(
            `${name}: ${String(error)}\n#chat-status: ${status}\npage saw: ${seen.join(' | ') || 'nothing'}` +
              `\nserver events: ${events.join(', ')}`
          );
        }
      };
      await page.goto(`${running.baseUrl}/?lang=en`);
      await bubble(page, 'automated').waitFor(WAIT);
      const welcomes = await page.locator('.webchat__bubble__content', { hasText: 'automated' }).count();
      expect(welcomes).toBeGreaterThan(0);

      await DirectLineClient.start(running.baseUrl, 'en');
      // Over the WebSocket, Direct Line JS waits a random 3-15 s after the server closes the stream as
      // ended before it asks again and learns the chat is gone: a longer deadline than other steps.
      const RESTART_WAIT = { timeout: 45_000 };
      await step(
        'ended notice',
        page.locator('#chat-status', { hasText: 'This chat has ended' }).waitFor(RESTART_WAIT)
      );
      // The new chat (a fresh transcript with its own welcome) answers questions.
      await step('new welcome', bubble(page, 'automated').waitFor(RESTART_WAIT));
      await ask(page, 'How do I apply for a service passport?');
      await step('answer', bubble(page, 'Service Passport').waitFor(WAIT));
      // Writing hides the notice.
      await page.locator('#chat-status').waitFor({ state: 'hidden', ...WAIT });
      expect(await page.locator('body').innerText()).not.toMatch(/could not start/);
    } finally {
      await running.close();
    }
  });
});
