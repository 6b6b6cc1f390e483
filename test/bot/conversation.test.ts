import type { Storage } from 'botbuilder';
import { BoundedMemoryStorage } from '../../src/storage/boundedMemoryStorage';
import { createBotHarness, send } from '../helpers/bot';

describe('FaoBot conversations (TestAdapter)', () => {
  it('answers from the knowledge base in the language of the text', async () => {
    const { adapter } = createBotHarness();
    const [en] = await send(adapter, 'How do I apply for a service passport?');
    expect(en!.locale).toBe('en');
    expect(en!.text).toMatch(
      /^The Service Passport is issued by Foreign Affairs Office of Zhaoqing Municipality/
    );
    expect(en!.text).toMatch(/Source: Zhaoqing FAO, main responsibilities \(d\) · Last reviewed: 2026-11-20/);
    const [hans] = await send(adapter, '公务护照怎么办理？');
    expect(hans!.locale).toBe('zh-Hans');
    expect(hans!.text).toContain('公务护照由肇庆市外事办公室颁发');
    const [hant] = await send(adapter, '公務護照怎麼辦理？');
    expect(hant!.locale).toBe('zh-Hant');
    expect(hant!.text).toContain('公務護照由肇慶市外事辦公室頒發');
  });

  it('takes the language from the channel locale when the text does not tell', async () => {
    const { adapter } = createBotHarness({ defaultLocale: 'en' });
    const [reply] = await send(adapter, { type: 'message', text: '12345', locale: 'zh-TW' });
    expect(reply!.locale).toBe('zh-Hant');
    // Chinese characters common to both scripts keep the channel's Traditional variant.
    const [common] = await send(adapter, { type: 'message', text: '中文', locale: 'zh-HK' });
    expect(common!.locale).toBe('zh-Hant');
  });

  it('falls back to the default locale with no text signal and no channel locale', async () => {
    const { adapter } = createBotHarness({ defaultLocale: 'zh-Hans' });
    const [reply] = await send(adapter, { type: 'message', text: '   ' });
    expect(reply!.locale).toBe('zh-Hans');
    expect(reply!.text).toContain('空的');
  });

  it('apologises with the office phone number (on the contact card) when nothing matches', async () => {
    const { adapter, logs } = createBotHarness();
    const [reply] = await send(adapter, 'Can you recommend a good restaurant?');
    expect(reply!.locale).toBe('en');
    expect(reply!.text).toMatch(/Sorry/);
    expect(JSON.stringify(reply!.attachments)).toContain('0758-2828903');
    expect(logs.find((l) => l.event === 'message.unmatched')).toMatchObject({ locale: 'en' });
  });

  it('offers did-you-mean buttons that answer exactly the chosen entry', async () => {
    const { adapter } = createBotHarness();
    const [reply] = await send(adapter, 'passport');
    const actions = reply!.suggestedActions!.actions;
    expect(actions.length).toBeGreaterThanOrEqual(2);
    const chosen = actions.find(
      (a) => (a.value as { entryId: string }).entryId === 'passport-public-affairs'
    )!;
    const [answer] = await send(adapter, { type: 'message', text: chosen.title, value: chosen.value });
    expect(answer!.text).toMatch(/Passport for Public Affairs/);
  });

  it('replies to attachments without text and to over-long text without throwing', async () => {
    const { adapter } = createBotHarness();
    const [attachment] = await send(adapter, {
      type: 'message',
      locale: 'en-US',
      attachments: [{ contentType: 'image/png', contentUrl: 'http://example.invalid/a.png' }]
    });
    expect(attachment!.text).toMatch(/only read text/);
    const [long] = await send(adapter, { type: 'message', text: 'passport '.repeat(200) });
    expect(long!.text).toMatch(/too long/);
  });

  it('welcomes a new member in the channel language', async () => {
    const { adapter } = createBotHarness();
    const replies = await send(adapter, {
      type: 'conversationUpdate',
      locale: 'en-US',
      membersAdded: [{ id: 'user-1', name: 'User' }],
      recipient: { id: 'bot', name: 'Bot' }
    });
    expect(replies[0]!.text).toMatch(/automated assistant of the Foreign Affairs Office of Zhaoqing/);
    expect(replies[0]!.text).toMatch(/do not type passport/);
  });
});

describe('FaoBot: the stock ActivityHandler shape', () => {
  it('runs an onMessage handler a newcomer adds, after the bot has answered', async () => {
    const { adapter, bot } = createBotHarness();
    const seen: string[] = [];
    bot.onMessage(async (context, next) => {
      seen.push(context.activity.text ?? '');
      await context.sendActivity('added handler ran');
      await next();
    });
    const replies = await send(adapter, 'How do I apply for a service passport?');
    expect(replies.map((r) => r.text)).toEqual([
      expect.stringMatching(/Service Passport/),
      'added handler ran'
    ]);
    expect(seen).toEqual(['How do I apply for a service passport?']);
  });

  it('two concurrent turns of one conversation both finish and neither change is lost', async () => {
    const inner = new BoundedMemoryStorage({ maxItems: 100, ttlMs: 60_000 });
    // Reads wait until both turns have read: both start from the same stored version.
    let waiting: (() => void)[] = [];
    let gate = false;
    let conflicts = 0;
    const storage: Storage = {
      read: async (keys) => {
        const items = await inner.read(keys);
        if (gate) {
          await new Promise<void>((resolve) => {
            waiting.push(resolve);
            if (waiting.length === 2) {
              for (const go of waiting) go();
              waiting = [];
              gate = false;
            }
          });
        }
        return items;
      },
      write: async (changes) => {
        try {
          await inner.write(changes);
        } catch (error) {
          conflicts++;
          throw error;
        }
      },
      delete: (keys) => inner.delete(keys)
    };
    const { adapter, logs } = createBotHarness({ storage });
    await send(adapter, 'How do I apply for a service passport?');
    gate = true;
    const [a, b] = await Promise.all([
      adapter.processActivity(adapter.makeActivity('繁體中文')),
      adapter.processActivity(adapter.makeActivity('help'))
    ]).then(() => [adapter.activeQueue.shift(), adapter.activeQueue.shift()]);
    expect([a, b].every((r) => typeof r?.text === 'string')).toBe(true);
    expect(conflicts).toBe(1);
    expect(logs.filter((l) => l.event === 'turn.error')).toEqual([]);
    // The language switch (profile) and the later conversation write are both stored.
    const stored = await inner.read(['test/users/user1', 'test/conversations/Convo1']);
    expect(stored['test/users/user1']?.profile).toEqual({ locale: 'zh-Hant' });
    expect(stored['test/conversations/Convo1']?.conversation.pending.length).toBeGreaterThan(0);
  });
});
