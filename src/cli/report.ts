/**
 * `kb report [--since DATE] [--until DATE] [--format markdown|json|html] LOGFILE...`
 * The weekly staff report from the bot's logs: unanswered questions, did-you-mean choices, feedback,
 * answers per entry, language, topic and day, and the busiest hours.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readKnowledge } from '../knowledge';
import { parse, UsageError } from './args';
import { buildReport, localDayAndHour } from './report/aggregate';
import { readLogFile, type LogRecord, type ReadStats } from './report/logRecords';
import { renderReport, type ReportFormat } from './report/render';

export interface ReportIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export const REPORT_USAGE = `Usage: kb report [options] LOGFILE...

Reads the bot's logs (plain or .gz) and prints a report for staff.

Options:
  --since DATE        only events on or after DATE (YYYY-MM-DD, or an ISO time)
  --until DATE        only events on or before DATE (a whole day when given as YYYY-MM-DD)
  --format FORMAT     markdown (default), json or html
  --timezone ZONE     time zone for days and hours (default: this computer's, e.g. Asia/Shanghai)
  --knowledge DIR     knowledge folder, to show each entry's topic (default: ./knowledge if present)
  --top N             longest list per section (default 50)
  -h, --help          this help
`;

interface ReportArgs {
  files: string[];
  since?: Bound;
  until?: Bound;
  format: ReportFormat;
  timeZone: string;
  knowledgeDir?: string;
  top: number;
}

/** A date (compared as a local day) or an exact time. */
export type Bound = { day: string } | { time: number };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseBound(text: string, name: string): Bound {
  if (DAY.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`))) return { day: text };
  const time = Date.parse(text);
  if (Number.isNaN(time))
    throw new UsageError(
      `${name} "${text}" is not a date (use YYYY-MM-DD or an ISO time such as 2026-11-20T09:00:00+08:00)`
    );
  return { time };
}

function parseReportArgs(argv: readonly string[]): ReportArgs | 'help' {
  const { values, positionals } = parse([...argv], {
    since: { type: 'string' },
    until: { type: 'string' },
    format: { type: 'string' },
    timezone: { type: 'string' },
    knowledge: { type: 'string' },
    top: { type: 'string' },
    help: { type: 'boolean', short: 'h' }
  });
  if (values.help) return 'help';
  const args: ReportArgs = {
    files: positionals,
    format: 'markdown',
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    top: 50,
    knowledgeDir: values.knowledge
  };
  if (values.since !== undefined) args.since = parseBound(values.since, '--since');
  if (values.until !== undefined) args.until = parseBound(values.until, '--until');
  if (values.format !== undefined) {
    const format = values.format;
    if (format !== 'markdown' && format !== 'json' && format !== 'html')
      throw new UsageError(`--format "${format}" is not markdown, json or html`);
    args.format = format;
  }
  if (values.timezone !== undefined) {
    const zone = values.timezone;
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
    } catch {
      throw new UsageError(`--timezone "${zone}" is not a known time zone (e.g. Asia/Shanghai, UTC)`);
    }
    args.timeZone = zone;
  }
  if (values.top !== undefined) {
    if (!/^\d+$/.test(values.top) || Number(values.top) < 1)
      throw new UsageError(`--top "${values.top}" is not a positive whole number`);
    args.top = Number(values.top);
  }
  if (args.files.length === 0) throw new UsageError('no log file given');
  return args;
}

/** Whether a record falls between the bounds (days compared in `timeZone`). Pure; kb suggest uses it too. */
export function inPeriod(
  record: LogRecord,
  bounds: { since?: Bound; until?: Bound; timeZone: string }
): boolean {
  const check = (bound: Bound | undefined, after: boolean) => {
    if (!bound) return true;
    if ('time' in bound) return after ? record.time >= bound.time : record.time <= bound.time;
    const day = localDayAndHour(record.time, bounds.timeZone).day;
    return after ? day >= bound.day : day <= bound.day;
  };
  return check(bounds.since, true) && check(bounds.until, false);
}

/** Entry id -> topic from the knowledge folder, when it can be read; the report works without it. */
function topicLookup(
  dir: string | undefined,
  io: ReportIo
): ((id: string) => string | undefined) | undefined {
  const folder = dir ?? (existsSync('knowledge') ? 'knowledge' : undefined);
  if (!folder) return undefined;
  const { knowledge } = readKnowledge(path.resolve(folder));
  if (!knowledge) {
    io.stderr.write(
      `note: cannot read the knowledge in ${folder} (run "kb check"); topics are shown as (unknown)\n`
    );
    return undefined;
  }
  return (id) => knowledge.byId.get(id)?.topic;
}

export async function runReport(argv: string[], io: ReportIo): Promise<number> {
  let args: ReportArgs | 'help';
  try {
    args = parseReportArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`kb report: ${error.message}\n\n${REPORT_USAGE}`);
    return 2;
  }
  if (args === 'help') {
    io.stdout.write(REPORT_USAGE);
    return 0;
  }
  const records: LogRecord[] = [];
  const stats: ReadStats = { lines: 0, records: 0, skipped: 0 };
  for (const file of args.files) {
    try {
      await readLogFile(
        file,
        (record) => {
          if (inPeriod(record, args)) records.push(record);
        },
        stats
      );
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'no such file'
          : error instanceof Error
            ? error.message
            : String(error);
      io.stderr.write(`kb report: cannot read ${file}: ${reason}\n`);
      return 1;
    }
  }
  records.sort((a, b) => a.time - b.time);
  const report = buildReport(records, {
    timeZone: args.timeZone,
    topicOf: topicLookup(args.knowledgeDir, io),
    top: args.top
  });
  io.stdout.write(renderReport(report, args.format));
  if (stats.skipped > 0)
    io.stderr.write(
      `note: ${stats.skipped} of ${stats.lines} lines were not bot log records and were skipped\n`
    );
  return 0;
}
