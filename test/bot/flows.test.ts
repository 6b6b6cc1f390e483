/** The conversation of issue 5, through botbuilder's TestAdapter, in all three languages. */
import type { Activity, CardAction, ConversationAccount, Middleware } from 'botbuilder';
import type { Locale } from '../../src/language/locale';
import { createBotHarness, send } from '../helpers/bot';
import { knowledgeWithHours } from '../helpers/knowledgeDirs';
import { waitFor } from '../helpers/wait';

interface Language {
  locale: Locale;
  channelLocale: string;
  welcome: RegExp;
  privacy: RegExp;
  topicTitles: string[];
  question: string;
  answer: RegExp;
  provenance: RegExp;
  helpful: RegExp;
  vague: string;
  didYouMean: RegExp;
  unmatched: string;
  sorry: RegExp;
  contactQuestion: string;
  addressLabel: string;
  divisionLine: RegExp;
  switchWords: string[];
  switched: RegExp;
  menuWords: string[];
  menuIntro: RegExp;
  restartWord: string;
  restarted: RegExp;
  personalData: string;
  notStored: RegExp;
  rest: RegExp;
  empty: RegExp;
  tooLong: RegExp;
  attachment: RegExp;
  emoji: RegExp;
  thanks: RegExp;
  feedbackSorry: RegExp;
  chooseNumber: RegExp;
}

