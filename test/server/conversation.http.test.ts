/** The conversation over HTTP against the real server (restify + CloudAdapter), replies by expectReplies. */
import { messageActivity, postActivity, startApp, type Replies, type RunningApp } from '../helpers/server';

type ReplyActivity = Replies['activities'][number];

function messages(replies: Replies): ReplyActivity[] {
  return replies.activities.filter((a) => a.type === 'message');
}

describe('conversation over HTTP (expectReplies)', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ DEFAULT_LOCALE: 'zh-Hans' });
  });
  afterAll(async () => {
    await running.close();
  });

  it.each([['a string'], [[null, 5, 'x']]])(
    'ignores junk membersAdded (%j) without a turn error',
    async (membersAdded) => {
      const before = running.logs.length;
      const activity = { ...messageActivity(''), type: 'conversationUpdate', membersAdded };
      delete (activity as { text?: string }).text;
      const replies = await postActivity(running.baseUrl, activity);
      expect(replies.status).toBe(200);
      expect(running.logs.slice(before).filter((l) => l.event === 'turn.error')).toEqual([]);
    }
  );

  it('welcomes a conversationUpdate with the topic and language buttons', async () => {
    const activity = {
      ...messageActivity(''),
      type: 'conversationUpdate',
      locale: 'en-US',
      membersAdded: [{ id: 'user-1', name: 'User' }, { id: 'bot' }]
    };
    delete (activity as { text?: string }).text;
    const replies = await postActivity(running.baseUrl, activity);
    expect(replies.status).toBe(200);
    const [welcome] = messages(replies);
    expect(welcome!.locale).toBe('en');
    expect(welcome!.text).toMatch(
      /automated assistant of the Foreign Affairs Office of Zhaoqing Municipality/
    );
    expect(welcome!.text).toMatch(/do not type passport, ID-card or bank card numbers/);
    expect(welcome!.suggestedActions!.actions.map((a) => a.title)).toEqual([
      'Passports',
      'Visa help',
      'Contact us',
      'English',
      '简体中文',
      '繁體中文'
    ]);
  });

  it('offers did-you-mean buttons for "passport" whose values answer the chosen entry', async () => {
    const conversation = { id: 'http-did-you-mean' };
    const [suggestion] = messages(
      await postActivity(running.baseUrl, messageActivity('passport', { conversation }))
    );
    expect(suggestion!.text).toMatch(/Did you mean/);
    const actions = suggestion!.suggestedActions!.actions;
    expect(actions).toHaveLength(3);
    for (const action of actions) {
      const value = action.value as { action: string; entryId: string };
      expect(value.action).toBe('answer');
      const [answer] = messages(
        await postActivity(running.baseUrl, messageActivity(action.title, { conversation, value }))
      );
      expect(answer!.text).toMatch(/Last reviewed/);
      expect(running.logs.filter((l) => l.event === 'suggestion.chosen').at(-1)).toMatchObject({
        entryId: value.entryId
      });
    }
  });

  it('answers an unmatched question with the contact card', async () => {
    const [reply] = messages(
      await postActivity(running.baseUrl, messageActivity('Can you recommend a good restaurant?'))
    );
    expect(reply!.text).toMatch(/^Sorry, I could not find an answer/);
    const card = reply!.attachments![0] as { contentType: string; content: { title: string; text: string } };
    expect(card.contentType).toBe('application/vnd.microsoft.card.hero');
    expect(card.content.title).toBe('Foreign Affairs Office of Zhaoqing Municipality');
    // Phone numbers are tappable (tel: links) where the channel renders Markdown.
    expect(card.content.text).toContain(
      'Phone: [0758-2828903](tel:0758-2828903), [0758-2837849](tel:0758-2837849)'
    );
    expect(card.content.text).toContain('Fax: 0758-2837791');
    expect(card.content.text).toContain('Most likely to help: General Office');
    expect(running.logs.some((l) => l.event === 'message.unmatched' && l.division === 'general-office')).toBe(
      true
    );
  });

  it('on sms gives a numbered text list, and "2" answers option 2', async () => {
    const sms = { channelId: 'sms', conversation: { id: 'http-sms' }, from: { id: '+8613800000000' } };
    const [list] = messages(await postActivity(running.baseUrl, messageActivity('passport', sms)));
    expect(list!.suggestedActions).toBeUndefined();
    const options = list!.text!.split('\n').filter((line) => /^\d\. /.test(line));
    expect(options).toHaveLength(3);
    expect(list!.text).toMatch(/Reply with a number\.$/);
    const [answer] = messages(await postActivity(running.baseUrl, messageActivity('2', sms)));
    const secondTitle = options[1]!.slice('2. '.length);
    const chosen = running.logs.filter((l) => l.event === 'suggestion.chosen').at(-1) as { entryId: string };
    const suggested = running.logs.filter((l) => l.event === 'message.suggested').at(-1) as {
      entryIds: string[];
    };
    expect(chosen.entryId).toBe(suggested.entryIds[1]);
    // Asking the second title directly gives the same answer.
    const [direct] = messages(
      await postActivity(running.baseUrl, messageActivity(secondTitle, { channelId: 'sms' }))
    );
    expect(answer!.text!.split('\n\n')[0]).toBe(direct!.text!.split('\n\n')[0]);
    expect(answer!.attachments ?? []).toHaveLength(0);
  });

  it('switches language by typing and by the button, remembered for the user', async () => {
    const user = { from: { id: 'http-language-user' } };
    const [typed] = messages(await postActivity(running.baseUrl, messageActivity('English', user)));
    expect(typed!.text).toBe('OK, I will answer in English from now on.');
    const [answer] = messages(
      await postActivity(running.baseUrl, messageActivity('公务护照怎么办理？', user))
    );
    expect(answer!.locale).toBe('en');
    const button = { ...user, value: { action: 'language', locale: 'zh-Hant' } };
    const [clicked] = messages(await postActivity(running.baseUrl, messageActivity('繁體中文', button)));
    expect(clicked!.locale).toBe('zh-Hant');
    expect(clicked!.text).toBe('好的，接下來我將用繁體中文回答。');
  });
});
