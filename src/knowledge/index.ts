export * from './types';
export { formatProblem, KnowledgeLoadError, type KnowledgeProblem, type Severity } from './problems';
export {
  buildKnowledge,
  CASES_FOLDER,
  listKnowledgeFiles,
  loadKnowledge,
  readKnowledge,
  type KnowledgeSource,
  type LoadResult
} from './loader';
export { formatHours, formatMinutes, PLACEHOLDER_NAMES } from './placeholders';
