import { detectScript, normalizeLocale, resolveLocale } from '../../src/language';

describe('normalizeLocale', () => {
  it.each([
    ['en-US', 'en'],
    ['EN', 'en'],
    ['zh-CN', 'zh-Hans'],
    ['zh', 'zh-Hans'],
    ['zh-Hans-SG', 'zh-Hans'],
    ['zh_TW', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['zh-Hant', 'zh-Hant'],
    ['ja-JP', undefined],
    ['', undefined],
    [undefined, undefined]
  ])('%s -> %s', (tag, expected) => {
    expect(normalizeLocale(tag)).toBe(expected);
  });
});

describe('detectScript', () => {
  it.each([
    ['How do I apply for a service passport?', 'en'],
    ['公务护照怎么办理？', 'zh-Hans'],
    ['公務護照怎麼辦理？', 'zh-Hant'],
    ['中文', 'zh'],
    // Whole phrases decide, not single characters: 面包 is 麵包 and 干部 is 幹部 in Traditional, while
    // 后 alone would be 後 but 皇后 is the same in both scripts.
    ['面包的配方', 'zh-Hans'],
    ['干部', 'zh-Hans'],
    ['周一开门吗', 'zh-Hans'],
    ['皇后大道', 'zh'],
    ['糖醋里脊', 'zh'],
    ['簽注', 'zh-Hant'],
    ['HK pass 签注', 'zh-Hans'],
    ['What is 因公护照?', 'zh-Hans'],
    ['How do I apply for 公务护照 as a civil servant?', 'en'],
    ['パスポートの申請', 'unsupported'],
    ['여권 신청', 'unsupported'],
    ['паспорт', 'unsupported'],
    ['12345', 'none'],
    ['👍👍', 'none'],
    ['', 'none']
  ])('%s -> %s', (text, expected) => {
    expect(detectScript(text)).toBe(expected);
  });
});

describe('resolveLocale: explicit > script > channel locale > default', () => {
  const base = { defaultLocale: 'zh-Hans' as const };
  it('prefers an explicit choice over everything', () => {
    expect(resolveLocale({ ...base, explicit: 'en', script: 'zh-Hant', channelLocale: 'zh-TW' })).toBe('en');
    // Within Chinese, the script typed decides; an explicit English or Chinese choice is kept.
    expect(resolveLocale({ ...base, explicit: 'zh-Hans', script: 'zh-Hant' })).toBe('zh-Hant');
    expect(resolveLocale({ ...base, explicit: 'zh-Hant', script: 'zh-Hans' })).toBe('zh-Hans');
    expect(resolveLocale({ ...base, explicit: 'zh-Hant', script: 'zh' })).toBe('zh-Hant');
    expect(resolveLocale({ ...base, explicit: 'zh-Hans', script: 'en' })).toBe('zh-Hans');
    expect(resolveLocale({ ...base, explicit: 'en', script: 'zh-Hans' })).toBe('en');
  });
  it('uses the script of the text over the channel locale', () => {
    expect(resolveLocale({ ...base, script: 'en', channelLocale: 'zh-CN' })).toBe('en');
    expect(resolveLocale({ ...base, script: 'zh-Hant', channelLocale: 'en-US' })).toBe('zh-Hant');
  });
  it('keeps the channel variant for Chinese common to both scripts', () => {
    expect(resolveLocale({ ...base, script: 'zh', channelLocale: 'zh-HK' })).toBe('zh-Hant');
    expect(resolveLocale({ ...base, script: 'zh', channelLocale: 'en-US' })).toBe('zh-Hans');
  });
  it('uses the channel locale when the text has no signal, else the default', () => {
    expect(resolveLocale({ ...base, script: 'none', channelLocale: 'en-GB' })).toBe('en');
    expect(resolveLocale({ ...base, script: 'none' })).toBe('zh-Hans');
    expect(resolveLocale({ ...base, script: 'unsupported', channelLocale: 'en-US' })).toBe('zh-Hans');
  });
});
