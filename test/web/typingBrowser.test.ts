/**
 * The typing indicator in real Web Chat (issue 15: streaming makes it possible): while a turn takes
 * longer than half a second, the page shows the bot typing, and the indicator gives way to the reply.
 * A fast turn shows none. The slow turn is real: bot state whose reads wait.
 */
import { describeWithBrowser, openBrowser, type BrowserSession } from '../helpers/browser';
import { startApp, type RunningApp } from '../helpers/server';
import { SlowStorage } from '../helpers/slowStorage';
import { WAIT, ask, bubble } from '../helpers/webChat';

jest.setTimeout(120_000);

const TYPING = '.webchat__typing-indicator';

describeWithBrowser('the typing indicator in the web chat', () => {
  let browser: BrowserSession | undefined;
  let running: RunningApp | undefined;
  const storage = new SlowStorage();

  beforeAll(async () => {
    running = await startApp({}, { storage });
    browser = await openBrowser({ locale: 'en-US' });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('shows while a slow turn runs, then the reply replaces it; a fast turn shows none', async () => {
    const { page } = browser!;
    await page.goto(`${running!.baseUrl}/?lang=en`);
    await bubble(page, 'automated').waitFor(WAIT);

    // Watch the page itself for any typing indicator from now on (a fast turn must show none).
    await page.evaluate(`
      window.typingSeen = 0;
      new MutationObserver(() => {
        if (document.querySelector('${TYPING}')) window.typingSeen++;
      }).observe(document.body, { childList: true, subtree: true });
    `);
    await ask(page, 'How do I apply for a service passport?');
    await bubble(page, 'Service Passport').waitFor(WAIT);
    expect(await page.evaluate('window.typingSeen')).toBe(0);

    storage.delayMs = 2500;
    try {
      await ask(page, 'Where is the office?');
      await page
        .locator(TYPING)
        .first()
        .waitFor({ state: 'visible', ...WAIT });
      // The reply was not there yet while the indicator showed.
      expect(await page.locator('.webchat__bubble__content', { hasText: /Jiangbin|address/i }).count()).toBe(
        0
      );
      await bubble(page, /Jiangbin|address/i).waitFor(WAIT);
      await page.locator(TYPING).waitFor({ state: 'detached', ...WAIT });
    } finally {
      storage.delayMs = 0;
    }
  });
});