const LANGUAGES: Language[] = [
  {
    locale: 'en',
    channelLocale: 'en-US',
    welcome:
      /^Hello! I am the automated assistant of the Foreign Affairs Office of Zhaoqing Municipality\. I can answer questions about the office/,
    privacy: /\n\nPrivacy: please do not type passport, ID-card or bank card numbers here\.$/,
    topicTitles: ['Passports', 'Visa help', 'Contact us'],
    question: 'How do I apply for a service passport?',
    answer: /^The Service Passport is issued by/,
    provenance: /_Source: Zhaoqing FAO, main responsibilities \(d\) · Last reviewed: 2026-11-20_/,
    helpful: /Was this helpful\?$/,
    vague: 'passport',
    didYouMean: /^I am not sure I understood\. Did you mean:$/,
    unmatched: 'Can you recommend a good restaurant?',
    sorry: /^Sorry, I could not find an answer to that\./,
    contactQuestion: 'What is the office address?',
    addressLabel: 'Address: No. 18 Jiangbin West Road, Duanzhou District, Zhaoqing (postcode 526060)',
    divisionLine: /Most likely to help: General Office \(general enquiries and coordination\)/,
    switchWords: ['English', 'switch to English', 'english.'],
    switched: /^OK, I will answer in English from now on\.$/,
    menuWords: ['help', 'menu', 'Menu!'],
    menuIntro: /^Here is what I can help with\./,
    restartWord: 'restart',
    restarted: /^OK, let's start again\./,
    personalData: 'My passport E12345678 expired, how do I renew my passport?',
    notStored:
      /I do not need passport, ID-card or bank card numbers, and the number you typed has not been stored\./,
    rest: /^Private passports are issued by the Exit-Entry Administration/,
    empty: /Your message was empty/,
    tooLong: /too long \(1200 characters; the limit is 1000\)/,
    attachment: /I can only read text/,
    emoji: /I can only understand words/,
    thanks: /^Thank you for your feedback!$/,
    feedbackSorry: /^Thank you for telling me\. Sorry that did not help\./,
    chooseNumber: /^Please reply with a number from 1 to 3/
  },
  {
    locale: 'zh-Hans',
    channelLocale: 'zh-CN',
    welcome: /^您好！我是肇庆市外事办公室的自动问答助手，可以解答/,
    privacy: /\n\n隐私提示：请勿在此输入护照号码、身份证号码或银行卡号。$/,
    topicTitles: ['护照', '签证协助', '联系我们'],
    question: '公务护照怎么办理？',
    answer: /^公务护照由肇庆市外事办公室颁发/,
    provenance: /_来源：肇庆市外办主要职责（四） · 最近审核：2026-11-20_/,
    helpful: /这个回答对您有帮助吗？$/,
    vague: '护照的事',
    didYouMean: /^我不太确定您的意思。您是想问：$/,
    unmatched: '附近有什么好吃的餐厅？',
    sorry: /^抱歉，暂时没有找到相关答案。/,
    contactQuestion: '办公地址在哪里？',
    addressLabel: '地址：肇庆市端州区江滨西路18号（邮编526060）',
    divisionLine: /最可能为您提供帮助的部门：办公室（综合事务和协调）/,
    switchWords: ['简体', '简体中文', '切换到简体中文'],
    switched: /^好的，接下来我将用简体中文回答。$/,
    menuWords: ['帮助', '菜单', '菜单？'],
    menuIntro: /^我可以帮您解答以下方面的问题。/,
    restartWord: '重新开始',
    restarted: /^好的，我们重新开始。/,
    personalData: '11010519491231002X 护照过期了怎么换',
    notStored: /我不需要您的护照号码、身份证号码或银行卡号，您输入的号码没有被保存。/,
    rest: /^因私护照由公安机关出入境管理部门办理/,
    empty: /您发送的消息是空的/,
    tooLong: /您的消息太长了（1200个字符，上限为1000）/,
    attachment: /我只能阅读文字/,
    emoji: /我只能理解文字/,
    thanks: /^感谢您的反馈！$/,
    feedbackSorry: /^感谢您告诉我。很抱歉没能帮到您。/,
    chooseNumber: /^请回复 1 到 3 之间的序号/
  },
  {
    locale: 'zh-Hant',
    channelLocale: 'zh-TW',
    welcome: /^您好！我是肇慶市外事辦公室的自動問答助手，可以解答/,
    privacy: /\n\n私隱提示：請勿在此輸入護照號碼、身份證號碼或銀行卡號。$/,
    topicTitles: ['護照', '簽證協助', '聯絡我們'],
    question: '公務護照怎麼辦理？',
    answer: /^公務護照由肇慶市外事辦公室頒發/,
    provenance: /_來源：肇慶市外辦主要職責（四） · 最近審核：2026-11-20_/,
    helpful: /這個回答對您有幫助嗎？$/,
    vague: '護照的事',
    didYouMean: /^我不太確定您的意思。您是想問：$/,
    unmatched: '附近有什麼好吃的餐廳？',
    sorry: /^抱歉，暫時沒有找到相關答案。/,
    contactQuestion: '辦公地址在哪裡？',
    addressLabel: '地址：肇慶市端州區江濱西路18號（郵編526060）',
    divisionLine: /最可能為您提供幫助的部門：辦公室（綜合事務和協調）/,
    switchWords: ['繁體', '繁体中文', '請用繁體中文'],
    switched: /^好的，接下來我將用繁體中文回答。$/,
    menuWords: ['幫助', '選單', '選單。'],
    menuIntro: /^我可以幫您解答以下方面的問題。/,
    restartWord: '重新開始',
    restarted: /^好的，我們重新開始。/,
    personalData: '6222 0212 3456 7894 護照過期了怎麼換',
    notStored: /我不需要您的護照號碼、身份證號碼或銀行卡號，您輸入的號碼沒有被儲存。/,
    rest: /^因私護照由公安機關出入境管理部門辦理/,
    empty: /您發送的訊息是空的/,
    tooLong: /您的訊息太長了（1200個字元，上限為1000）/,
    attachment: /我只能閱讀文字/,
    emoji: /我只能理解文字/,
    thanks: /^感謝您的意見！$/,
    feedbackSorry: /^感謝您告訴我。很抱歉沒能幫到您。/,
    chooseNumber: /^請回覆 1 到 3 之間的序號/
  }
];

const LANGUAGE_BUTTONS = [
  { title: 'English', value: { action: 'language', locale: 'en' } },
  { title: '简体中文', value: { action: 'language', locale: 'zh-Hans' } },
  { title: '繁體中文', value: { action: 'language', locale: 'zh-Hant' } }
];

