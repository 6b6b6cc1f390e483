/**
 * Homophone slips of pinyin input: typing "huzhao" and picking 户照 for 护照, 签正 for 签证, 外是 for
 * 外事. A pair of characters that neither the knowledge nor general Chinese uses as a word is
 * replaced by the knowledge's pair with the same sounds (tones aside), if there is exactly one.
 */
import { LRUCache } from 'lru-cache';
import { pinyin } from 'pinyin-pro';
import { isHanPair, isStopCharacter } from './chinese';
import type { LanguagePrior } from './prior';

const HAN = /\p{Script=Han}/u;

/** The toneless common reading of one character (行: xing), or undefined for a character without one. */
const readingCache = new LRUCache<string, string>({ max: 30_000 });
/** Cached for a character without a reading. */
const NO_READING = '';

function commonReading(char: string): string | undefined {
  let found = readingCache.get(char);
  if (found === undefined) {
    const [reading] = pinyin(char, { toneType: 'none', type: 'array' });
    found = reading !== undefined && reading !== char ? reading : NO_READING;
    readingCache.set(char, found);
  }
  return found === NO_READING ? undefined : found;
}

/**
 * How a word of the knowledge sounds, as "di zhi": read as the word it is (地 of 地址 is "di", not
 * the particle's "de", so 的职 of 的职能 is no slip of 地址).
 */
function wordSoundOf(word: string): string | undefined {
  const sounds = pinyin(word, { toneType: 'none', type: 'array' });
  return sounds.length === 2 && sounds.every((sound, i) => sound !== [...word][i])
    ? sounds.join(' ')
    : undefined;
}

/**
 * How a typed pair sounds as a slip: by each character's common reading only. Pinyin input offers
 * a character for the sound typed, and a rare reading is almost never how it was picked: 广 is read
 * "an" too, yet 问广州 is no slip of 问安.
 */
function slipSoundOf(pair: string): string | undefined {
  const [first, second] = [...pair];
  const a = commonReading(first!);
  const b = commonReading(second!);
  return a === undefined || b === undefined ? undefined : `${a} ${b}`;
}

/**
 * Does the window of three characters (the pair and the changed character's outer neighbour) hold a
 * pair of the knowledge, other than the correction itself, once corrected that it did not as typed?
 */
function gainsKnownPair(
  knownPairsOf: (text: string) => ReadonlySet<string>,
  windowWith: (char: string) => string,
  typed: string,
  corrected: string,
  replacement: string
): boolean {
  const before = knownPairsOf(windowWith(typed));
  for (const pair of knownPairsOf(windowWith(corrected)))
    if (pair !== replacement && !before.has(pair)) return true;
  return false;
}

export class HomophoneCorrector {
  /** Sounds -> the one known pair with them; null when two known pairs sound alike. */
  private readonly bySound: Map<string, string | null>;

  /**
   * @param vocabulary the knowledge's terms; its pairs of Chinese characters that are words of
   *   general Chinese are the corrections offered (a pair across two words is no target).
   */
  constructor(
    private readonly vocabulary: ReadonlySet<string>,
    private readonly prior: LanguagePrior,
    /** The sound index of the same vocabulary, as `soundIndex()` gave it (built off the event loop). */
    built?: Map<string, string | null>,
    /**
     * More words of the knowledge to correct towards that are no terms (地址: 地 is a particle too);
     * only the sound index holds them, so a corrector rebuilt from `soundIndex()` behaves the same.
     */
    moreTargets: Iterable<string> = []
  ) {
    this.bySound = built ?? new Map();
    if (built) return;
    for (const term of new Set([...vocabulary, ...moreTargets])) {
      if (!isHanPair(term) || !prior.isWord(term)) continue;
      const sound = wordSoundOf(term);
      if (sound === undefined) continue;
      const known = this.bySound.get(sound);
      if (known === undefined) this.bySound.set(sound, term);
      else if (known !== term) this.bySound.set(sound, null);
    }
  }

  /** Sounds -> the known pair (null: ambiguous), to rebuild this corrector elsewhere. */
  soundIndex(): ReadonlyMap<string, string | null> {
    return this.bySound;
  }

