import { escapeHtml } from '../../src/http/html';
import { pickPageLocale, renderChatPage, type PageInput } from '../../src/web/page';

describe('pickPageLocale', () => {
  it.each([
    ['en', undefined, 'en'],
    ['zh-Hant', 'en', 'zh-Hant'],
    ['zh-Hans', 'en', 'zh-Hans'],
    ['zh-TW', undefined, 'zh-Hant'],
    ['fr', 'zh-HK,en;q=0.5', 'zh-Hant'],
    [undefined, 'fr-FR,fr;q=0.9,en;q=0.8,zh-CN;q=0.7', 'en'],
    [undefined, 'de;q=0.9, zh-CN;q=0.95', 'zh-Hans'],
    [undefined, 'en;q=0, zh-TW;q=0.1', 'zh-Hant'],
    [undefined, 'fr, de', 'zh-Hans'],
    [undefined, ';;;,q=abc', 'zh-Hans'],
    [['en', 'zh'], undefined, 'zh-Hans']
  ])('lang=%j with Accept-Language %j -> %s', (lang, accept, expected) => {
    expect(pickPageLocale(lang, accept, 'zh-Hans')).toBe(expected);
  });
});

describe('renderChatPage', () => {
  const input: PageInput = {
    locale: 'zh-Hans',
    embed: false,
    offices: {
      en: {
        name: 'Foreign Affairs Office',
        address: 'No. 18 Jiangbin West Road',
        phones: ['0758-2828903', '0758-2837849']
      },
      'zh-Hans': {
        name: '肇庆市外事办公室',
        address: '肇庆市端州区江滨西路18号',
        phones: ['0758-2828903', '0758-2837849']
      },
      'zh-Hant': {
        name: '肇慶市外事辦公室',
        address: '肇慶市端州區江濱西路18號',
        phones: ['0758-2828903', '0758-2837849']
      }
    },
    assets: {
      webChat: '/static/webchat-4.18.1.js',
      script: '/static/chat.js?v=1',
      style: '/static/chat.css?v=1'
    },
    tokenUrl: '/v3/directline/tokens/generate'
  };

  it('renders the language, the automated-assistant and ID-number note, and the language switch', () => {
    const html = renderChatPage(input);
    expect(html).toContain('<html lang="zh-Hans">');
    expect(html).toContain('这是自动应答助手，不是人工客服。');
    expect(html).toContain('请勿输入护照号、身份证号或银行卡号。');
    expect(html).toContain('<a href="?lang=en" lang="en" hreflang="en" data-locale="en">English</a>');
    expect(html).toContain('aria-current="true">简体中文</a>');
    expect(html).toContain('电话：0758-2828903、0758-2837849');
    expect(html).toContain('"webChatLocale":"zh-CN"');
    // Every language's page text travels with the page, so it can follow the chat's language.
    for (const text of [
      'Online enquiries',
      '線上諮詢',
      '請輸入您的問題',
      '外辦',
      'Type your question',
      '肇慶市外事辦公室'
    ])
      expect(html).toContain(text);
    expect(html).not.toMatch(/https?:\/\//); // no outside address at all
  });

  it('keeps the embed flag in language links and cannot be broken out of by office text', () => {
    const html = renderChatPage({
      ...input,
      locale: 'en',
      embed: true,
      offices: { ...input.offices, en: { ...input.offices.en, name: '</script><script>alert(1)</script>' } }
    });
    expect(html).toContain('href="?lang=zh-Hant&amp;embed=1"');
    expect(html).toContain('<body class="embed">');
    expect(html).not.toContain('<script>alert(1)');
    expect(escapeHtml(`<a href="x" title='y'>&`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;');
  });
});
