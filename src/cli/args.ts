/** Small helpers shared by the staff commands. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`)
};

export class UsageError extends Error {}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(usageMessage(error));
  }
}

/** node:util's parse errors in a staff member's words. */
function usageMessage(error: unknown): string {
  // Duck-typed: under jest, node's own errors come from another realm and fail `instanceof Error`.
  const message =
    typeof (error as { message?: unknown })?.message === 'string' ? (error as Error).message : String(error);
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missing = /^Option '(-[^ ']+)(?: <value>)?' argument missing/.exec(message);
  if (missing) return `${missing[1]!.replace(/^-\w, /, '')} needs a value`;
  return message;
}

export function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** A Markdown table cell: no pipes or line breaks from user text. */
function cell(text: string | number): string {
  return String(text)
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');
}

/**
 * Renders rows as a Markdown table (also readable in a terminal). The one table helper of the CLI and
 * the benchmarks. `align` has one letter per column, `l` (the default) or `r` (right-aligned, `---:`).
 */
export function markdownTable(header: string[], rows: (string | number)[][], align = ''): string {
  if (align.length > header.length || /[^lr]/.test(align))
    throw new Error(`table alignment ${JSON.stringify(align)} is not one l or r per column`);
  const rule = header.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  const lines = [header.map(cell), rule, ...rows.map((r) => r.map(cell))];
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
