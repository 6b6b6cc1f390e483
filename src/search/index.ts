export { Matcher, type MatchCandidate, type MatchResult, type MatcherOptions, type Decision } from './matcher';
export { decide, questionSimilarity, inverseDocumentFrequency } from './scoring';
export { tokenize, normalizeText, familyOf } from './tokenize';
export { Analyzer } from './analyzer';
