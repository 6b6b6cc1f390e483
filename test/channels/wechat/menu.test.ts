/** knowledge/wechat-menu.yaml -> WeChat's menu/create body, and `npm run wechat -- menu`. */
import path from 'node:path';
import { menuKeyValue } from '../../../src/channels/wechat/inbound';
import { parseMenu, readMenuFile, type WeChatMenuButton } from '../../../src/channels/wechat/menu';
import { main } from '../../../src/cli/wechat';
import { readKnowledge } from '../../../src/knowledge';
import { FakeWeChatApi } from '../../helpers/fakeWeChat';

const KNOWLEDGE = path.resolve(__dirname, '../../../knowledge');

function clickKeys(buttons: readonly WeChatMenuButton[]): string[] {
  return buttons.flatMap((b) => ('sub_button' in b ? clickKeys(b.sub_button) : 'key' in b ? [b.key] : []));
}

describe('the shipped menu', () => {
  const { menu, problems, topics } = readMenuFile(path.join(KNOWLEDGE, 'wechat-menu.yaml'));

  it('is valid, with the topics and "Contact us"', () => {
    expect(problems).toEqual([]);
    const keys = clickKeys(menu!.button);
    expect(keys).toEqual(
      expect.arrayContaining([
        'topic:passports',
        'topic:visas',
        'topic:overseas-chinese',
        'topic:donations',
        'contact'
      ])
    );
    for (const key of keys) expect(menuKeyValue(key)).toBeDefined();
  });

  it('lists only topics the knowledge has entries for', () => {
    const { knowledge } = readKnowledge(KNOWLEDGE);
    const known = new Set(knowledge!.entries.map((e) => e.topic));
    for (const topic of topics) expect(known.has(topic)).toBe(true);
  });

  it('does not disturb the knowledge loader', () => {
    expect(readKnowledge(KNOWLEDGE).problems.filter((p) => p.file === 'wechat-menu.yaml')).toEqual([]);
  });
});

describe('menu problems, with file and line', () => {
  const problemsOf = (yaml: string) =>
    parseMenu(yaml, 'menu.yaml').problems.map((p) => `${p.line}: ${p.field}: ${p.message}`);

  it.each([
    ['wechatMenu: []\n', /1: wechatMenu: must be a list/],
    ['other: 1\n', /wechatMenu: must be a list/],
    [
      'wechatMenu:\n  - name: 一二三四五六\n    action: contact\n',
      /2: wechatMenu.0.name: .* is 18 bytes; WeChat allows 16/
    ],
    ['wechatMenu:\n  - name: A\n    action: topic\n', /wechatMenu.0.topic: a topic action needs topic/],
    [
      'wechatMenu:\n  - name: A\n    action: language\n    locale: fr\n',
      /wechatMenu.0.locale: a language action needs locale/
    ],
    [
      'wechatMenu:\n  - name: A\n    action: url\n    url: javascript:alert(1)\n',
      /wechatMenu.0.url: a url action needs url/
    ],
    [
      'wechatMenu:\n  - name: A\n    action: dance\n',
      /wechatMenu.0.action: must be topic, contact, language or url/
    ],
    ['wechatMenu:\n  - name: A\n    items: []\n', /wechatMenu.0.items: must be a list of 1 to 5 items/],
    [
      `wechatMenu:\n  - name: A\n    items:\n${'      - {name: x, action: contact}\n'.repeat(6)}`,
      /must be a list of 1 to 5 items/
    ],
    [`wechatMenu:\n${'  - {name: x, action: contact}\n'.repeat(4)}`, /at most 3 buttons; found 4/],
    [
      'wechatMenu:\n  - name: A\n    items:\n      - name: B\n        items:\n          - {name: C, action: contact}\n',
      /an item cannot have items/
    ],
    ['wechatMenu: [\n', /YAML syntax/]
  ])('%j', (yaml, message) => {
    expect(problemsOf(yaml).join('\n')).toMatch(message);
  });

  it('builds view buttons for links', () => {
    const { menu } = parseMenu(
      'wechatMenu:\n  - {name: 官网, action: url, url: "https://www.zhaoqing.gov.cn/"}\n',
      'm.yaml'
    );
    expect(menu).toEqual({ button: [{ type: 'view', name: '官网', url: 'https://www.zhaoqing.gov.cn/' }] });
  });
});

describe('npm run wechat -- menu', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) } };
  };

  it('--dry-run prints the request without any WeChat settings', async () => {
    const run = io();
    expect(await main(['menu', '--dry-run'], run.io, { KNOWLEDGE_DIR: KNOWLEDGE })).toBe(0);
    expect(run.out.join('\n')).toMatch(/^POST \/cgi-bin\/menu\/create/);
    expect(run.out.join('\n')).toContain('"key": "contact"');
  });

  it('publishes through the API, and says what is missing otherwise', async () => {
    const fake = new FakeWeChatApi('wxmenutest0000001', 'menu-secret');
    await fake.start();
    try {
      const env = {
        KNOWLEDGE_DIR: KNOWLEDGE,
        WECHAT_TOKEN: 'menuToken',
        WECHAT_APP_ID: 'wxmenutest0000001',
        WECHAT_APP_SECRET: 'menu-secret',
        WECHAT_API_BASE_URL: fake.baseUrl
      };
      const run = io();
      expect(await main(['menu'], run.io, env)).toBe(0);
      expect(fake.menus).toEqual([readMenuFile(path.join(KNOWLEDGE, 'wechat-menu.yaml')).menu]);
      const wrong = io();
      expect(await main(['menu'], wrong.io, { ...env, WECHAT_APP_SECRET: 'wrong' })).toBe(1);
      expect(wrong.err.join('\n')).toMatch(/40125/);
    } finally {
      await fake.stop();
    }
    const missing = io();
    expect(await main(['menu'], missing.io, { KNOWLEDGE_DIR: KNOWLEDGE })).toBe(2);
    expect(missing.err.join('\n')).toMatch(/WECHAT_TOKEN/);
    const bad = io();
    expect(
      await main(['menu', '--file', '/nonexistent.yaml', '--dry-run'], bad.io, { KNOWLEDGE_DIR: KNOWLEDGE })
    ).toBe(1);
    expect(bad.err.join('\n')).toMatch(/cannot read/);
    expect(await main(['dance'], io().io, {})).toBe(2);
  });
});
