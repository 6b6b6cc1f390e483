/** Problems found in knowledge files, each pointing at file, line and field. */

export type Severity = 'error' | 'warning';

export interface KnowledgeProblem {
  severity: Severity;
  /** Path relative to the knowledge directory, e.g. "entries/passports.yaml". */
  file: string;
  line: number;
  /** The field in staff terms, e.g. `passport-service: answer.en`. Empty for whole-file problems. */
  field: string;
  message: string;
}

/** `file:line: field: message`, the form editors and terminals turn into links. */
export function formatProblem(problem: KnowledgeProblem): string {
  const label = problem.severity === 'warning' ? 'warning: ' : '';
  const field = problem.field ? `${problem.field}: ` : '';
  return `${problem.file}:${problem.line}: ${label}${field}${problem.message}`;
}

export class KnowledgeLoadError extends Error {
  constructor(readonly problems: readonly KnowledgeProblem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(
      `Knowledge has ${errors.length} error(s):\n${errors
        .slice(0, 20)
        .map((p) => `  ${formatProblem(p)}`)
        .join('\n')}${errors.length > 20 ? `\n  ... and ${errors.length - 20} more` : ''}`
    );
    this.name = 'KnowledgeLoadError';
  }
}
