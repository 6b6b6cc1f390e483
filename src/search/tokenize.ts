/** One tokenizer for every language: folds case, width and Traditional characters, then splits per script. */
import { toSimplified } from '../language/chinese';
import { CHINESE_STOP_TERMS, chineseTokens } from './chinese';
import { ENGLISH_STOP_STEMS, englishTokens } from './english';

export type LanguageFamily = 'en' | 'zh';

const HAN_RUN = /(\p{Script=Han}+)/u;
const HAN = /\p{Script=Han}/u;

/** NFKC (full-width letters and digits to ASCII), lowercase, Traditional folded to Simplified. */
export function normalizeText(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase();
  return HAN.test(folded) ? toSimplified(folded) : folded;
}

export function familyOf(text: string): LanguageFamily {
  return HAN.test(text) ? 'zh' : 'en';
}

/** Tokens of normalized text: Han runs as unigrams + bigrams, everything else as English words. */
export function tokenizeNormalized(normalized: string, keepStopWords = false): string[] {
  const tokens: string[] = [];
  for (const part of normalized.split(HAN_RUN)) {
    if (part === '') continue;
    if (HAN.test(part)) tokens.push(...chineseTokens(part, keepStopWords));
    else tokens.push(...englishTokens(part, keepStopWords));
  }
  return tokens;
}

/** Every term of the text, stop words included (scoring weighs them by how rare they are). */
export function tokenize(text: string): string[] {
  return tokenizeNormalized(normalizeText(text), true);
}

/** A function word or question frame (stemmed or Han n-gram): not used to find candidates. */
export function isStopTerm(term: string): boolean {
  return ENGLISH_STOP_STEMS.has(term) || CHINESE_STOP_TERMS.has(term);
}
