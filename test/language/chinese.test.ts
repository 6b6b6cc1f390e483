/**
 * Our compact OpenCC engine against opencc-js's own converters, which the server used to run (and
 * which this test alone still loads): the same output for every single character, every key and
 * value of the dictionaries involved, all our text and the shared data sets' Chinese text.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  changesWhenSimplified,
  changesWhenTraditional,
  phraseCorrections,
  toSimplified,
  toTraditional,
  toTraditionalByOpenCC
} from '../../src/language/chinese';
import { buildConverter, type DictGroup, type OpenCCConfig } from '../../src/language/opencc';

interface OpenCCModule {
  Converter(options: { from: string; to: string }): (text: string) => string;
  ConverterFactory(...groups: DictGroup[]): (text: string) => string;
  Trie: new () => {
    loadDictGroup(group: DictGroup): void;
    segment(text: string): string[];
    convert(text: string): string;
  };
  Locale: { configs: Record<string, OpenCCConfig> };
}
/* eslint-disable @typescript-eslint/no-require-imports -- opencc-js's CommonJS builds, loaded as the server used to */
const OpenCC = require('opencc-js') as OpenCCModule;
const t2cn = require('opencc-js/t2cn') as OpenCCModule;
const cn2t = require('opencc-js/cn2t') as OpenCCModule;
/* eslint-enable @typescript-eslint/no-require-imports */

const ROOT = path.join(__dirname, '..', '..');
const DATASETS = path.join(ROOT, '..', 'shared', 'datasets');

// opencc-js's own converters: toSimplified must give exactly their output (its shortcut included).
const referenceHkToCn = OpenCC.Converter({ from: 'hk', to: 'cn' });
const referenceCnToHk = OpenCC.Converter({ from: 'cn', to: 'hk' });

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

/** Whole files and their lines (JSONL rows: their text). */
function textsOf(files: string[]): string[] {
  return files.flatMap((file) => {
    const content = readFileSync(file, 'utf8');
    const lines = content.split('\n');
    if (file.endsWith('.jsonl'))
      return lines
        .filter((line) => line.trim() !== '')
        .map((line) => (JSON.parse(line) as { text: string }).text);
    return [content, ...lines];
  });
}

function dictionaryEntries(config: OpenCCConfig): string[] {
  const dicts = [
    ...(config.normalizationChain ?? []).flat(),
    ...(typeof config.segmentation === 'string' ? [config.segmentation] : (config.segmentation ?? [])),
    ...config.conversionChain.flat()
  ];
  return dicts.flatMap((dict) =>
    (typeof dict === 'string' ? dict.split('|').map((line) => line.split(' ')) : dict).flatMap(
      ([key, value]) => [key ?? '', value ?? '']
    )
  );
}

const configs = OpenCC.Locale.configs;
const hk2s = configs.hk2s!;
const s2hk = configs.s2hk!;

const everyCharacter = Array.from({ length: 0x40000 }, (_, cp) =>
  cp >= 0xd800 && cp <= 0xdfff ? '' : String.fromCodePoint(cp)
).filter((ch) => ch !== '');
const dictionaryTexts = [...new Set([...dictionaryEntries(hk2s), ...dictionaryEntries(s2hk)])];
const ourTexts = textsOf([
  ...filesUnder(path.join(ROOT, 'knowledge')),
  ...filesUnder(path.join(ROOT, 'locales')),
  ...filesUnder(path.join(ROOT, 'test', 'cases'))
]);
const datasetTexts = textsOf(filesUnder(DATASETS).filter((file) => file.endsWith('.jsonl'))).filter((text) =>
  /\p{Script=Han}/u.test(text)
);

