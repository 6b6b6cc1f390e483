/**
 * Homophone slips of pinyin input: typing "huzhao" and picking 户照 for 护照, 签正 for 签证, 外是 for
 * 外事. A pair of characters that neither the knowledge nor general Chinese uses as a word is
 * replaced by the knowledge's pair with the same sounds (tones aside), if there is exactly one.
 */
import { LRUCache } from 'lru-cache';
import { pinyin } from 'pinyin-pro';
import { isHanPair } from './chinese';
import type { LanguagePrior } from './prior';

const HAN = /\p{Script=Han}/u;
/** Readings combined per pair at most (a few characters have four or more). */
const MAX_KEYS = 8;

/** Toneless readings of one character, every reading it has (行: xing, hang, heng). */
const readingCache = new LRUCache<string, readonly string[]>({ max: 30_000 });

function readings(char: string): readonly string[] {
  let found = readingCache.get(char);
  if (found === undefined) {
    const all = pinyin(char, { toneType: 'none', type: 'array', multiple: true });
    found = all.length > 0 && all[0] !== char ? [...new Set(all)] : [];
    readingCache.set(char, found);
  }
  return found;
}

/** Every way the pair can sound, as "hu zhao". */
function soundsOf(pair: string): string[] {
  const [first, second] = [...pair];
  const keys: string[] = [];
  for (const a of readings(first!))
    for (const b of readings(second!)) if (keys.length < MAX_KEYS) keys.push(`${a} ${b}`);
  return keys;
}

/**
 * How a typed pair sounds as a slip: by each character's common reading only. Pinyin input offers
 * a character for the sound typed, and a rare reading is almost never how it was picked: 广 is read
 * "an" too, yet 问广州 is no slip of 问安.
 */
function slipSoundsOf(pair: string): string[] {
  const [first, second] = [...pair];
  const a = readings(first!)[0];
  const b = readings(second!)[0];
  return a === undefined || b === undefined ? [] : [`${a} ${b}`];
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
      for (const sound of soundsOf(term)) {
        const known = this.bySound.get(sound);
        if (known === undefined) this.bySound.set(sound, term);
        else if (known !== term) this.bySound.set(sound, null);
      }
    }
  }

  /** Sounds -> the known pair (null: ambiguous), to rebuild this corrector elsewhere. */
  soundIndex(): ReadonlyMap<string, string | null> {
    return this.bySound;
  }

  /** The text with every slipped pair replaced; text without Chinese comes back as it is. */
  correct(normalized: string): string {
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
      chars[i] = a!;
      chars[i + 1] = b!;
      changed = true;
      i++; // the pair is settled; the next one starts after it
    }
    return changed ? chars.join('') : normalized;
  }

  /** Do the two characters form a word of the knowledge (and of general Chinese)? */
  private isKnownWord(first: string | undefined, second: string | undefined): boolean {
    if (first === undefined || second === undefined) return false;
    const pair = first + second;
    return this.vocabulary.has(pair) && this.prior.isWord(pair);
  }

  private replacementFor(pair: string): string | undefined {
    let found: string | undefined;
    for (const sound of slipSoundsOf(pair)) {
      const known = this.bySound.get(sound);
      if (known === null) return undefined; // ambiguous
      if (known === undefined) continue;
      if (found !== undefined && found !== known) return undefined;
      found = known;
    }
    return found;
  }
}
