/** Text -> search terms: the one pipeline shared by indexing and querying, so both sides agree. */
import type { SynonymGroups } from '../knowledge/types';
import { SynonymRewriter } from './synonyms';
import { familyOf, isStopTerm, normalizeText, tokenizeNormalized, type LanguageFamily } from './tokenize';

export interface AnalyzedText {
  family: LanguageFamily;
  /** Distinct terms, in first-seen order, stop words included. */
  terms: string[];
  /**
   * The terms that are not stop words (all terms when every one is a stop word), to find candidates:
   * a subsequence of `terms`, in their order.
   */
  keyTerms: string[];
}

export class Analyzer {
  private readonly synonyms: SynonymRewriter;

  constructor(groups: SynonymGroups = { en: [], zh: [] }) {
    this.synonyms = new SynonymRewriter(groups);
  }

  analyze(text: string): AnalyzedText {
    const normalized = this.synonyms.rewriteText(normalizeText(text));
    const terms = distinct(this.synonyms.rewriteTokens(tokenizeNormalized(normalized, true)));
    const keyTerms = terms.filter((t) => !isStopTerm(t));
    return { family: familyOf(normalized), terms, keyTerms: keyTerms.length > 0 ? keyTerms : terms };
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
