/** Detects which of our languages (if any) a message is written in. Pure. */
import { changesWhenSimplified, changesWhenTraditional } from './chinese';
import type { TextScript } from './locale';

const HAN_ALL = /\p{Script=Han}/gu;
const LATIN_LETTERS = /\p{Script=Latin}/gu;
const LATIN_WORDS = /\p{Script=Latin}{2,}/gu;
// Scripts of languages we do not support; kana means Japanese even when Han characters are present.
const UNSUPPORTED =
  /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Cyrillic}\p{Script=Arabic}\p{Script=Thai}\p{Script=Devanagari}\p{Script=Greek}\p{Script=Hebrew}]/gu;

/**
 * Han characters decide Chinese (Traditional when any character changes on folding to Simplified),
 * unless English words clearly dominate; otherwise two or more Latin letters decide English; a text in another script is 'unsupported';
 * digits, emoji and punctuation alone are 'none' (no signal).
 */
export function detectScript(text: string): TextScript {
  const hanCharacters = text.match(HAN_ALL);
  const han = hanCharacters?.length ?? 0;
  const latin = text.match(LATIN_LETTERS)?.length ?? 0;
  const other = text.match(UNSUPPORTED)?.length ?? 0;
  if (other > 0 && other >= han / 2 && other >= latin / 2) return 'unsupported';
  // An English sentence quoting a Chinese term ("How do I apply for 公务护照 as a civil servant?") is English.
  const latinWords = text.match(LATIN_WORDS)?.length ?? 0;
  if (hanCharacters && !(latinWords >= 3 && latinWords * 2 > han)) {
    const hanOnly = hanCharacters.join('');
    if (changesWhenSimplified(hanOnly)) return 'zh-Hant';
    // Text that would change if written in Traditional is clearly Simplified (whole phrases count:
    // 面包 is 麵包, 周一 is 週一); text the same in both scripts gives no variant signal.
    return changesWhenTraditional(hanOnly) ? 'zh-Hans' : 'zh';
  }
  if (latin >= 2) return 'en';
  return 'none';
}
