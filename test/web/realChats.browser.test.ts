/**
 * Real chats in real Chromium, one per language, over the shipped knowledge (with test opening hours:
 * the seeds publish none) on National Day 2026: greeting, a question, thanks, "a real person", a
 * complaint, a no-match with buttons, a typed button title, the holiday-aware contact card with tel:
 * links, the in-chat language switch of the whole page; and every answer rendered as intended.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { readKnowledge } from '../../src/knowledge';
import { SUPPORTED_LOCALES, type Locale } from '../../src/language/locale';
import { entryTitle } from '../../src/bot/menu';
import { ARTIFACTS, describeWithBrowser, openBrowser, type BrowserSession } from '../helpers/browser';
import { knowledgeWithHours } from '../helpers/knowledgeDirs';
import { startApp, type RunningApp } from '../helpers/server';
import { WAIT, ask, bubble, expectPageIn } from '../helpers/webChat';

jest.setTimeout(300_000);

const KNOWLEDGE = path.resolve(__dirname, '..', '..', 'knowledge');
const NATIONAL_DAY = new Date('2026-10-01T10:00:00+08:00');

/**
 * A space Chinese text never has: between Chinese characters or punctuation (a soft line break or a
 * generated "周六 休息"), or after an ASCII separator before Chinese ("17:30; 周二", "办公室: 负责").
 */
const STRAY_SPACE =
  /[\p{Script=Han}，。：；！？、）」』”] (?=[\p{Script=Han}（「『“])|[;:,] (?=\p{Script=Han})/u;

/**
 * Does `act` (a question typed, a button clicked) and returns the text of the assistant's reply that
 * carries `source` (an answer's provenance line), or undefined when the reply that came is another one.
 */
