/**
 * Typo tolerance for Latin words: an unknown query term is replaced by a known term one edit away
 * (SymSpell-style deletion index, so lookups stay fast however large the vocabulary).
 */
import { isOneEditApart } from './similarity';

const MIN_LENGTH = 4;

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Only lowercase Latin words of MIN_LENGTH letters or more are corrected, or offered as corrections. */
export function isCorrectable(word: string): boolean {
  return word.length >= MIN_LENGTH && /^[a-z]+$/.test(word);
}

export class TypoCorrector {
  private readonly byDeletion: Map<string, string[]>;

  /**
   * Words of the vocabulary that are not correctable may be left out: they change nothing.
   * @param built the deletion index of the same vocabulary, as `deletionIndex()` gave it (a reload
   *   builds it off the event loop and hands it over).
   */
  constructor(
    private readonly vocabulary: ReadonlySet<string>,
    built?: Map<string, string[]>
  ) {
    this.byDeletion = built ?? new Map();
    if (built) return;
    for (const word of vocabulary) {
      if (!isCorrectable(word)) continue;
      for (const key of [word, ...deletions(word)]) {
        const list = this.byDeletion.get(key);
        if (list) {
          if (list.length < 8) list.push(word);
        } else this.byDeletion.set(key, [word]);
      }
    }
  }

  /** The deletion index (deletion -> known words), to rebuild this corrector elsewhere. */
  deletionIndex(): ReadonlyMap<string, readonly string[]> {
    return this.byDeletion;
  }

  /** The known word closest to `word` (distance 1: insertion, deletion or substitution), if any. */
  correct(word: string): string | undefined {
    if (this.vocabulary.has(word) || !isCorrectable(word)) return undefined;
    const seen = new Set<string>();
    for (const key of [word, ...deletions(word)]) {
      for (const candidate of this.byDeletion.get(key) ?? []) {
        if (seen.has(candidate)) continue;
        seen.add(candidate);
        if (isOneEditApart(word, candidate) && isPlausibleTypo(word, candidate)) return candidate;
      }
    }
    return undefined;
  }
}

/**
 * People mistype inside a word, rarely its first letter; and a word one letter longer at the end is
 * usually another word, not a typo ("post" is not "lost", "diploma" is not "diplomat").
 */
export function isPlausibleTypo(typed: string, known: string): boolean {
  let i = 0;
  while (i < typed.length && i < known.length && typed[i] === known[i]) i++;
  if (i === 0) return false;
  return !(
    typed.length !== known.length &&
    i === Math.min(typed.length, known.length) &&
    known.length > typed.length
  );
}

/** Shortest word a run-together word is split into ("a" and "I" only as function words). */
const MIN_PART_LENGTH = 2;

/**
 * Two words typed without the space ("publicaffairs", "whereis"): the split whose two halves are
 * both known (`isKnown` gets each half's stem), the most even one when several are. Only words of
 * six letters or more that are unknown themselves are worth splitting.
 */
export function splitRunTogether(
  word: string,
  isKnown: (half: string) => string | undefined
): string[] | undefined {
  if (word.length < 6 || !/^[a-z]+$/.test(word)) return undefined;
  let best: string[] | undefined;
  let bestShorter = 0;
  for (let i = MIN_PART_LENGTH; i <= word.length - 1; i++) {
    const left = isKnown(word.slice(0, i));
    const right = isKnown(word.slice(i));
    if (left === undefined || right === undefined) continue;
    const shorter = Math.min(i, word.length - i);
    if (shorter > bestShorter) {
      best = [left, right];
      bestShorter = shorter;
    }
  }
  return best;
}
