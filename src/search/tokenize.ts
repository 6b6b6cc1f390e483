/** One tokenizer for every language: folds case, width and Traditional characters, then splits per script. */
import { toSimplified } from '../language/chinese';
import { chineseTokens } from './chinese';
import { englishTokens } from './english';

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
    // A loop, not push(...list): a spread of a huge list overflows the call stack.
    const partTokens = HAN.test(part)
      ? chineseTokens(part, keepStopWords)
      : englishTokens(part, keepStopWords);
    for (const token of partTokens) tokens.push(token);
  }
  return tokens;
}

export function tokenize(text: string): string[] {
  return tokenizeNormalized(normalizeText(text));
}
