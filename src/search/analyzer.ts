/**
 * Step 1 of matching, analyze: text -> search terms. The one pipeline shared by indexing and querying,
 * so both sides agree: normalize (width, case, Traditional folded to Simplified), Cantonese words to
 * Mandarin, synonyms to their group's first member, then tokens per script run: Han runs as
 * characters and pairs, Latin runs as English stems, whichever language the text is mostly in.
 */
import type { SynonymGroups, WordRewrites } from '../knowledge/types';
import { CantoneseRewriter } from './cantonese';
import { SynonymRewriter } from './synonyms';
import { isStopTerm, normalizeText, tokenizeNormalized } from './tokenize';

export interface AnalyzedText {
  /** Distinct terms, in first-seen order, stop words included. */
  terms: string[];
  /**
   * The terms that are not stop words (all terms when every one is a stop word), to find candidates:
   * a subsequence of `terms`, in their order.
   */
  keyTerms: string[];
}

const HAN = /\p{Script=Han}/u;

export class Analyzer {
  private readonly synonyms: SynonymRewriter;
  private readonly cantonese: CantoneseRewriter;

  constructor(groups: SynonymGroups = { en: [], zh: [] }, cantonese: WordRewrites = []) {
    this.synonyms = new SynonymRewriter(groups);
    this.cantonese = new CantoneseRewriter(cantonese);
  }

  /** Normalized text, Cantonese rewritten: what corrections (homophones) look at before tokens. */
  normalize(text: string): string {
    const normalized = normalizeText(text);
    return HAN.test(normalized) ? this.cantonese.rewrite(normalized) : normalized;
  }

  /** Terms of text from `normalize`. */
  termsOf(normalized: string): AnalyzedText {
    const terms = distinct(this.tokensOfNormalized(normalized));
    const keyTerms = terms.filter((t) => !isStopTerm(t));
    return { terms, keyTerms: keyTerms.length > 0 ? keyTerms : terms };
  }

  /** Every token of the text in order, repeats kept (for phrases: "the office ... the Liaison Office"). */
  tokensInOrder(text: string): string[] {
    return this.tokensOfNormalized(this.normalize(text));
  }

  /** Synonyms rewritten, then tokens (stop words kept), then synonyms of the tokens: the one pipeline. */
  private tokensOfNormalized(normalized: string): string[] {
    return this.synonyms.rewriteTokens(tokenizeNormalized(this.synonyms.rewriteText(normalized), true));
  }

  analyze(text: string): AnalyzedText {
    return this.termsOf(this.normalize(text));
  }
}

/** Up to this many tokens a scan of the few kept so far beats building a Set. */
const SCAN_LIMIT = 24;

/** The tokens without repeats, in first-seen order. */
function distinct(tokens: string[]): string[] {
  if (tokens.length > SCAN_LIMIT) return [...new Set(tokens)];
  const out: string[] = [];
  for (const token of tokens) if (!out.includes(token)) out.push(token);
  return out;
}
