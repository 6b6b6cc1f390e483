/**
 * Cantonese -> Mandarin for matching: staff list Cantonese words and the Mandarin words the
 * knowledge uses (knowledge/cantonese.yaml); questions and queries are both rewritten, after folding
 * to Simplified, so "公務護照喺邊度辦" finds the same entry as "公务护照在哪里办".
 */
import { generalPrior } from './prior';
import { normalizeText } from './tokenize';

/** Cantonese word or phrase -> Mandarin, as staff wrote them (either script). */
export type CantoneseWords = ReadonlyArray<readonly [string, string]>;

export class CantoneseRewriter {
  private readonly mandarin = new Map<string, string>();
  private readonly pattern: RegExp | undefined;

  /**
   * @param isWord which character pairs are words of general Chinese: a one-character rule is not
   *   applied where its character forms a word with a neighbour, so 係 -> 是 (Cantonese "is") leaves
   *   联系 and 关系 (係 and 系 fold alike) as they are.
   */
  constructor(
    words: CantoneseWords = [],
    private readonly isWord: (pair: string) => boolean = generalPrior.isWord
  ) {
    for (const [cantonese, mandarin] of words) {
      const from = normalizeText(cantonese).trim();
      if (from !== '') this.mandarin.set(from, normalizeText(mandarin).trim());
    }
    // Longest first, so 點樣 is rewritten before a shorter word inside it could be.
    const froms = [...this.mandarin.keys()].sort((a, b) => b.length - a.length);
    this.pattern =
      froms.length > 0
        ? new RegExp(froms.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gu')
        : undefined;
  }

  /** Rewrites normalized (folded, lowercased) text. */
  rewrite(normalized: string): string {
    if (!this.pattern) return normalized;
    return normalized.replace(this.pattern, (word: string, at: number) => {
      if (word.length === 1 && this.insideWord(normalized, at)) return word;
      return this.mandarin.get(word) ?? word;
    });
  }

  private insideWord(text: string, at: number): boolean {
    const char = text[at]!;
    const previous = text[at - 1];
    const next = text[at + 1];
    return (
      (previous !== undefined && this.isWord(previous + char)) ||
      (next !== undefined && this.isWord(char + next))
    );
  }
}
