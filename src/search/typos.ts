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

/** Most words a run-together word is split into ("passportforpublicaffairs": four). */
const MAX_PARTS = 4;
/** Longer runs of letters are no words typed together (a pasted token, a hash). */
const MAX_RUN_LENGTH = 40;

interface Split {
  parts: string[];
  shortest: number;
}

/**
 * Words typed without the spaces ("publicaffairs", "whereis", "passportforpublicaffairs"): the split
 * into known parts (`isKnown` gets each part's stem) with the fewest parts, at most MAX_PARTS, the
 * most even one (longest shortest part) when several are. Only words of six letters or more that are
 * unknown themselves are worth splitting.
 */
export function splitRunTogether(
  word: string,
  isKnown: (part: string) => string | undefined
): string[] | undefined {
  if (word.length < 6 || word.length > MAX_RUN_LENGTH || !/^[a-z]+$/.test(word)) return undefined;
  // best[i]: the best split of word[0, i) into known parts (dynamic programming over the cut points).
  const best: (Split | undefined)[] = new Array<Split | undefined>(word.length + 1).fill(undefined);
  best[0] = { parts: [], shortest: Infinity };
  for (let end = MIN_PART_LENGTH; end <= word.length; end++) {
    for (let start = 0; start <= end - MIN_PART_LENGTH; start++) {
      const before = best[start];
      if (!before || before.parts.length >= MAX_PARTS) continue;
      // The whole word as one part is no split.
      if (start === 0 && end === word.length) continue;
      const part = isKnown(word.slice(start, end));
      if (part === undefined) continue;
      const candidate = { parts: [...before.parts, part], shortest: Math.min(before.shortest, end - start) };
      const current = best[end];
      if (
        !current ||
        candidate.parts.length < current.parts.length ||
        (candidate.parts.length === current.parts.length && candidate.shortest > current.shortest)
      )
        best[end] = candidate;
    }
  }
  return best[word.length]?.parts;
}
