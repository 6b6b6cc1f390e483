/**
 * How real chats open and close, over the shipped knowledge, through botbuilder's TestAdapter: small
 * talk, asking for a person, complaining, typed button titles, no dead ends, holidays on the card.
 */
import path from 'node:path';
import type { Activity, CardAction } from 'botbuilder';
import { buildReport } from '../../src/cli/report/aggregate';
import { parseLogLine, type LogRecord } from '../../src/cli/report/logRecords';
import { renderMarkdown } from '../../src/cli/report/render';
import { createBotHarness, send } from '../helpers/bot';

const KNOWLEDGE = path.resolve(__dirname, '..', '..', 'knowledge');

function titles(reply: Partial<Activity> | undefined): string[] {
  return (reply?.suggestedActions?.actions ?? []).map((a: CardAction) => String(a.title));
}
function card(reply: Partial<Activity> | undefined): { title?: string; text?: string } {
  return (reply?.attachments?.[0]?.content ?? {}) as { title?: string; text?: string };
}

const MENU = {
  en: ['Passports', 'Contact us', 'English'],
  'zh-Hans': ['护照', '联系我们', '简体中文'],
  'zh-Hant': ['護照', '聯絡我們', '繁體中文']
} as const;

describe.each([
  {
    locale: 'en' as const,
    greeting: 'Hello!',
    greeted: /^Hello! How can I help you\?/,
    thanks: 'Thank you so much!',
    welcome: /^You're welcome!/,
    bye: 'bye',
    byeReply: /^Goodbye, and thank you for contacting the Foreign Affairs Office of Zhaoqing Municipality\.$/,
    identity: 'are you a robot?',
    identityReply: /a computer program, not a person/,
    human: 'Can I talk to a real person?',
    humanReply: /cannot pass you to a person in this chat/,
    complaint: 'I want to complain about the service',
    complaintReply:
      /To make a complaint or a comment about the office's work, please contact its General Office/,
    phoneLink: '[0758-2828903](tel:0758-2828903)',
    contactTitle: 'contact us'
  },
  {
    locale: 'zh-Hans' as const,
    greeting: '你好',
    greeted: /^您好！请问有什么可以帮您？/,
    thanks: '谢谢！',
    welcome: /^不客气！/,
    bye: '拜拜',
    byeReply: /^再见，感谢您联系肇庆市外事办公室。$/,
    identity: '你是机器人吗？',
    identityReply: /是一个计算机程序，不是真人/,
    human: '转人工',
    humanReply: /无法在对话中为您转接人工/,
    complaint: '我要投诉',
    complaintReply: /如需对本办工作提出投诉或意见，请联系办公室/,
    phoneLink: '[0758-2828903](tel:0758-2828903)',
    contactTitle: '联系我们'
  },
  {
    locale: 'zh-Hant' as const,
    greeting: '哈囉',
    greeted: /^您好！請問有甚麼可以幫您？/,
    thanks: '唔該晒',
    welcome: /^不客氣！/,
    bye: '再會',
    byeReply: /^再見，感謝您聯絡肇慶市外事辦公室。$/,
    identity: '你係咪機械人？',
    identityReply: /是一個電腦程式，不是真人/,
    human: '搵真人',
    humanReply: /無法在對話中為您轉接人工/,
    complaint: '我要投訴',
    complaintReply: /如需對本辦工作提出投訴或意見，請聯絡辦公室/,
    phoneLink: '[0758-2828903](tel:0758-2828903)',
    contactTitle: '聯絡我們'
  }
])('a chat in $locale', (lang) => {
  const channelLocale = { en: 'en-US', 'zh-Hans': 'zh-CN', 'zh-Hant': 'zh-HK' }[lang.locale];
  const say = (adapter: ReturnType<typeof createBotHarness>['adapter'], text: string) =>
    send(adapter, { type: 'message', text, locale: channelLocale });

  it('answers greetings, thanks, goodbye and "who are you" in kind, with the menu to go on', async () => {
    const { adapter, logs } = createBotHarness({ knowledgeDir: KNOWLEDGE });
    const [greeted] = await say(adapter, lang.greeting);
    expect(greeted!.text).toMatch(lang.greeted);
    expect(greeted!.locale).toBe(lang.locale);
    expect(titles(greeted)).toEqual(expect.arrayContaining([...MENU[lang.locale]]));
    const [thanked] = await say(adapter, lang.thanks);
    expect(thanked!.text).toMatch(lang.welcome);
    expect(titles(thanked)).toEqual(expect.arrayContaining([...MENU[lang.locale]]));
    expect((await say(adapter, lang.identity))[0]!.text).toMatch(lang.identityReply);
    expect((await say(adapter, lang.bye))[0]!.text).toMatch(lang.byeReply);
    expect(logs.filter((l) => l.event === 'smalltalk.answered').map((l) => l.intent)).toEqual([
      'greeting',
      'thanks',
      'identity',
      'goodbye'
    ]);
    expect(logs.some((l) => l.event === 'message.unmatched' || l.event === 'message.answered')).toBe(false);
  });

  it('hands over to a person: phones as tel: links, the division, where to complain, the menu', async () => {
    const { adapter, logs } = createBotHarness({ knowledgeDir: KNOWLEDGE });
    const [human] = await say(adapter, lang.human);
    expect(human!.text).toMatch(lang.humanReply);
    expect(card(human).text).toContain(lang.phoneLink);
    expect(titles(human)).toEqual(expect.arrayContaining([...MENU[lang.locale]]));
    const [complaint] = await say(adapter, lang.complaint);
    expect(complaint!.text).toMatch(lang.complaintReply);
    expect(card(complaint).text).toContain(lang.phoneLink);
    expect(logs.filter((l) => l.event === 'handoff.requested')).toEqual([
      expect.objectContaining({ reason: 'human', locale: lang.locale, division: 'general-office' }),
      expect.objectContaining({ reason: 'complaint', locale: lang.locale, division: 'general-office' })
    ]);
    // `kb report` counts them, from the same log lines.
    const records = logs
      .map((l) => parseLogLine(JSON.stringify(l)))
      .filter((r): r is LogRecord => r !== undefined && r !== null);
    const report = buildReport(records, { timeZone: 'UTC' });
    expect(report.totals).toMatchObject({ handoffs: 2, complaints: 1 });
    expect(renderMarkdown(report)).toContain('Asked for a person or to complain: 2 (complaints: 1)');
  });

  it('does what a button does when its title is typed, in any language', async () => {
    const { adapter } = createBotHarness({ knowledgeDir: KNOWLEDGE });
    const [contact] = await say(adapter, lang.contactTitle);
    expect(card(contact).title).toMatch(/Zhaoqing|肇庆|肇慶/);
    expect(titles(contact)).toEqual(expect.arrayContaining([...MENU[lang.locale]]));
    const [topic] = await say(adapter, MENU[lang.locale][0]);
    expect(topic!.suggestedActions!.actions.some((a) => (a.value as { via?: string }).via === 'topic')).toBe(
      true
    );
  });
});

