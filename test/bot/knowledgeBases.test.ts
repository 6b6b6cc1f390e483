/**
 * The conversation suite run against every knowledge base we ship: the default office (with phones,
 * fax and address) and the Chongqing example (which publishes none). Expectations come from each
 * knowledge base itself, so a second office needs no new test code.
 */
import { linkPhones, webMarkdown } from '../../src/bot/markdown';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import type { KnowledgeBase } from '../../src/knowledge';
import { SUPPORTED_LOCALES, type Locale } from '../../src/language/locale';
import { createTranslator, DEFAULT_LOCALES_DIR, readLocaleResources } from '../../src/language/i18n';
import { createBotHarness, send } from '../helpers/bot';

const ROOT = path.resolve(__dirname, '..', '..');
const KNOWLEDGE_BASES = [
  ['the default knowledge base', path.join(ROOT, 'knowledge')],
  ['the Chongqing example', path.join(ROOT, 'examples', 'chongqing')]
] as const;
const t = createTranslator(readLocaleResources(DEFAULT_LOCALES_DIR));
const CHANNEL_LOCALE: Record<Locale, string> = { en: 'en-US', 'zh-Hans': 'zh-CN', 'zh-Hant': 'zh-TW' };
/** Questions no office answers, in each language's own script. */
const NONSENSE: Record<Locale, string> = {
  en: 'xqzv wpkj',
  'zh-Hans': '鳄鱼吃什么',
  'zh-Hant': '鱷魚吃甚麼'
};

/** Everything a user sees in a reply: text, card text and button titles. */
function visible(activity: Partial<Activity>): string {
  return [
    activity.text ?? '',
    cardText(activity),
    ...(activity.suggestedActions?.actions ?? []).map((a) => a.title)
  ].join('\n');
}

function cardText(activity: Partial<Activity>): string {
  return (activity.attachments ?? [])
    .map((a) => a.content as { title?: string; text?: string; buttons?: { title: string }[] })
    .flatMap((c) => [c.title ?? '', c.text ?? '', ...(c.buttons ?? []).map((b) => b.title)])
    .join('\n');
}

/** What every contact card must say for this office, and what it must never say. */
function expectContactCard(knowledge: KnowledgeBase, locale: Locale, reply: Partial<Activity>): void {
  const card = cardText(reply);
  const { office } = knowledge;
  expect(card).toContain(office.name[locale]);
  for (const phone of office.phones) expect(card).toContain(phone);
  if (office.fax) expect(card).toContain(office.fax);
  if (office.address) expect(card).toContain(office.address[locale]);
  if (!office.address && office.phones.length === 0) {
    expect(card).toContain(t(locale, 'contact.notPublished'));
    expect(card).not.toContain(t(locale, 'contact.line', { label: t(locale, 'contact.phone'), value: '' }));
  }
}

function expectNothingBroken(replies: Partial<Activity>[], knowledge: KnowledgeBase): void {
  for (const reply of replies) {
    const text = visible(reply);
    expect(text).not.toMatch(/\{\{|\}\}|undefined|null|NaN/);
    if (knowledge.office.phones.length === 0)
      expect(text).not.toMatch(/call the office at|致电本办|致電本辦/);
  }
}

