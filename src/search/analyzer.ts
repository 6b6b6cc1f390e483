/** Text -> search terms: the one pipeline shared by indexing and querying, so both sides agree. */
import type { SynonymGroups } from '../knowledge/types';
import { SynonymRewriter } from './synonyms';
import { familyOf, normalizeText, tokenizeNormalized, type LanguageFamily } from './tokenize';

export interface AnalyzedText {
  family: LanguageFamily;
  /** Distinct terms, in first-seen order. */
  terms: string[];
}

export class Analyzer {
  private readonly synonyms: SynonymRewriter;

  constructor(groups: SynonymGroups = { en: [], zh: [] }) {
    this.synonyms = new SynonymRewriter(groups);
  }

  analyze(text: string): AnalyzedText {
    const normalized = this.synonyms.rewriteText(normalizeText(text));
    const tokens = this.synonyms.rewriteTokens(tokenizeNormalized(normalized));
    return { family: familyOf(normalized), terms: [...new Set(tokens)] };
  }
}
