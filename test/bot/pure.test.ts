/** Unit tests for the conversation's pure parts: options, commands, language requests, hours, channels, text. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { channelCapabilities } from '../../src/bot/channelCapabilities';
import { parseCommand } from '../../src/bot/commands';
import { readLocaleResources, DEFAULT_LOCALES_DIR } from '../../src/language/i18n';
import { classifyInput, containsSensitiveNumbers } from '../../src/bot/input';
import { parseLanguageRequest, requestedLocale } from '../../src/bot/languageSwitch';
import { CHINA_CALENDAR, openingState } from '../../src/bot/openingHours';
import { isOptionNumber, parseOptionValue, pickOption, type Option } from '../../src/bot/options';
import { toPlainText } from '../../src/bot/render';
import type { OpeningHours } from '../../src/knowledge/types';
import { SUPPORTED_LOCALES } from '../../src/language/locale';

describe('option values from buttons', () => {
  it.each([
    [
      { action: 'answer', entryId: 'passport-service' },
      { action: 'answer', entryId: 'passport-service' }
    ],
    [
      { action: 'answer', entryId: 'passport-service', via: 'followup' },
      { action: 'answer', entryId: 'passport-service', via: 'followup' }
    ],
    [
      { action: 'answer', entryId: 'passport-service', via: 'somewhere' },
      { action: 'answer', entryId: 'passport-service' }
    ],
    [
      { action: 'topic', topic: 'visas', extra: 1 },
      { action: 'topic', topic: 'visas' }
    ],
    [{ action: 'contact' }, { action: 'contact' }],
    [
      { action: 'language', locale: 'zh-Hant' },
      { action: 'language', locale: 'zh-Hant' }
    ],
    [
      { action: 'feedback', entryId: 'a', value: 'not-helpful' },
      { action: 'feedback', entryId: 'a', value: 'not-helpful' }
    ]
  ])('accepts %j', (value, expected) => {
    expect(parseOptionValue(value)).toEqual(expected);
  });

  it.each([
    undefined,
    null,
    'answer',
    [1],
    {},
    { action: 'answer' },
    { action: 'answer', entryId: '' },
    { action: 'answer', entryId: 42 },
    { action: 'language', locale: 'ja' },
    { action: 'feedback', entryId: 'a', value: 'meh' },
    { action: 'delete-everything' }
  ])('rejects %j', (value) => {
    expect(parseOptionValue(value)).toBeUndefined();
  });
});

describe('picking a pending option by typing', () => {
  const pending: Option[] = [
    { title: 'Passports', value: { action: 'topic', topic: 'passports' } },
    { title: '👍 Helpful', value: { action: 'feedback', entryId: 'a', value: 'helpful' }, aliases: ['👍'] }
  ];
  it.each([
    ['1', 'Passports'],
    ['２', '👍 Helpful'],
    ['#2', '👍 Helpful'],
    ['2.', '👍 Helpful'],
    ['passports', 'Passports'],
    ['👍', '👍 Helpful']
  ])('"%s" picks %s', (text, title) => {
    expect(pickOption(text, pending)?.title).toBe(title);
  });
  it.each(['3', '0', 'passport rules', ''])('"%s" picks nothing', (text) => {
    expect(pickOption(text, pending)).toBeUndefined();
  });
  it('picks nothing without pending options, and knows a bare number', () => {
    expect(pickOption('1', [])).toBeUndefined();
    expect(isOptionNumber(' 12 ')).toBe(true);
    expect(isOptionNumber('12 passports')).toBe(false);
  });
});

describe('commands', () => {
  it.each(['help', 'Menu', '/help', 'menu!', '帮助', '菜单', '幫助', '選單', '  HELP  '])(
    '"%s" is the menu',
    (text) => {
      expect(parseCommand(text)).toBe('menu');
    }
  );
  it.each(['restart', 'Start over', '重新开始', '重新開始'])('"%s" restarts', (text) => {
    expect(parseCommand(text)).toBe('restart');
  });
  it.each(['help me with my visa', 'menu of the canteen', '帮助我办护照'])('"%s" is a question', (text) => {
    expect(parseCommand(text)).toBeUndefined();
  });
});

describe('language requests', () => {
  it.each([
    ['English', 'en'],
    ['english please', 'en'],
    ['switch to English', 'en'],
    ['in English please', 'en'],
    ['英文', 'en'],
    ['简体', 'zh-Hans'],
    ['简体中文', 'zh-Hans'],
    ['繁體', 'zh-Hant'],
    ['繁体中文', 'zh-Hant'],
    ['繁體中文', 'zh-Hant'],
    ['請用繁體中文', 'zh-Hant'],
    ['切换到英文', 'en'],
    ['中文', 'zh'],
    ['Chinese', 'zh'],
    ['English passport rules', undefined],
    ['中文护照', undefined]
  ])('"%s" asks for %s', (text, expected) => {
    expect(parseLanguageRequest(text)).toBe(expected);
  });
  it('keeps Traditional for a reader of Traditional who asks for "Chinese"', () => {
    expect(requestedLocale('zh', 'zh-Hant')).toBe('zh-Hant');
    expect(requestedLocale('zh', 'en')).toBe('zh-Hans');
    expect(requestedLocale('en', 'zh-Hant')).toBe('en');
  });
});

describe('input classification and personal numbers', () => {
  it.each([
    ['', 'empty'],
    ['\u200b \n', 'empty'],
    ['😀🎉', 'emojiOnly'],
    ['?!…', 'emojiOnly'],
    ['12345', 'text'],
    ['visa?', 'text']
  ])('"%s" is %s', (text, kind) => {
    expect(classifyInput(text, 0, 1000).kind).toBe(kind);
  });
  it.each([
    ['E12345678', true],
    ['11010519491231002X', true],
    ['6222 0212 3456 7894', true],
    ['6222 0212 3456 7895', false],
    ['call 0758-2828903', false],
    ['passport for 2026', false]
  ])('"%s" contains a passport, ID-card or bank card number: %s', (text, expected) => {
    expect(containsSensitiveNumbers(text)).toBe(expected);
  });
});

describe('opening hours', () => {
  const weekday = [
    { start: 8 * 60 + 30, end: 12 * 60 },
    { start: 14 * 60 + 30, end: 17 * 60 + 30 }
  ];
  const hours: OpeningHours = {
    timezone: 'Asia/Shanghai',
    weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] }
  };
  const nationalDay = { kind: 'holiday', name: { en: 'National Day', zh: '国庆节' } };
  it.each([
    ['2026-11-23T09:00:00+08:00', { open: true, closesAt: 720 }],
    [
      '2026-11-23T12:00:00+08:00',
      { open: false, next: { day: 'mon', date: '2026-11-23', start: 870, daysAhead: 0 } }
    ],
    [
      '2026-11-23T17:30:00+08:00',
      { open: false, next: { day: 'tue', date: '2026-11-24', start: 510, daysAhead: 1 } }
    ],
    [
      '2026-11-27T20:00:00+08:00',
      { open: false, next: { day: 'mon', date: '2026-11-30', start: 510, daysAhead: 3 } }
    ],
    // 23:30 UTC on Sunday is 07:30 on Monday in Zhaoqing.
    [
      '2026-11-22T23:30:00Z',
      { open: false, next: { day: 'mon', date: '2026-11-23', start: 510, daysAhead: 0 } }
    ],
    // National Day 2026 (Thursday 1 to Wednesday 7 October) is closed, weekend included;
    // Saturday 10 October is worked instead (调休), then Monday 12 October as usual.
    [
      '2026-10-01T10:00:00+08:00',
      { open: false, today: nationalDay, next: { day: 'thu', date: '2026-10-08', start: 510, daysAhead: 7 } }
    ],
    ['2026-10-10T10:00:00+08:00', { open: true, closesAt: 720, today: { ...nationalDay, kind: 'workday' } }],
    [
      '2026-10-09T18:00:00+08:00',
      { open: false, next: { day: 'sat', date: '2026-10-10', start: 510, daysAhead: 1 } }
    ],
    [
      '2026-10-10T18:00:00+08:00',
      {
        open: false,
        today: undefined,
        next: { day: 'mon', date: '2026-10-12', start: 510, daysAhead: 2 }
      }
    ],
    // An ordinary Saturday stays closed.
    [
      '2026-10-17T10:00:00+08:00',
      { open: false, next: { day: 'mon', date: '2026-10-19', start: 510, daysAhead: 2 } }
    ]
  ])('at %s', (instant, expected) => {
    expect(openingState(hours, new Date(instant))).toEqual(expected);
  });
  it('has no next opening when every day is closed', () => {
    const closed: OpeningHours = {
      ...hours,
      weekly: { ...hours.weekly, mon: [], tue: [], wed: [], thu: [], fri: [] }
    };
    expect(openingState(closed, new Date('2026-11-23T09:00:00+08:00'))).toEqual({ open: false });
  });
  it('reads the statutory calendar from chinese-days', () => {
    expect(CHINA_CALENDAR('2026-10-01')).toEqual({
      kind: 'holiday',
      name: { en: 'National Day', zh: '国庆节' }
    });
    expect(CHINA_CALENDAR('2026-10-10')).toEqual({
      kind: 'workday',
      name: { en: 'National Day', zh: '国庆节' }
    });
    expect(CHINA_CALENDAR('2026-02-17')?.kind).toBe('holiday');
    expect(CHINA_CALENDAR('2026-10-17')).toBeUndefined();
    expect(CHINA_CALENDAR('2026-11-23')).toBeUndefined();
  });
  it('takes any calendar', () => {
    const everyDayOff = () => ({ kind: 'holiday' as const, name: { en: 'Test', zh: '测试' } });
    expect(openingState(hours, new Date('2026-11-23T09:00:00+08:00'), everyDayOff)).toEqual({
      open: false,
      today: everyDayOff()
    });
  });
});

describe('channel capabilities', () => {
  it.each([
    ['sms', 3, { options: 'numberedList', cards: false }],
    ['email', 3, { options: 'numberedList', cards: false }],
    ['webchat', 6, { options: 'suggestedActions', cards: true }],
    ['directline', 6, { options: 'suggestedActions', cards: true }],
    ['msteams', 6, { options: 'heroCard', cards: true }],
    ['facebook', 12, { options: 'numberedList', cards: true }],
    ['test', 6, { options: 'suggestedActions', cards: true }],
    ['my-custom-client', 6, { options: 'suggestedActions', cards: true }],
    [undefined, 6, { options: 'suggestedActions', cards: true }]
  ])('%s with %d options', (channel, count, expected) => {
    expect(channelCapabilities(channel, count)).toEqual(expected);
  });
});

it('turns Markdown into plain text for text channels', () => {
  expect(
    toPlainText('See **this** [form](https://example.org/f) and _Source: X · Last reviewed: Y_\n## Title')
  ).toBe('See this form (https://example.org/f) and Source: X · Last reviewed: Y\nTitle');
  expect(toPlainText('file_name_here stays')).toBe('file_name_here stays');
});

describe('bot strings', () => {
  const resources = readLocaleResources(DEFAULT_LOCALES_DIR);
  const keysOf = (value: unknown, prefix = ''): string[] =>
    typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k))
      : [prefix];

  // Separators may be a space, or nothing (Chinese sentences follow each other without one).
  const isSeparator = (key: string) => /Separator$/.test(key);

  it('has the same keys in every locale, none empty but the separators', () => {
    const english = keysOf(resources.en).sort();
    for (const locale of SUPPORTED_LOCALES) {
      expect(keysOf(resources[locale]).sort()).toEqual(english);
      for (const key of english) {
        const value = key
          .split('.')
          .reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], resources[locale]);
        expect([key, typeof value === 'string' && (isSeparator(key) || value.trim() !== '')]).toEqual([
          key,
          true
        ]);
      }
    }
  });

  it('has every key the code uses', () => {
    const srcDir = path.resolve(__dirname, '../../src');
    const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const used = new Set<string>();
    for (const file of files) {
      const text = readFileSync(path.join(srcDir, file), 'utf8');
      // t(locale, 'key'), translate(locale, 'key') and menu keys ({ topic, key: 'topics.x' }).
      for (const m of text.matchAll(/(?:\bt|translate)\(\s*[\w.]+,\s*'([\w.]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/\bkey: '([\w.]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/: '(input\.[\w]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/'(contact\.[\w]+)'/g)) used.add(m[1]!);
    }
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) used.add(`days.${day}`);
    expect(used.size).toBeGreaterThan(30);
    const english = new Set(keysOf(resources.en));
    expect([...used].filter((key) => !english.has(key))).toEqual([]);
  });
});