function conversation(id: string): ConversationAccount {
  return { id, name: id, isGroup: false, conversationType: 'personal' };
}

function actionsOf(activity: Partial<Activity> | undefined): CardAction[] {
  return activity?.suggestedActions?.actions ?? [];
}

/** The message a user's click on a messageBack button sends. */
function click(action: CardAction, extra: Partial<Activity> = {}): Partial<Activity> {
  return { type: 'message', text: action.text as string, value: action.value as unknown, ...extra };
}

function welcomeActivity(channelLocale: string, extra: Partial<Activity> = {}): Partial<Activity> {
  return {
    type: 'conversationUpdate',
    locale: channelLocale,
    membersAdded: [{ id: 'user1', name: 'User' }],
    recipient: { id: 'bot', name: 'Bot' },
    ...extra
  };
}

interface HeroContent {
  title: string;
  text: string;
  buttons: CardAction[];
}

function heroOf(activity: Partial<Activity> | undefined): HeroContent {
  const attachment = activity?.attachments?.find(
    (a) => a.contentType === 'application/vnd.microsoft.card.hero'
  );
  expect(attachment).toBeDefined();
  return attachment!.content as HeroContent;
}

describe.each(LANGUAGES)('conversation in $locale', (lang) => {
  it('welcomes a new member with the assistant line, the privacy note and topic and language buttons', async () => {
    const { adapter } = createBotHarness({ defaultLocale: lang.locale === 'en' ? 'zh-Hans' : 'en' });
    const replies = await send(adapter, welcomeActivity(lang.channelLocale));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.locale).toBe(lang.locale);
    expect(replies[0]!.text).toMatch(lang.welcome);
    expect(replies[0]!.text).toMatch(lang.privacy);
    const actions = actionsOf(replies[0]);
    // Topics without entries in the knowledge (overseas Chinese, donations) have no button.
    expect(actions.map((a) => a.title)).toEqual([...lang.topicTitles, 'English', '简体中文', '繁體中文']);
    expect(actions.map((a) => a.value)).toEqual([
      { action: 'topic', topic: 'passports' },
      { action: 'topic', topic: 'visas' },
      { action: 'contact' },
      ...LANGUAGE_BUTTONS.map((b) => b.value)
    ]);
    expect(
      actions.every((a) => a.type === 'messageBack' && a.text === a.title && a.displayText === a.title)
    ).toBe(true);
  });

  it('does not welcome the bot itself', async () => {
    const { adapter } = createBotHarness();
    const replies = await send(
      adapter,
      welcomeActivity(lang.channelLocale, { membersAdded: [{ id: 'bot', name: 'Bot' }] })
    );
    expect(replies).toHaveLength(0);
  });

  it('leads from a topic button to that topic’s questions, and from one to its answer', async () => {
    const { adapter } = createBotHarness();
    const [welcome] = await send(adapter, welcomeActivity(lang.channelLocale));
    const [topic] = await send(adapter, click(actionsOf(welcome)[0]!, { locale: lang.channelLocale }));
    expect(topic!.locale).toBe(lang.locale);
    expect(topic!.text).toContain(lang.topicTitles[0]!);
    const values = actionsOf(topic).map((a) => a.value);
    expect(values).toEqual([
      { action: 'answer', entryId: 'passport-service', via: 'topic' },
      { action: 'answer', entryId: 'passport-public-affairs', via: 'topic' }
    ]);
    const [answer] = await send(adapter, click(actionsOf(topic)[0]!, { locale: lang.channelLocale }));
    expect(answer!.text).toMatch(lang.answer);
  });

  it('answers with provenance, follow-ups and a "Was this helpful?" pair, and logs feedback without text', async () => {
    const { adapter, logs } = createBotHarness();
    const [answer] = await send(adapter, lang.question);
    expect(answer!.locale).toBe(lang.locale);
    expect(answer!.text).toMatch(lang.answer);
    expect(answer!.text).toMatch(lang.provenance);
    expect(answer!.text).toMatch(lang.helpful);
    const actions = actionsOf(answer);
    expect(actions.map((a) => a.value)).toEqual([
      { action: 'answer', entryId: 'passport-public-affairs', via: 'followup' },
      { action: 'feedback', entryId: 'passport-service', value: 'helpful' },
      { action: 'feedback', entryId: 'passport-service', value: 'not-helpful' }
    ]);
    expect(actions[1]!.title.startsWith('👍')).toBe(true);
    expect(actions[2]!.title.startsWith('👎')).toBe(true);

    const [thanks] = await send(adapter, click(actions[1]!));
    expect(thanks!.text).toMatch(lang.thanks);
    const [sorry] = await send(adapter, click(actions[2]!));
    expect(sorry!.text).toMatch(lang.feedbackSorry);
    // Not helpful: the contact card with the division of the entry.
    expect(heroOf(sorry).text).toContain('0758-2828903');
    const feedback = logs.filter((l) => l.event === 'feedback.given');
    expect(feedback).toEqual([
      expect.objectContaining({ entryId: 'passport-service', locale: lang.locale, value: 'helpful' }),
      expect.objectContaining({ entryId: 'passport-service', locale: lang.locale, value: 'not-helpful' })
    ]);
    for (const line of feedback) expect(line).not.toHaveProperty('text');

    // A follow-up button answers exactly its entry.
    const [followup] = await send(adapter, click(actions[0]!));
    expect(followup!.text).toMatch(
      lang.locale === 'en' ? /Passport for Public Affairs/ : /因公普通護照|因公普通护照/
    );
  });

  it('offers the top three question titles as did-you-mean buttons that answer exactly the chosen entry', async () => {
    const { adapter, logs } = createBotHarness();
    const [reply] = await send(adapter, lang.vague);
    expect(reply!.locale).toBe(lang.locale);
    expect(reply!.text).toMatch(lang.didYouMean);
    const actions = actionsOf(reply);
    expect(actions).toHaveLength(3);
    expect(new Set(actions.map((a) => (a.value as { entryId: string }).entryId))).toEqual(
      new Set(['passport-service', 'passport-public-affairs', 'ordinary-passport-referral'])
    );
    for (const action of actions) {
      const entryId = (action.value as { entryId: string }).entryId;
      // The text is only the title; the value decides, so the choice cannot re-match elsewhere.
      const [answer] = await send(adapter, { type: 'message', text: 'passport', value: action.value });
      expect(logs.at(-1)).toMatchObject({ event: 'suggestion.chosen', entryId, via: 'suggestion' });
      expect(answer!.text).toMatch(/_.+ · .+_/);
    }
  });

  it('apologises for no match with the contact card and the general office', async () => {
    const { adapter, logs } = createBotHarness();
    const [reply] = await send(adapter, lang.unmatched);
    expect(reply!.locale).toBe(lang.locale);
    expect(reply!.text).toMatch(lang.sorry);
    const card = heroOf(reply);
    expect(card.title).toBe(
      lang.locale === 'en'
        ? 'Foreign Affairs Office of Zhaoqing Municipality'
        : lang.locale === 'zh-Hans'
          ? '肇庆市外事办公室'
          : '肇慶市外事辦公室'
    );
    expect(card.text).toContain(lang.addressLabel);
    expect(card.text).toContain('0758-2828903');
    expect(card.text).toContain('0758-2837849');
    expect(card.text).toContain('0758-2837791');
    expect(card.text).toMatch(lang.divisionLine);
    expect(logs.find((l) => l.event === 'message.unmatched')).toMatchObject({
      locale: lang.locale,
      division: 'general-office'
    });
  });

  it('answers a contact entry with the same card, and "Contact us" shows it too', async () => {
    const { adapter } = createBotHarness();
    const [answer] = await send(adapter, lang.contactQuestion);
    expect(answer!.text).toContain('0758-2828903');
    const card = heroOf(answer);
    expect(card.text).toContain(lang.addressLabel);
    expect(card.text).toMatch(lang.divisionLine);
    const [contact] = await send(adapter, {
      type: 'message',
      text: lang.topicTitles[2],
      value: { action: 'contact' }
    });
    expect(heroOf(contact)).toEqual(card);
  });

  it('switches language by typing, remembers it per user and confirms in the new language', async () => {
    const { adapter, logs } = createBotHarness({ defaultLocale: lang.locale === 'en' ? 'zh-Hans' : 'en' });
    for (const word of lang.switchWords) {
      const [confirm] = await send(adapter, word);
      expect(confirm!.locale).toBe(lang.locale);
      expect(confirm!.text).toMatch(lang.switched);
      expect(actionsOf(confirm).map((a) => a.title)).toEqual([
        ...lang.topicTitles,
        'English',
        '简体中文',
        '繁體中文'
      ]);
    }
    expect(logs.filter((l) => l.event === 'language.changed').map((l) => l.locale)).toEqual(
      lang.switchWords.map(() => lang.locale)
    );
    // A message with no language signal, in another conversation of the same user, keeps the choice.
    const [later] = await send(adapter, {
      type: 'message',
      text: '12345',
      locale: 'ru-RU',
      conversation: conversation('another')
    });
    expect(later!.locale).toBe(lang.locale);
  });

  it('switches language by the button', async () => {
    const { adapter } = createBotHarness();
    const button = LANGUAGE_BUTTONS.find((b) => b.value.locale === lang.locale)!;
    const [confirm] = await send(adapter, { type: 'message', text: button.title, value: button.value });
    expect(confirm!.text).toMatch(lang.switched);
    const [answer] = await send(
      adapter,
      lang.locale === 'en' ? '公务护照怎么办理？' : 'How do I apply for a service passport?'
    );
    expect(answer!.locale).toBe(lang.locale);
    expect(answer!.text).toMatch(lang.answer);
  });

  it('tells the user it does not need personal numbers, then answers the rest of the question', async () => {
    const { adapter, logs } = createBotHarness();
    const replies = await send(adapter, lang.personalData);
    expect(replies).toHaveLength(2);
    expect(replies[0]!.text).toMatch(lang.notStored);
    expect(replies[1]!.text).toMatch(lang.rest);
    expect(replies.every((r) => r.locale === lang.locale)).toBe(true);
    const logged = JSON.stringify(logs);
    for (const secret of ['E12345678', '11010519491231002X', '6222 0212 3456 7894'])
      expect(logged).not.toContain(secret);
  });

  it('shows the topic menu for help and menu commands', async () => {
    const { adapter } = createBotHarness();
    for (const word of lang.menuWords) {
      const [menu] = await send(adapter, word);
      expect(menu!.locale).toBe(lang.locale);
      expect(menu!.text).toMatch(lang.menuIntro);
      expect(actionsOf(menu).map((a) => a.title)).toEqual([
        ...lang.topicTitles,
        'English',
        '简体中文',
        '繁體中文'
      ]);
    }
  });

  it('restarts: the conversation state is cleared and the old options no longer apply', async () => {
    const { adapter } = createBotHarness();
    const sms = {
      channelId: 'sms',
      conversation: conversation(`sms-restart-${lang.locale}`),
      locale: lang.channelLocale
    };
    await send(adapter, { type: 'message', text: lang.vague, ...sms });
    const [restarted] = await send(adapter, { type: 'message', text: lang.restartWord, ...sms });
    expect(restarted!.text).toMatch(lang.restarted);
    // "2" now picks the second menu option (visa help), not the second did-you-mean question.
    const [second] = await send(adapter, { type: 'message', text: '2', ...sms });
    expect(second!.text).toContain(lang.topicTitles[1]!);
  });

  it('replies to each odd input in the user’s language without throwing', async () => {
    const { adapter, logs } = createBotHarness({ defaultLocale: lang.locale === 'en' ? 'zh-Hans' : 'en' });
    const base = { type: 'message', locale: lang.channelLocale };
    const [empty] = await send(adapter, { ...base, text: ' \u200b  ' });
    expect(empty!.text).toMatch(lang.empty);
    const [long] = await send(adapter, { ...base, text: lang.question.slice(0, 1).repeat(1200) });
    expect(long!.text).toMatch(lang.tooLong);
    const [sticker] = await send(adapter, {
      ...base,
      attachments: [{ contentType: 'image/webp', contentUrl: 'https://example.invalid/sticker.webp' }]
    });
    expect(sticker!.text).toMatch(lang.attachment);
    const [emoji] = await send(adapter, { ...base, text: '😀🎉👍' });
    expect(emoji!.text).toMatch(lang.emoji);
    expect([empty, long, sticker, emoji].every((r) => r!.locale === lang.locale)).toBe(true);
    expect(logs.filter((l) => l.event === 'message.rejected').map((l) => l.reason)).toEqual([
      'empty',
      'tooLong',
      'attachmentOnly',
      'emojiOnly'
    ]);
  });

  it('gives text channels a numbered list, answers a number, and shows the card as plain text', async () => {
    const { adapter } = createBotHarness();
    const sms = { type: 'message', channelId: 'sms', conversation: conversation(`sms-${lang.locale}`) };
    const [list] = await send(adapter, { ...sms, text: lang.vague });
    expect(list!.suggestedActions).toBeUndefined();
    expect(list!.textFormat).toBe('plain');
    const lines = list!.text!.split('\n').filter((l) => /^\d\. /.test(l));
    expect(lines).toHaveLength(3);
    const [outOfRange] = await send(adapter, { ...sms, text: '7' });
    expect(outOfRange!.text).toMatch(lang.chooseNumber);
    const [answer] = await send(adapter, { ...sms, text: '2' });
    const chosenTitle = lines[1]!.slice(3);
    // The answer is the entry whose title was option 2.
    const [direct] = await send(adapter, {
      ...sms,
      conversation: conversation(`sms-direct-${lang.locale}`),
      text: chosenTitle
    });
    expect(answer!.text!.split('\n\n')[0]).toBe(direct!.text!.split('\n\n')[0]);
    expect(answer!.text).not.toMatch(/_/);

    const [unmatched] = await send(adapter, { ...sms, channelId: 'email', text: lang.unmatched });
    expect(unmatched!.attachments).toBeUndefined();
    expect(unmatched!.text).toContain(lang.addressLabel);
    expect(unmatched!.text).toMatch(lang.divisionLine);
  });
});

