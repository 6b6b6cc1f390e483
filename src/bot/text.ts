/** Small text helpers shared by command and option parsing. Pure. */

/**
 * `text` without trailing characters from `strip`. A loop, not a `[...]+$` regular expression:
 * that one backtracks quadratically on a long run of such characters followed by something else.
 */
export function trimTrailing(text: string, strip: ReadonlySet<string>): string {
  let end = text.length;
  while (end > 0 && strip.has(text[end - 1]!)) end--;
  return text.slice(0, end);
}

/** Whitespace and end-of-sentence punctuation, in both scripts. */
export const TRAILING_PUNCTUATION: ReadonlySet<string> = new Set([
  ' ',
  '\t',
  '\n',
  '\r',
  '\u3000',
  '.',
  '。',
  ',',
  '，',
  '!',
  '！',
  '?',
  '？',
  '~',
  '～'
]);
