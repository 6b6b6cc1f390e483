/**
 * English tokens: lowercase words, Porter-stemmed (so plurals and tenses fold). Stop words are kept for
 * scoring (their weight is low because most entries use them, yet "where" vs "how" or "not" still tell
 * entries apart); they are only left out of candidate search.
 */
import porterStemmer from '@stdlib/nlp-porter-stemmer';
import { LRUCache } from 'lru-cache';

// Function words and question frames: too common to find candidates with (scoring still weighs them).
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are aren't as at be because been before being below
  between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each
  few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself
  him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't
  my myself no nor not of off on once only or other ought our ours ourselves out over own same shan't she she'd
  she'll she's should shouldn't so some such than that that's the their theirs them themselves then there there's
  these they they'd they'll they're they've this those through to too under until up very was wasn't we we'd
  we'll we're we've were weren't what what's when when's where where's which while who who's whom why why's with
  won't would wouldn't you you'd you'll you're you've your yours yourself yourselves
  please pls plz hi hello hey thanks thank tell know want wanna would like could can may might shall will just
  im ive id dont doesnt cant wont also get got u ur`.split(/\s+/)
);

const stemCache = new LRUCache<string, string>({ max: 50_000 });
/**
 * Longer words are not cached: real words are shorter, and the caches live as long as the process,
 * so made-up words up to a message long would otherwise keep ~4 KB each (200 MB when full).
 */
const MAX_CACHED_WORD_LENGTH = 40;

/**
 * A copy of a short string that holds no reference to a longer one. V8 cuts a word of 13 or more
 * characters out of its message as a slice that keeps the whole message alive: cached as it is, every
 * such word would keep its message too.
 */
function detached(text: string): string {
  return (' ' + text).slice(1);
}

export function stemEnglish(word: string): string {
  let stem = stemCache.get(word);
  if (stem === undefined) {
    stem = word.length <= 2 ? word : porterStemmer(word);
    if (word.length <= MAX_CACHED_WORD_LENGTH) {
      stem = detached(stem);
      stemCache.set(detached(word), stem);
    }
  }
  return stem;
}

/** A word as split from text, cleaned up: its stem, and whether it is a stop word. */
interface WordToken {
  stem: string;
  stop: boolean;
}

// Real text repeats its words: each distinct one is cleaned up, looked up and stemmed once.
const wordCache = new LRUCache<string, WordToken | typeof NOTHING_LEFT>({ max: 50_000 });
/** Cached for a word that is only quotes (the cache holds no null). */
const NOTHING_LEFT = 0;
const WORD_SEPARATORS = /[^\p{L}\p{N}']+/u;
const ASCII_DIGITS = /^[0-9]+$/;

/** ASCII digits only: a number is its own stem (Porter's rules all need a letter) and no stop word. */
function isNumber(raw: string): boolean {
  const first = raw.charCodeAt(0);
  return first >= 0x30 && first <= 0x39 && ASCII_DIGITS.test(raw);
}

/** null when nothing is left of the word once its quotes are trimmed. */
function wordToken(raw: string): WordToken | null {
  const cached = wordCache.get(raw);
  if (cached !== undefined) return cached === NOTHING_LEFT ? null : cached;
  const word = raw.replace(/^'+|'+$/g, '').replace(/'s$/, '');
  const token =
    word === '' ? null : { stem: stemEnglish(word.replace(/'/g, '')), stop: ENGLISH_STOP_WORDS.has(word) };
  if (raw.length <= MAX_CACHED_WORD_LENGTH) wordCache.set(detached(raw), token ?? NOTHING_LEFT);
  return token;
}

/** Splits already lowercased text into stemmed content words. */
export function englishTokens(text: string, keepStopWords = false): string[] {
  const tokens: string[] = [];
  for (const raw of text.split(WORD_SEPARATORS)) {
    if (raw === '') continue;
    // Numbers are mostly distinct (ids, phone numbers, years): not worth a place in the cache.
    if (isNumber(raw)) {
      tokens.push(raw);
      continue;
    }
    const token = wordToken(raw);
    if (token === null || (!keepStopWords && token.stop)) continue;
    tokens.push(token.stem);
  }
  return tokens;
}

/** Stems of the stop words ("was" -> "wa"), to tell stop terms apart after stemming. */
export const ENGLISH_STOP_STEMS: ReadonlySet<string> = new Set(
  [...ENGLISH_STOP_WORDS].map((w) => stemEnglish(w.replace(/'s$/, '').replace(/'/g, '')))
);