// Edges of opencc-js's matching: surrogate pairs, lone surrogates, Ideographic Description Sequences
// (left whole, even when incomplete or nested), compatibility ideographs, phrases meeting at boundaries.
const edgeCases = [
  '',
  '𠮷野家的后面',
  '\ud842后面\udfb7',
  '后\ud842',
  '⿰氵青后面',
  '⿱⿰木木木头发',
  '⿰后',
  '⿲发发发',
  '豈更車賈滑串句龜',
  '签註签注簽註簽注',
  'SQL注入攻击PN结',
  '一了百了了一个心愿',
  '乾隆皇帝的頭髮乾了',
  '台灣的台風和颱風'
];

/** Strings made of random dictionary keys and characters side by side: phrases meeting and overlapping. */
function mixtures(count: number, parts: readonly string[], seed: number): string[] {
  let state = seed;
  const next = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % n;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: 2 + next(5) }, () => parts[next(parts.length)]!).join('')
  );
}

function expectSame(
  texts: readonly string[],
  ours: (text: string) => string,
  reference: (text: string) => string
) {
  const differing = texts.filter((text) => ours(text) !== reference(text));
  expect(differing.slice(0, 10).map((text) => [text, ours(text), reference(text)])).toEqual([]);
}

describe('OpenCC engine matches opencc-js', () => {
  const ourHkToCn = buildConverter(hk2s).convert;
  const ourCnToHk = buildConverter(s2hk).convert;

  it('loads the same dictionaries from the small builds as the full one', () => {
    expect(t2cn.Locale.configs.hk2s).toEqual(hk2s);
    expect(cn2t.Locale.configs.s2hk).toEqual(s2hk);
  });

  const corpora: [string, string[]][] = [
    ['every character', everyCharacter],
    ['every dictionary key and value', dictionaryTexts],
    ['edge cases', edgeCases],
    ['knowledge, locales and test cases', ourTexts],
    ['mixtures of keys', mixtures(30000, dictionaryTexts, 7)]
  ];
  // ../shared/datasets is on the development machines only.
  if (existsSync(DATASETS)) corpora.push(['the shared data sets', datasetTexts]);
  it.each(corpora)('%s', (_name, texts) => {
    expect(texts.length).toBeGreaterThan(0);
    expectSame(texts, ourHkToCn, referenceHkToCn);
    expectSame(texts, ourCnToHk, referenceCnToHk);
  });

  it('follows opencc-js on dictionaries the real ones do not exercise', () => {
    // Keys longer than 31 units, a key ending in half a surrogate pair, an empty key, an operator of
    // description sequences in a key, a key twice in one dictionary (the last wins) and in two
    // dictionaries of a group (the first wins), a second group converting the first's output.
    const groups: DictGroup[] = [
      [
        `a\ud842 L|ab AB|abc ABC|${'x'.repeat(40)} X40|${'x'.repeat(33)} X33|${'x'.repeat(32)} X32|${'x'.repeat(31)} X31|xx XX| E|⿰氵 IDS|k v1|k v2|q Q`,
        'ab B-ab|k B-k|zz ZZ|𠮷 JI|\ud842 HALF'
      ],
      ['AB ab2|Q qq|JI ji|X40 x40']
    ];
    const ours = buildConverter({ conversionChain: groups }).convert;
    const reference = OpenCC.ConverterFactory(...groups);
    const parts = [
      'a',
      'b',
      'c',
      'x',
      'xxxxxxxxxxxx',
      '\ud842',
      '\udfb7',
      '𠮷',
      '⿰',
      '氵',
      '青',
      'k',
      'q',
      'z',
      'A',
      'B',
      ' '
    ];
    expectSame(mixtures(20000, parts, 3), ours, reference);
    expectSame(
      [...Array.from({ length: 80 }, (_, n) => `${'x'.repeat(n)}k`), `a\ud842\udfb7`, `a\ud842`, '⿰氵青k'],
      ours,
      reference
    );
  });

  it('segments as opencc-js does when the phrases are shared with the first conversion group', () => {
    // "ab" is a key of the first group but not a phrase: it must not make a segment ("abc" -> "aBC").
    // "de" shrinks and "f" grows: the text is unchanged overall although a segment changed.
    const phrases = 'bc BC|de d|f ef|gh GH';
    const config: OpenCCConfig = {
      normalizationChain: [['豈 豈']],
      segmentation: [phrases],
      conversionChain: [[phrases, 'ab ab|c C|𠮷 JI|ij IJ'], ['Cg cg|IJ ij2|aB Ab']]
    };
    const ours = buildConverter(config);
    // opencc-js's ConverterFactoryWithSegmentation (not exported), from its exported parts.
    const normalize = OpenCC.ConverterFactory(...config.normalizationChain!);
    const [segmenter, ...chain] = [[phrases], ...config.conversionChain].map((group) => {
      const trie = new OpenCC.Trie();
      trie.loadDictGroup(group);
      return trie;
    });
    const reference = (text: string): string =>
      segmenter!
        .segment(normalize(text))
        .map((segment) => chain.reduce((converted, trie) => trie.convert(converted), segment))
        .join('');
    const texts = [
      'abc',
      'def',
      ...mixtures(20000, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', '𠮷', '豈', 'C', 'I', 'J'], 5)
    ];
    expectSame(texts, ours.convert, reference);
    expect(reference('abc')).toBe('aBC');
    expect(reference('def')).toBe('def');
    expect(texts.filter((text) => ours.changes(text) !== (reference(text) !== text))).toEqual([]);
  });
});

describe('toSimplified and toTraditional give the output of OpenCC', () => {
  const corpus = [...dictionaryTexts, ...edgeCases, ...ourTexts, ...datasetTexts];
  it('toSimplified, phrases included', () => {
    expectSame([...everyCharacter, ...corpus], toSimplified, referenceHkToCn);
    // 瞭 alone stays 瞭; only the phrase folds (the old per-character shortcut left it unconverted).
    expect(toSimplified('一目瞭然')).toBe('一目了然');
    expect(toSimplified('請問一目瞭然')).toBe('请问一目了然');
  });
  it('toTraditional without corrections', () =>
    expectSame([...everyCharacter, ...corpus], toTraditional, referenceCnToHk));
  it('changesWhenSimplified and changesWhenTraditional say whether the text changes', () => {
    const texts = [
      ...corpus,
      ...mixtures(20000, [...dictionaryTexts, '簽註', '簽注', '签注', '一目瞭然'], 11)
    ];
    expect(texts.filter((text) => changesWhenSimplified(text) !== (toSimplified(text) !== text))).toEqual([]);
    expect(
      texts.filter((text) => changesWhenTraditional(text) !== (toTraditionalByOpenCC(text) !== text))
    ).toEqual([]);
  });
});

describe('phrase corrections', () => {
  const corrections = phraseCorrections([
    { simplified: '换发', traditional: '換發' },
    { simplified: '签注', traditional: '簽注' },
    { simplified: '证件换发', traditional: '證件換發' }
  ]);
  it('are needed: OpenCC alone writes these wrongly', () => {
    expect(toTraditional('换发')).toBe('換髮');
    expect(toTraditional('签注')).toBe('簽註');
  });
  it('replace the phrase wherever it occurs and convert the rest by OpenCC', () => {
    expect(toTraditional('护照换发和签注办理', corrections)).toBe('護照換發和簽注辦理');
    expect(toTraditional('换发换发', corrections)).toBe('換發換發');
    expect(toTraditional('证件换发', corrections)).toBe('證件換發');
    expect(toTraditional('头发', corrections)).toBe('頭髮');
    expect(toTraditional('', corrections)).toBe('');
    expect(toTraditional('no Chinese', corrections)).toBe('no Chinese');
  });
  it('fold back to the same Simplified text', () => {
    expect(toSimplified(toTraditional('办理护照换发与签注', corrections))).toBe('办理护照换发与签注');
  });
});