describe('conversation details', () => {
  it('answers an unsupported language in DEFAULT_LOCALE with a note on the supported languages', async () => {
    for (const [defaultLocale, note] of [
      ['en', /only answer in English, Simplified Chinese and Traditional Chinese/],
      ['zh-Hans', /我只能用英文、简体中文和繁体中文回答/],
      ['zh-Hant', /我只能用英文、簡體中文和繁體中文回答/]
    ] as const) {
      const { adapter, logs } = createBotHarness({ defaultLocale });
      for (const text of [
        'パスポートの申請方法を教えてください',
        '여권은 어떻게 신청하나요?',
        'Как получить паспорт?'
      ]) {
        const [reply] = await send(adapter, { type: 'message', text, locale: 'ja-JP' });
        expect(reply!.locale).toBe(defaultLocale);
        expect(reply!.text).toMatch(note);
        expect(
          actionsOf(reply)
            .map((a) => a.title)
            .slice(-3)
        ).toEqual(['English', '简体中文', '繁體中文']);
      }
      expect(logs.filter((l) => l.reason === 'unsupportedLanguage')).toHaveLength(3);
    }
  });

  it('replies to an unknown activity type and stays silent on known non-message types', async () => {
    const { adapter } = createBotHarness();
    const unknown = await send(adapter, { type: 'somethingNew', locale: 'en-US' } as Partial<Activity>);
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.text).toMatch(/only handle text messages/);
    expect(await send(adapter, { type: 'typing' })).toHaveLength(0);
    expect(await send(adapter, { type: 'messageReaction', reactionsAdded: [{ type: 'like' }] })).toHaveLength(
      0
    );
  });

  it('picks the division of the best weak candidate when nothing matches well', async () => {
    const { adapter, logs } = createBotHarness();
    const [reply] = await send(adapter, 'Do you sell concert tickets or a visa sticker for pets?');
    expect(reply!.text).toMatch(/^Sorry/);
    expect(heroOf(reply).text).toMatch(/Most likely to help: Division of Passport & Visa/);
    expect(logs.find((l) => l.event === 'message.unmatched')).toMatchObject({ division: 'passport-visa' });
  });

  it('takes a bare 👍 as feedback on the last answer, and a button of vanished knowledge gets the menu', async () => {
    const { adapter, logs } = createBotHarness();
    await send(adapter, 'How do I apply for a service passport?');
    const [thanks] = await send(adapter, '👍');
    expect(thanks!.text).toBe('Thank you for your feedback!');
    expect(logs.at(-1)).toMatchObject({
      event: 'feedback.given',
      entryId: 'passport-service',
      value: 'helpful'
    });
    const [stale] = await send(adapter, {
      type: 'message',
      text: 'Old',
      value: { action: 'answer', entryId: 'gone' }
    });
    expect(stale!.text).toMatch(/no longer available/);
    expect(actionsOf(stale).length).toBeGreaterThan(0);
  });

  it('shows options as a card of buttons where a channel has cards but no suggested actions (Teams)', async () => {
    const { adapter } = createBotHarness();
    const [reply] = await send(adapter, { type: 'message', channelId: 'msteams', text: 'passport' });
    expect(reply!.suggestedActions).toBeUndefined();
    const buttons = heroOf(reply).buttons;
    expect(buttons.map((b) => (b.value as { action: string }).action)).toEqual([
      'answer',
      'answer',
      'answer'
    ]);
  });

  it('sends a typing indicator while a turn takes long', async () => {
    // The turn is slow until the typing indicator (due after half a second) has gone out.
    let typingSent: () => boolean = () => false;
    const slow: Middleware = {
      onTurn: async (_context, next) => {
        await waitFor(typingSent, 'the typing indicator');
        await next();
      }
    };
    const { adapter } = createBotHarness({ middleware: [slow] });
    typingSent = () => adapter.activeQueue.some((a) => a.type === 'typing');
    const replies = await send(adapter, 'How do I apply for a service passport?');
    expect(replies[0]!.type).toBe('typing');
    expect(replies.at(-1)!.text).toMatch(/Service Passport/);
    const fast = createBotHarness();
    expect((await send(fast.adapter, 'How do I apply for a service passport?')).map((r) => r.type)).toEqual([
      'message'
    ]);
  });
});

