/** Driving Microsoft Web Chat in a real browser page (or the embed's frame), for the browser tests. */
import type { FrameLocator, Page } from 'playwright-core';

export const WAIT = { timeout: 20_000 };

export type Scope = Page | FrameLocator;

/** Waits until `condition` holds, polling, with a deadline. */
export async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function bubble(scope: Scope, text: string | RegExp) {
  return scope.locator('.webchat__bubble__content', { hasText: text }).last();
}

export async function ask(scope: Scope, text: string): Promise<void> {
  const input = scope.locator('[data-id="webchat-sendbox-input"]');
  await input.fill(text);
  await input.press('Enter');
}

/** Clicks the suggested action with this title and returns it. */
export async function clickSuggestion(scope: Scope, title: string | RegExp): Promise<string> {
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
export async function expectDelivered(page: Page, text: string): Promise<void> {
  // A locator wait, not waitForFunction: the page's CSP (rightly) forbids the eval that a string predicate needs.
  await page
    .locator('.webchat__activity-status--sending')
    .first()
    .waitFor({ state: 'detached', ...WAIT });
  expect(await page.locator('.webchat__bubble--from-user', { hasText: text }).count()).toBe(1);
  expect(await page.locator('body').innerText()).not.toMatch(/Send failed|发送失败|傳送失敗|無法傳送/);
}

/** Header, notice, placeholder, <html lang>, avatar and Web Chat's own labels in `locale`. */
export async function expectPageIn(page: Page, locale: 'en' | 'zh-Hans' | 'zh-Hant'): Promise<void> {
  const expected = {
    en: {
      title: 'Online enquiries',
      notice: /automated assistant/,
      placeholder: 'Type your question',
      avatar: 'FAO',
      send: 'Send',
      transcript: /^Chat history/
    },
    'zh-Hans': {
      title: '在线咨询',
      notice: /自动应答助手/,
      placeholder: '请输入您的问题',
      avatar: '外办',
      send: '发送',
      transcript: /^聊天历史记录/
    },
    'zh-Hant': {
      title: '線上諮詢',
      notice: /自動應答助手/,
      placeholder: '請輸入您的問題',
      avatar: '外辦',
      send: '傳送',
      transcript: /^聊天記錄/
    }
  }[locale];
  await page.locator(`html[lang="${locale}"]`).waitFor({ state: 'attached', ...WAIT });
  await expect(page.locator('h1').innerText()).resolves.toBe(expected.title);
  await expect(page.locator('.notice').innerText()).resolves.toMatch(expected.notice);
  const input = page.locator('[data-id="webchat-sendbox-input"]');
  await page
    .locator(`[data-id="webchat-sendbox-input"][placeholder="${expected.placeholder}"]`)
    .waitFor(WAIT);
  expect(await input.getAttribute('placeholder')).toBe(expected.placeholder);
  const avatars = await page.locator('.webchat__initialsAvatar').allInnerTexts();
  expect(avatars.length).toBeGreaterThan(0);
  expect(new Set(avatars.map((a) => a.trim()))).toEqual(new Set([expected.avatar]));
  expect(await page.locator(`nav.languages a[aria-current="true"]`).getAttribute('data-locale')).toBe(locale);
  // Web Chat's own labels (its locale: en-US, zh-CN, zh-TW).
  await page.locator(`.webchat__send-box button[title="${expected.send}"]`).waitFor(WAIT);
  await expect(page.locator('.webchat__basic-transcript').getAttribute('aria-label')).resolves.toMatch(
    expected.transcript
  );
}