describe('real chats', () => {
  it('answers the question in "thanks, and where is your office?"', async () => {
    const { adapter, logs } = createBotHarness({ knowledgeDir: KNOWLEDGE });
    const [reply] = await send(adapter, {
      type: 'message',
      text: 'thanks, and where is your office?',
      locale: 'en-US'
    });
    expect(reply!.text).toMatch(/No\. 18 Jiangbin West Road/);
    expect(logs.find((l) => l.event === 'message.answered')).toMatchObject({ entryId: 'office-address' });
    const [zh] = await send(adapter, '谢谢！请问外办的地址是什么？');
    expect(zh!.text).toMatch(/江滨西路18号/);
  });

  it('"a real person about my passport" names the division of a real candidate', async () => {
    const { adapter, logs } = createBotHarness({ knowledgeDir: KNOWLEDGE });
    const [reply] = await send(adapter, {
      type: 'message',
      text: 'I want to talk to a real person about my service passport',
      locale: 'en-US'
    });
    expect(card(reply).text).toMatch(/Most likely to help: Division of Passport & Visa/);
    expect(logs.find((l) => l.event === 'handoff.requested')).toMatchObject({ division: 'passport-visa' });
  });

  it('a no-match is no dead end: apology, card with tel: links and the menu', async () => {
    const { adapter } = createBotHarness({ knowledgeDir: KNOWLEDGE });
    const [reply] = await send(adapter, {
      type: 'message',
      text: 'Where can I buy a concert ticket?',
      locale: 'en-US'
    });
    expect(reply!.text).toMatch(/^Sorry/);
    expect(card(reply).text).toContain('[0758-2828903](tel:0758-2828903)');
    expect(card(reply).text).toMatch(/Most likely to help: General Office/);
    expect(titles(reply)).toEqual(expect.arrayContaining(['Passports', 'Contact us']));
  });

  it('typing a number never picks from the menu, and "人工智能" is a question', async () => {
    const { adapter, logs } = createBotHarness({ knowledgeDir: KNOWLEDGE });
    await send(adapter, '人工智能');
    expect(logs.some((l) => l.event === 'handoff.requested')).toBe(false);
    const [number] = await send(adapter, { type: 'message', text: '7', locale: 'en-US' });
    expect(card(number).title).toBeUndefined();
  });

  it('follows the script typed within Chinese, and keeps an explicit English choice', async () => {
    const { adapter } = createBotHarness({ knowledgeDir: KNOWLEDGE });
    await send(adapter, { type: 'message', text: '', value: { action: 'language', locale: 'zh-Hans' } });
    const [hant] = await send(adapter, '公務護照怎麼辦理？');
    expect(hant!.locale).toBe('zh-Hant');
    await send(adapter, { type: 'message', text: 'English', value: { action: 'language', locale: 'en' } });
    const [en] = await send(adapter, '公務護照怎麼辦理？');
    expect(en!.locale).toBe('en');
  });
});
