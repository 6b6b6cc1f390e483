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
  '谢谢',
  '麻烦',
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
const STOP_PATTERN = new RegExp(
  STOP_PHRASES.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
  'gu'
);

/**
 * Tokens are memoised per distinct character and character pair, so every use of a term is one
 * string: no new string per occurrence, and its hash is computed once for every Map and Set after.
 * Pairs are keyed by their two UTF-16 units in the CJK blocks (U+2E80 to U+AE7F), a small integer.
 */
const unigrams = new Map<number, string>();
const bigrams = new Map<number, string>();
const BIGRAM_CACHE_LIMIT = 200_000;
const CJK_FIRST = 0x2e80;
const CJK_SPAN = 0x8000;

function unigram(code: number): string {
  let token = unigrams.get(code);
  if (token === undefined) {
    token = String.fromCharCode(code);
    unigrams.set(code, token); // at most one per UTF-16 unit
  }
  return token;
}

function bigram(first: string, firstCode: number, second: string, secondCode: number): string {
  const a = firstCode - CJK_FIRST;
  const b = secondCode - CJK_FIRST;
  if (a < 0 || a >= CJK_SPAN || b < 0 || b >= CJK_SPAN) return first + second;
  const key = a * CJK_SPAN + b;
  let token = bigrams.get(key);
  if (token === undefined) {
    token = first + second;
    if (bigrams.size < BIGRAM_CACHE_LIMIT) bigrams.set(key, token);
  }
  return token;
}

/** Han runs with stop phrases removed, each remaining run tokenized into unigrams and bigrams. */
export function chineseTokens(hanRun: string, keepStopWords = false): string[] {
  const runs = keepStopWords ? [hanRun] : hanRun.split(STOP_PATTERN);
  const tokens: string[] = [];
  for (const run of runs) {
    // Per character (code point): the bigram it ends, then the character itself.
    let previous = '';
    let previousCode = -1;
    for (let i = 0; i < run.length; i++) {
      let code = run.charCodeAt(i);
      let char: string;
      const low = i + 1 < run.length ? run.charCodeAt(i + 1) : 0;
      if (code >= 0xd800 && code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        char = run.slice(i, i + 2); // a character beyond the BMP: a surrogate pair
        i++;
        code = -1;
      } else char = unigram(code);
      if (previous !== '')
        tokens.push(
          code < 0 || previousCode < 0 ? previous + char : bigram(previous, previousCode, char, code)
        );
      tokens.push(char);
      previous = char;
      previousCode = code;
    }
  }
  return tokens;
}
