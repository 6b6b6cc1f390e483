/**
 * Chinese tokens: character unigrams and bigrams of Simplified text. Particles and question frames
 * (的, 了, 吗, 怎么, 请问, ...) split a run instead of joining bigrams across them.
 */

// Longest first, so 怎么样 is removed before 怎么.
const STOP_PHRASES = [
  '请问一下',
  '请问',
  '想问一下',
  '问一下',
  '我想知道',
  '想知道',
  '怎么样',
  '怎么',
  '怎样',
  '如何',
  '什么',
  '哪里',
  '哪儿',
  '哪个',
  '哪些',
  '是否',
  '可以',
  '能否',
  '能不能',
  '可不可以',
  '需要',
  '一下',
  '你好',
  '您好',
  '不好意思',
  '打扰一下',
  '打扰了',
  '打扰',
  '谢谢',
  '多谢',
  '感谢',
  '麻烦',
  '请教',
  '我们',
  '你们',
  '他们',
  '自己',
  '这个',
  '那个',
  '有没有',
  '吗',
  '呢',
  '吧',
  '啊',
  '呀',
  '嘛',
  '哦',
  '的',
  '了',
  '是',
  '我',
  '你',
  '您',
  '他',
  '她',
  '在',
  '和',
  '与',
  '及',
  '或',
  '就',
  '都',
  '也',
  '还',
  '要',
  '想',
  '会',
  '能',
  '得',
  '地',
  '着',
  '过',
  '把',
  '被',
  '给',
  '让',
  '请',
  '个',
  '些'
];
const STOP_CHARACTERS: ReadonlySet<string> = new Set(STOP_PHRASES.filter((p) => p.length === 1));

/** Is the character a stop phrase of its own (的, 地, 过, 会)? Pairs with it are never terms. */
const HAN_PAIR = /^\p{Script=Han}{2}$/u;

/** Two Han characters (the unit of Chinese terms and of homophone slips). */
export function isHanPair(text: string): boolean {
  return HAN_PAIR.test(text);
}

export function isStopCharacter(char: string): boolean {
  return STOP_CHARACTERS.has(char);
}

const STOP_PATTERN = new RegExp(
  STOP_PHRASES.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
  'gu'
);

/**
 * Question words among the stop phrases: kept as terms of their own (哪里 tells "where is the office"
 * from "what does it do"), never joined into pairs with their neighbours, never used to find candidates.
 */
export const CHINESE_QUESTION_WORDS: ReadonlySet<string> = new Set([
  '哪里',
  '哪儿',
  '什么',
  '怎么',
  '怎样',
  '如何'
]);

/**
 * 在哪, 去哪, 到哪: "where" without its 里, as people type it (在哪办 is 在哪里办); not 哪 asking which
 * (在哪个部门, 到哪天, 去哪家).
 */
const BARE_WHERE = /([在去到])哪(?![里儿裡个個些天年月日位家一种種样樣类類])/gu;

/** Han runs with stop phrases removed, each remaining run tokenized into unigrams and bigrams. */
export function chineseTokens(text: string, keepStopWords = false): string[] {
  const hanRun = text.includes('哪') ? text.replace(BARE_WHERE, '$1哪里') : text;
  const runs = keepStopWords ? [hanRun] : hanRun.split(STOP_PATTERN);
  const tokens: string[] = [];
  if (!keepStopWords)
    for (const match of hanRun.matchAll(STOP_PATTERN))
      if (CHINESE_QUESTION_WORDS.has(match[0])) tokens.push(match[0]);
  for (const run of runs) {
    // Per character (code point): the bigram it ends, then the character itself.
    let previous = '';
    for (const char of run) {
      if (previous !== '') tokens.push(previous + char);
      tokens.push(char);
      previous = char;
    }
  }
  return tokens;
}
