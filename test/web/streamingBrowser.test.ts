/**
 * The web chat in real Chromium over Direct Line streaming, with two instances on one Redis behind
 * a round-robin proxy: replies arrive over the WebSocket (no polling at all), the typing indicator
 * path is live, and the chat survives the instance it started on being killed (SIGKILL).
 */
import { randomBytes } from 'node:crypto';
import type { Page, WebSocket as PageWebSocket } from 'playwright-core';
import { describeWithBrowser, openBrowser, type BrowserSession } from '../helpers/browser';
import { RedisServerProcess, uniquePrefix } from '../helpers/redis';
import { waitFor } from '../helpers/wait';
import { RoundRobinProxy } from '../helpers/roundRobinProxy';
import { killServerProcesses, startServerProcess } from '../helpers/serverProcess';

jest.setTimeout(150_000);

const WAIT = { timeout: 30_000 };

async function ask(page: Page, text: string): Promise<void> {
  const input = page.locator('[data-id="webchat-sendbox-input"]');
  await input.fill(text);
  await input.press('Enter');
}

describeWithBrowser('web chat over the Direct Line stream, two instances on Redis', () => {
  let redis: RedisServerProcess;
  let browser: BrowserSession | undefined;
  let proxy: RoundRobinProxy | undefined;

  beforeAll(async () => {
    redis = await RedisServerProcess.start();
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    killServerProcesses();
    await redis.stop();
  });

  it('shows replies without polling, and keeps the chat going when its instance is killed', async () => {
    const env = {
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: uniquePrefix('browser'),
      DIRECTLINE_TOKEN_SECRET: randomBytes(32).toString('hex'),
      KNOWLEDGE_WATCH: 'false'
    };
    const [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    // Everything of the page goes to A first, so A certainly holds its stream when it is killed.
    proxy = await RoundRobinProxy.start([a.port]);
    browser = await openBrowser({ locale: 'en-US' });
    const { page, requests } = browser;
    const sockets: PageWebSocket[] = [];
    const received: string[] = [];
    page.on('websocket', (ws) => {
      sockets.push(ws);
      ws.on('framereceived', (frame) => received.push(String(frame.payload)));
    });
    await page.goto(`${proxy.url}/?lang=en`);
    await page.locator('.webchat__bubble__content', { hasText: 'automated' }).first().waitFor(WAIT);
    await ask(page, 'How do I apply for a service passport?');
    await page
      .locator('.webchat__bubble--from-user .webchat__bubble__content', { hasText: 'service passport' })
      .waitFor(WAIT);
    await waitFor(() => received.some((f) => f.includes('"replyToId"')), 'answer pushed', {
      timeoutMs: 30_000,
      intervalMs: 50
    });
    await page
      .locator('.webchat__activity-status--sending')
      .first()
      .waitFor({ state: 'detached', ...WAIT });
    const botBubbles = () => page.locator('.webchat__bubble:not(.webchat__bubble--from-user)').count();
    const answered = await botBubbles();
    expect(answered).toBeGreaterThanOrEqual(2);
    // The stream carried the replies: one WebSocket, to our stream path, and no polling requests at all.
    expect(sockets.map((s) => new URL(s.url()).pathname)).toEqual([
      expect.stringMatching(/^\/v3\/directline\/conversations\/[^/]+\/stream$/)
    ]);
    expect(requests.filter((u) => /\/activities\?watermark=/.test(u))).toEqual([]);

    // Failover: new connections may now reach either instance; A dies with the stream on it.
    proxy.setBackends([a.port, b.port]);
    a.process.kill('SIGKILL');
    await a.exited;
    // Web Chat reconnects by itself (Direct Line JS waits 3-15 s, asks for a new streamUrl: B answers).
    await waitFor(() => sockets.length >= 2, 'a second stream', { timeoutMs: 60_000, intervalMs: 100 });
    await ask(page, 'service passport');
    await waitFor(async () => (await botBubbles()) > answered, 'a reply after the failover', {
      timeoutMs: 60_000,
      intervalMs: 200
    });
    expect(await page.locator('.webchat__bubble--from-user', { hasText: 'service passport' }).count()).toBe(
      2
    );
    expect(await page.locator('body').innerText()).not.toMatch(/Send failed/);
    expect(requests.filter((u) => /\/activities\?watermark=/.test(u))).toEqual([]);
  });
});