describe.each([
  [
    '2026-11-23T12:30:00+08:00',
    'en',
    /The office is closed now\. It opens again today at 14:30 \(Beijing time\)\./
  ],
  ['2026-11-23T21:00:00+08:00', 'zh-Hans', /本办现在不在办公时间。明天08:30（北京时间）开始办公。/],
  ['2026-11-28T10:00:00+08:00', 'zh-Hant', /本辦現在不在辦公時間。週一08:30（北京時間）開始辦公。/],
  ['2026-11-27T18:00:00+08:00', 'en', /closed now\. It opens on Monday at 08:30/],
  ['2026-11-23T01:30:00Z', 'en', /The office is open now, until 12:00 \(Beijing time\)\./]
] as const)('opening hours at %s (%s)', (instant, locale, expected) => {
  it('says whether the office is open on the contact card', async () => {
    const { adapter } = createBotHarness({
      knowledgeDir: knowledgeWithHours(),
      now: () => new Date(instant),
      defaultLocale: locale
    });
    const [reply] = await send(adapter, { type: 'message', text: '', value: { action: 'contact' } });
    expect(reply!.locale).toBe(locale);
    expect(heroOf(reply).text).toMatch(expected);
  });
});

it('says nothing about opening hours when none are configured', async () => {
  const { adapter } = createBotHarness({ now: () => new Date('2026-11-23T21:00:00+08:00') });
  const [reply] = await send(adapter, 'Can you recommend a good restaurant?');
  expect(heroOf(reply).text).not.toMatch(/closed|open/i);
});