async function answerShown(
  page: Page,
  act: () => Promise<void>,
  source: string
): Promise<string | undefined> {
  const activities = page.locator('.webchat__basic-transcript__activity');
  const before = await activities.count();
  await act();
  const deadline = Date.now() + WAIT.timeout;
  while (Date.now() < deadline) {
    const replies = await activities.evaluateAll(
      (elements, from) =>
        elements
          .slice(from)
          .filter((e) => !e.querySelector('.webchat__stacked-layout--from-user'))
          // The bubbles only: an activity also holds screen-reader text ("機器人 外辦 說:").
          .map((e) =>
            [...e.querySelectorAll('.webchat__bubble__content')]
              .map((b) => (b as unknown as { innerText: string }).innerText)
              .join('\n')
          ),
      before
    );
    const answer = replies.find((text) => text.includes(source));
    if (answer !== undefined) return answer;
    // Another reply ("did you mean" with its buttons) has come and settled.
    if (replies.length > 0 && (await page.locator('.webchat__suggested-actions button').count()) > 0)
      return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

/** The assistant's last message bubble (text and cards) once it contains `text`. */
function botSaid(page: Page, text: string | RegExp) {
  return page
    .locator('.webchat__stacked-layout:not(.webchat__stacked-layout--from-user)', { hasText: text })
    .last();
}

async function suggestionTitles(page: Page): Promise<string[]> {
  const buttons = page.locator('.webchat__suggested-actions button');
  await buttons.first().waitFor(WAIT);
  return (await buttons.allInnerTexts()).map((t) => t.trim());
}

const CHATS: Record<
  Locale,
  {
    greeting: [string, RegExp];
    question: [string, RegExp];
    thanks: [string, RegExp];
    human: [string, RegExp];
    complaint: [string, RegExp];
    noMatch: [string, RegExp];
    typedButton: string;
    holiday: RegExp;
    menu: string[];
    switchTo: [string, Locale, RegExp];
    switchedBack: RegExp;
  }
> = {
  en: {
    greeting: ['Hi there!', /How can I help you\?/],
    question: ['How do I apply for a service passport?', /is one of the passports used for official travel/],
    thanks: ['thanks a lot', /You.re welcome!/],
    human: ['I need to talk to a real person', /cannot pass you to a person in this chat/],
    complaint: ['I want to make a complaint', /To make a complaint or a comment/],
    noMatch: ['Where can I buy concert tickets?', /Sorry, I could not find an answer/],
    typedButton: 'contact us',
    holiday: /Today is a public holiday \(National Day\)\. The office is closed now\./,
    menu: ['Passports', 'Contact us', 'English'],
    switchTo: ['简体中文', 'zh-Hans', /好的，接下来我将用简体中文回答/],
    switchedBack: /OK, I will answer in English from now on/
  },
  'zh-Hans': {
    greeting: ['你好', /请问有什么可以帮您/],
    question: ['公务护照怎么办理？', /公务护照是因公出行使用的护照之一/],
    thanks: ['谢谢！', /不客气/],
    human: ['转人工', /无法在对话中为您转接人工/],
    complaint: ['我要投诉', /如需对本办工作提出投诉或意见/],
    noMatch: ['哪里可以买演唱会门票？', /抱歉，暂时没有找到相关答案/],
    typedButton: '联系我们',
    holiday: /今天是法定节假日（国庆节）。本办现在不在办公时间。/,
    menu: ['护照', '联系我们', 'English'],
    switchTo: ['English', 'en', /I will answer in English from now on/],
    switchedBack: /好的，接下来我将用简体中文回答/
  },
  'zh-Hant': {
    greeting: ['哈囉', /請問有甚麼可以幫您/],
    question: ['公務護照怎麼辦理？', /公務護照是因公出行使用的護照之一/],
    thanks: ['唔該晒', /不客氣/],
    human: ['人工客服', /無法在對話中為您轉接人工/],
    complaint: ['我要投訴', /如需對本辦工作提出投訴或意見/],
    noMatch: ['演唱會門票幾錢？', /抱歉，暫時沒有找到相關答案/],
    typedButton: '聯絡我們',
    holiday: /今天是法定節假日（國慶節）。本辦現在不在辦公時間。/,
    menu: ['護照', '聯絡我們', 'English'],
    switchTo: ['English', 'en', /I will answer in English from now on/],
    switchedBack: /好的，接下來我將用繁體中文回答/
  }
};

describeWithBrowser('real chats in Chromium', () => {
  let running: RunningApp;
  let browser: BrowserSession;

  beforeAll(async () => {
    running = await startApp(
      { KNOWLEDGE_DIR: knowledgeWithHours(KNOWLEDGE), KNOWLEDGE_WATCH: 'false' },
      { now: () => NATIONAL_DAY }
    );
    browser = await openBrowser({ locale: 'zh-CN' });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it.each(SUPPORTED_LOCALES)('holds a chat in %s', async (locale) => {
    const chat = CHATS[locale];
    const { page } = browser;
    await page.setViewportSize({ width: 1100, height: 820 });
    await page.goto(`${running.baseUrl}/?lang=${locale}`);
    await expectPageIn(page, locale);

    for (const [said, reply] of [chat.greeting, chat.question, chat.thanks]) {
      await ask(page, said);
      await botSaid(page, reply).waitFor(WAIT);
    }
    expect(await suggestionTitles(page)).toEqual(expect.arrayContaining(chat.menu));

    // A real person: what the assistant cannot do, the card with tappable phones, a way on.
    await ask(page, chat.human[0]);
    const handoff = botSaid(page, chat.human[1]);
    await handoff.waitFor(WAIT);
    expect(await handoff.locator('a[href="tel:0758-2828903"]').count()).toBe(1);
    await expect(handoff.innerText()).resolves.toMatch(chat.holiday);
    expect(await suggestionTitles(page)).toEqual(expect.arrayContaining(chat.menu));

    await ask(page, chat.complaint[0]);
    await botSaid(page, chat.complaint[1]).waitFor(WAIT);

    // No answer is no dead end: apology, card, buttons.
    await ask(page, chat.noMatch[0]);
    const apology = botSaid(page, chat.noMatch[1]);
    await apology.waitFor(WAIT);
    await expect(apology.innerText()).resolves.toMatch(chat.holiday);
    expect(await suggestionTitles(page)).toEqual(expect.arrayContaining(chat.menu));

    // A button's title typed does what the button does.
    await ask(page, chat.typedButton);
    const card = page.locator('.webchat__stacked-layout .ac-adaptiveCard', { hasText: /肇庆|肇慶|Zhaoqing/ });
    await expect(card.count()).resolves.toBeGreaterThan(0);
    await page
      .locator('.webchat__stacked-layout:not(.webchat__stacked-layout--from-user) a[href^="tel:"]')
      .last()
      .waitFor(WAIT);

    expect(await page.locator('.webchat__basic-transcript').innerText()).not.toContain('**');
    await page.screenshot({ path: path.join(ARTIFACTS, `real-chat-${locale}.png`), fullPage: false });

    // The in-chat language switch turns the whole page, and the conversation stays.
    await ask(page, chat.switchTo[0]);
    await botSaid(page, chat.switchTo[2]).waitFor(WAIT);
    await expectPageIn(page, chat.switchTo[1]);
    expect(await bubble(page, chat.question[1]).count()).toBe(1);

    // The header's language link does the same: back to this chat's language, the conversation kept.
    await page.locator(`nav.languages a[data-locale="${locale}"]`).click();
    await botSaid(page, chat.switchedBack).waitFor(WAIT);
    await expectPageIn(page, locale);
    expect(await bubble(page, chat.question[1]).count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('lang')).toBe(locale);
  });

  // Every entry of the shipped knowledge, in every language, as Web Chat shows it: asked by its title
  // (and, when that gets "did you mean", through the button with the entry's title, as a user would).
  it('renders every answer as intended in every language: no literal **, no stray spaces in Chinese', async () => {
    const { knowledge } = readKnowledge(KNOWLEDGE);
    const { page } = browser;
    const problems: string[] = [];
    let checked = 0;
    for (const locale of SUPPORTED_LOCALES) {
      await page.goto(`${running.baseUrl}/?lang=${locale}`);
      await bubble(page, /./).waitFor(WAIT);
      for (const entry of knowledge!.entries) {
        const title = entryTitle(entry, locale);
        let shown = await answerShown(page, () => ask(page, title), entry.source[locale]);
        if (shown === undefined) {
          const button = page.locator('.webchat__suggested-actions button', { hasText: title }).first();
          if ((await button.count()) > 0)
            shown = await answerShown(page, () => button.click(), entry.source[locale]);
        }
        if (shown === undefined) {
          problems.push(`${locale} ${entry.id}: not answered by its title nor offered under it`);
          continue;
        }
        checked++;
        if (shown.includes('**')) problems.push(`${locale} ${entry.id}: literal **`);
        if (locale !== 'en') {
          const stray = STRAY_SPACE.exec(shown);
          if (stray)
            problems.push(
              `${locale} ${entry.id}: stray space in ${JSON.stringify(shown.slice(Math.max(0, stray.index - 20), stray.index + 20))}`
            );
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBe(knowledge!.entries.length * SUPPORTED_LOCALES.length);
  });

  // Fonts, checked on pixels: a probe at a fixed place is drawn with the page's font stack and with
  // stacks it must (and must not) behave like; screenshots of the probe are compared.
  it.each(SUPPORTED_LOCALES)('sets Latin text in a Latin font first, CJK after it (%s)', async (locale) => {
    const { page } = browser;
    await page.setViewportSize({ width: 1100, height: 820 });
    await page.goto(`${running.baseUrl}/?lang=${locale}`);
    const welcome = bubble(page, /Zhaoqing|肇庆|肇慶/);
    await welcome.waitFor(WAIT);
    await page.screenshot({ path: path.join(ARTIFACTS, `fonts-${locale}.png`) });
    const stack = String(
      await page.evaluate(
        `getComputedStyle(document.querySelector('.webchat__bubble__content p')).fontFamily`
      )
    );
    const families = stack.split(',').map((f) => f.trim().replace(/^["']|["']$/g, ''));
    const firstCjk = families.findIndex((f) => CJK_FONT.test(f));
    expect(firstCjk).toBeGreaterThan(0);
    const latinOnly = families.slice(0, firstCjk).join(', ');
    const cjkFirst = [...families.slice(firstCjk), ...families.slice(0, firstCjk)].join(', ');

    // Latin text (a curly apostrophe among it) is drawn by the Latin fonts, not by the CJK one first.
    const latin = 'The city’s “office”';
    const shown = await probeShot(page, latin, stack);
    expect(shown.equals(await probeShot(page, latin, latinOnly))).toBe(true);
    expect(shown.equals(await probeShot(page, latin, cjkFirst))).toBe(false);
    const [apostrophe, han] = await probeWidths(page, stack);
    expect(apostrophe).toBeLessThan(han / 2);

    // Chinese in the listed CJK font, with the glyph forms of the page's script (Noto CJK picks them by
    // the text's language: 骨 and 直 differ between Simplified and Traditional). The Latin fonts stay first
    // in the stacks compared: the first font sets the baseline.
    const chinese = '骨直';
    const chineseShown = await probeShot(page, chinese, stack);
    expect(chineseShown.equals(await probeShot(page, chinese, `${latinOnly}, '${families[firstCjk]}'`))).toBe(
      true
    );
    const [own, other] = locale === 'zh-Hant' ? ['zh-Hant', 'zh-Hans'] : ['zh-Hans', 'zh-Hant'];
    if (locale !== 'en') {
      expect(chineseShown.equals(await probeShot(page, chinese, stack, own))).toBe(true);
      expect(chineseShown.equals(await probeShot(page, chinese, stack, other))).toBe(false);
    }
  });
});

const CJK_FONT = /CJK|YaHei|JhengHei|PingFang|SimSun|Heiti/i;

/** A screenshot of `text` drawn in `fontFamily`, always at the same place and size. */
async function probeShot(page: Page, text: string, fontFamily: string, lang = ''): Promise<Buffer> {
  await page.evaluate(`(() => {
    let probe = document.getElementById('font-probe');
    if (!probe) {
      probe = document.createElement('div');
      probe.id = 'font-probe';
      Object.assign(probe.style, { position: 'fixed', left: '0', top: '0', zIndex: '2147483647', padding: '8px',
        background: '#fff', color: '#000', fontSize: '40px', lineHeight: '60px', whiteSpace: 'nowrap' });
      document.body.appendChild(probe);
    }
    probe.style.fontFamily = ${JSON.stringify(fontFamily)};
    if (${JSON.stringify(lang)}) probe.lang = ${JSON.stringify(lang)}; else probe.removeAttribute('lang');
    probe.textContent = ${JSON.stringify(text)};
  })()`);
  const shot = await page.locator('#font-probe').screenshot();
  return shot;
}

/** Widths of a curly apostrophe and of a Chinese character in `fontFamily` (an absolutely placed span: no stretching). */
async function probeWidths(page: Page, fontFamily: string): Promise<[number, number]> {
  return (await page.evaluate(`(() => {
    const span = document.createElement('span');
    Object.assign(span.style, { position: 'absolute', left: '0', top: '0', fontSize: '40px', whiteSpace: 'pre' });
    span.style.fontFamily = ${JSON.stringify(fontFamily)};
    document.body.appendChild(span);
    span.textContent = '\u2019'; const apostrophe = span.getBoundingClientRect().width;
    span.textContent = '\u4e2d'; const han = span.getBoundingClientRect().width;
    span.remove();
    return [apostrophe, han];
  })()`)) as [number, number];
}
