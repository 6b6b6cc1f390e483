/** Text -> search terms: the one pipeline shared by indexing and querying, so both sides agree. */
import type { SynonymGroups } from '../knowledge/types';
import { SynonymRewriter } from './synonyms';
import { familyOf, isStopTerm, normalizeText, tokenizeNormalized, type LanguageFamily } from './tokenize';

export interface AnalyzedText {
  family: LanguageFamily;
  /** Distinct terms, in first-seen order, stop words included. */
  terms: string[];
  /** The terms that are not stop words (all terms when every one is a stop word), to find candidates. */
  keyTerms: string[];
}

export class Analyzer {
  private readonly synonyms: SynonymRewriter;

  constructor(groups: SynonymGroups = { en: [], zh: [] }) {
    this.synonyms = new SynonymRewriter(groups);
  }

  analyze(text: string): AnalyzedText {
    const normalized = this.synonyms.rewriteText(normalizeText(text));
    const terms = [...new Set(this.synonyms.rewriteTokens(tokenizeNormalized(normalized, true)))];
    const keyTerms = terms.filter((t) => !isStopTerm(t));
    return { family: familyOf(normalized), terms, keyTerms: keyTerms.length > 0 ? keyTerms : terms };
  }
}
