/**
 * Cantonese -> Mandarin for matching: staff list Cantonese words and the Mandarin words the
 * knowledge uses (knowledge/cantonese.yaml); questions and queries are both rewritten, after folding
 * to Simplified, so "公務護照喺邊度辦" finds the same entry as "公务护照在哪里办".
 */
import { normalizeText } from './tokenize';

/** Cantonese word or phrase -> Mandarin, as staff wrote them (either script). */
export type CantoneseWords = ReadonlyArray<readonly [string, string]>;

export class CantoneseRewriter {
  private readonly mandarin = new Map<string, string>();
  private readonly pattern: RegExp | undefined;

  constructor(words: CantoneseWords = []) {
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
    return normalized.replace(this.pattern, (word) => this.mandarin.get(word) ?? word);
  }
}
