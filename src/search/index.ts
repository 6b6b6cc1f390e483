export {
  Matcher,
  type MatchCandidate,
  type MatchResult,
  type MatcherOptions,
  type Decision
} from './matcher';
export { decide, decisionFeatures, answerProbability, FEATURES, type FeatureName } from './decision';
export { questionSimilarity, inverseDocumentFrequency } from './scoring';
export { tokenize, normalizeText } from './tokenize';
export { Analyzer } from './analyzer';