  /**
   * The text with every slipped pair replaced; text without Chinese comes back as it is.
   * @param knownPairsOf the knowledge's character pairs in a short text as the matcher analyzes it
   *   (synonyms applied: 外事办 is the knowledge's 外办), to see a correction run on into its words.
   */
  correct(normalized: string, knownPairsOf?: (text: string) => ReadonlySet<string>): string {
    if (this.bySound.size === 0 || !HAN.test(normalized)) return normalized;
    const chars = [...normalized];
    let changed = false;
    for (let i = 0; i + 1 < chars.length; i++) {
      const pair = chars[i]! + chars[i + 1]!;
      if (!isHanPair(pair) || this.vocabulary.has(pair) || this.prior.isWord(pair)) continue;
      // 同香港: 同香 sounds like 同乡, but 香 belongs to 香港, a word the knowledge knows.
      if (this.isKnownWord(chars[i - 1], chars[i]) || this.isKnownWord(chars[i + 1], chars[i + 2])) continue;
      const replacement = this.replacementFor(pair);
      if (replacement === undefined) continue;
      const [a, b] = [...replacement];
      // A slip is one wrong pick of the input method: one character of the pair is right. Two changed
      // are two words meeting (想回老家 is no slip of 乡会, 工程师 none of 城市, 大桥自己 none of 侨资).
      const firstChanged = a !== chars[i];
      if (firstChanged === (b !== chars[i + 1])) continue;
      const typed = firstChanged ? chars[i]! : chars[i + 1]!;
      const corrected = firstChanged ? a! : b!;
      // The characters on the changed one's other side (before it for the first, after for the second).
      const outer = firstChanged ? chars[i - 1] : chars[i + 2];
      const withOuter = (char: string) => (firstChanged ? `${outer}${char}` : `${char}${outer}`);
      // The correction runs on into the knowledge's words (同香会: 乡会 as in 同乡会) where the typed
      // character did not.
      const runsOn =
        outer !== undefined &&
        this.vocabulary.has(withOuter(corrected)) &&
        !this.vocabulary.has(withOuter(typed));
      // 包裹去: 裹去 sounds like 过去, 身份证要: 证要 like 政要, but the typed character belongs to a word
      // of general Chinese on its other side (包裹, 身份证): it was picked right. A word made with a
      // function character does not count (正要 of 签正要 is no reason to keep 正).
      const changedAt = firstChanged ? i : i + 1;
      const outward = firstChanged ? -1 : 1;
      const belongs =
        outer !== undefined && !isStopCharacter(outer) && this.makesWordOutward(chars, changedAt, outward);
      if (belongs && !runsOn) continue;
      // 是, 个, 想 are far likelier meant than slipped (人是谁 is no slip of 人士, nor 联系人是 at the end of
      // a text): corrected only when the correction runs on into the knowledge's words, as the matcher
      // reads them (外是办: 外事办 is the knowledge's 外办).
      if (
        isStopCharacter(typed) &&
        !runsOn &&
        !(
          outer !== undefined &&
          HAN.test(outer) &&
          knownPairsOf !== undefined &&
          gainsKnownPair(
            knownPairsOf,
            (char) => (firstChanged ? `${outer}${char}${chars[i + 1]!}` : `${chars[i]!}${char}${outer}`),
            typed,
            corrected,
            replacement
          )
        )
      )
        continue;
      // 想亲身: 想亲 sounds like 乡亲, but the 亲 it would keep belongs to 亲身 (a word of general Chinese);
      // 联系人是: the 人 belongs to 联系人.
      if (this.makesWordOutward(chars, firstChanged ? i + 1 : i, firstChanged ? 1 : -1)) continue;
      chars[i] = a!;
      chars[i + 1] = b!;
      changed = true;
      i++; // the pair is settled; the next one starts after it
    }
    return changed ? chars.join('') : normalized;
  }

  /**
   * Does the character at `at` make a word of general Chinese with the one or two characters beside it
   * on one side (`step` -1: before it, 1: after it)?
   */
  private makesWordOutward(chars: readonly string[], at: number, step: -1 | 1): boolean {
    const near = chars[at + step];
    if (near === undefined) return false;
    const pair = step < 0 ? near + chars[at]! : chars[at]! + near;
    if (this.prior.isWord(pair)) return true;
    const far = chars[at + 2 * step];
    return far !== undefined && this.prior.isWord(step < 0 ? far + pair : pair + far);
  }

  /** Do the two characters form a word of the knowledge (and of general Chinese)? */
  private isKnownWord(first: string | undefined, second: string | undefined): boolean {
    if (first === undefined || second === undefined) return false;
    const pair = first + second;
    return this.vocabulary.has(pair) && this.prior.isWord(pair);
  }

  private replacementFor(pair: string): string | undefined {
    const sound = slipSoundOf(pair);
    return sound === undefined ? undefined : (this.bySound.get(sound) ?? undefined); // null: ambiguous
  }
}
