export * from './types';
export { formatProblem, KnowledgeLoadError, type KnowledgeProblem, type Severity } from './problems';
export {
  buildKnowledge,
  CASES_FOLDER,
  DEFAULT_MAX_TOTAL_BYTES,
  listKnowledgeFiles,
  loadKnowledge,
  readKnowledge,
  readKnowledgeSources,
  type ReadOptions,
  type KnowledgeSource,
  type LoadResult
} from './loader';
export { formatHours, formatMinutes, PLACEHOLDER_NAMES } from './placeholders';