describe.each(KNOWLEDGE_BASES)('conversations over %s', (_name, dir) => {
  const harness = () => createBotHarness({ knowledgeDir: dir, defaultLocale: 'zh-Hans' });
  const knowledgeOf = (h: ReturnType<typeof harness>) => h.store.current().knowledge;

  it.each(SUPPORTED_LOCALES)(
    'welcomes in %s with the office name, the privacy note and the menu',
    async (locale) => {
      const h = harness();
      const knowledge = knowledgeOf(h);
      const replies = await send(h.adapter, {
        type: 'conversationUpdate',
        locale: CHANNEL_LOCALE[locale],
        membersAdded: [{ id: 'user-1', name: 'User' }],
        recipient: { id: 'bot', name: 'Bot' }
      });
      expect(replies[0]!.text).toContain(t(locale, 'welcome', { office: knowledge.office.name[locale] }));
      expect(replies[0]!.text).toContain(t(locale, 'privacyNote'));
      const titles = replies[0]!.suggestedActions!.actions.map((a) => a.title);
      expect(titles).toContain(t(locale, 'topics.contact'));
      expectNothingBroken(replies, knowledge);
    }
  );

  it('answers every entry from its own title, in every language, with source and review date', async () => {
    const h = harness();
    const knowledge = knowledgeOf(h);
    const wrong: string[] = [];
    for (const entry of knowledge.entries) {
      for (const locale of SUPPORTED_LOCALES) {
        const title = entry.questions[locale][0]!;
        const replies = await send(h.adapter, {
          type: 'message',
          text: title,
          locale: CHANNEL_LOCALE[locale]
        });
        expectNothingBroken(replies, knowledge);
        let reply = replies[0]!;
        // A title may be answered directly or offered first among "did you mean"; picking it answers.
        const offered = reply.suggestedActions?.actions.find(
          (a) => (a.value as { action?: string; via?: string; entryId?: string }).via === 'suggestion'
        );
        if (offered && (offered.value as { entryId: string }).entryId === entry.id) {
          [reply] = await send(h.adapter, { type: 'message', text: offered.title, value: offered.value });
        }
        // As Web Chat shows it: bold beside punctuation and line breaks made to render (bot/markdown.ts).
        const shown = webMarkdown(linkPhones(entry.answer[locale], knowledge.office.phones));
        if (!reply!.text?.startsWith(shown.trim().slice(0, 40))) {
          wrong.push(`${locale} "${title}" -> ${reply!.text?.slice(0, 60)}`);
          continue;
        }
        expect(reply!.text).toContain(webMarkdown(entry.source[locale]));
        expect(reply!.text).toContain(entry.reviewed);
        if (entry.card === 'contact') expectContactCard(knowledge, locale, reply!);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each(SUPPORTED_LOCALES)(
    'shows the contact card in %s for "Contact us", no match and 👎',
    async (locale) => {
      const h = harness();
      const knowledge = knowledgeOf(h);
      const contact = await send(h.adapter, {
        type: 'message',
        locale: CHANNEL_LOCALE[locale],
        text: t(locale, 'topics.contact'),
        value: { action: 'contact' }
      });
      expectContactCard(knowledge, locale, contact[0]!);

      const unmatched = await send(h.adapter, {
        type: 'message',
        locale: CHANNEL_LOCALE[locale],
        text: NONSENSE[locale]
      });
      expect(unmatched[0]!.text).toBe(t(locale, 'noMatch'));
      expectContactCard(knowledge, locale, unmatched[0]!);

      const entry = knowledge.entries[0]!;
      const feedback = await send(h.adapter, {
        type: 'message',
        locale: CHANNEL_LOCALE[locale],
        text: t(locale, 'feedback.notHelpful'),
        value: { action: 'feedback', entryId: entry.id, value: 'not-helpful' }
      });
      expect(feedback[0]!.text).toBe(t(locale, 'feedback.sorry'));
      expectContactCard(knowledge, locale, feedback[0]!);
      expectNothingBroken([...contact, ...unmatched, ...feedback], knowledge);
    }
  );

  it('lists each menu topic and answers the entry a topic button offers', async () => {
    const h = harness();
    const knowledge = knowledgeOf(h);
    const [menu] = await send(h.adapter, { type: 'message', locale: 'en-US', text: 'menu' });
    const topics = menu!.suggestedActions!.actions.filter(
      (a) => (a.value as { action?: string }).action === 'topic'
    );
    for (const topic of topics) {
      const [list] = await send(h.adapter, {
        type: 'message',
        locale: 'en-US',
        text: topic.title,
        value: topic.value
      });
      const first = list!.suggestedActions!.actions[0]!;
      const id = (first.value as { entryId: string }).entryId;
      expect(knowledge.byId.get(id)!.topic).toBe((topic.value as { topic: string }).topic);
      const [answer] = await send(h.adapter, {
        type: 'message',
        locale: 'en-US',
        text: first.title,
        value: first.value
      });
      expect(answer!.text).toContain(knowledge.byId.get(id)!.answer.en.trim().slice(0, 40));
      expectNothingBroken([menu!, list!, answer!], knowledge);
    }
  });
});
