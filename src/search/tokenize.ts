/** One tokenizer for every language: folds case, width and Traditional characters, then splits per script. */
import { toSimplified } from '../language/chinese';
import { CHINESE_QUESTION_WORDS, chineseTokens } from './chinese';
import { ENGLISH_STOP_STEMS, englishTokens } from './english';

const HAN_RUN = /(\p{Script=Han}+)/u;
const HAN = /\p{Script=Han}/u;
const NON_ASCII = /[\u0080-\uffff]/;

/** NFKC (full-width letters and digits to ASCII), lowercase, Traditional folded to Simplified. */
export function normalizeText(text: string): string {
  // ASCII is its own NFKC form and has no Han: most English questions need lowercasing only.
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  const folded = text.normalize('NFKC').toLowerCase();
  return HAN.test(folded) ? toSimplified(folded) : folded;
}

/**
 * Tokens of normalized text: Han runs as unigrams + bigrams (question frames such as 怎么 or 请问 split
 * runs), everything else as English words, with or without English stop words. English function words
 * tell short questions apart ("where" vs "how", "not"); Chinese frames measured no such gain on the
 * office's own evaluation cases, and their bigrams across content words only add noise there.
 */
export function tokenizeNormalized(normalized: string, keepEnglishStopWords = false): string[] {
  if (!HAN.test(normalized)) return englishTokens(normalized, keepEnglishStopWords);
  const tokens: string[] = [];
  for (const part of normalized.split(HAN_RUN)) {
    if (part === '') continue;
    // A loop, not push(...list): a spread of a huge list overflows the call stack.
    const partTokens = HAN.test(part) ? chineseTokens(part) : englishTokens(part, keepEnglishStopWords);
    for (const token of partTokens) tokens.push(token);
  }
  return tokens;
}

/** Every term of the text, stop words included (scoring weighs them by how rare they are). */
export function tokenize(text: string): string[] {
  return tokenizeNormalized(normalizeText(text), true);
}

/** An English function word (stemmed): weighed when scoring, not used to find candidates. */
export function isStopTerm(term: string): boolean {
  // Stop stems are ASCII: a term starting with any other character (Chinese ones) needs no lookup.
  return term.charCodeAt(0) < 0x80 ? ENGLISH_STOP_STEMS.has(term) : CHINESE_QUESTION_WORDS.has(term);
}
