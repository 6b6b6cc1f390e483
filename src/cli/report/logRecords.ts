/**
 * Reads the bot's pino log files (plain or gzip, detected from the content) into the events the staff
 * report uses. Lines that are not JSON log records (stack traces, other programs' output) are counted
 * and skipped, never fatal.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { LogEvents } from '../../logging/logger';

export interface LogRecord {
  event: string;
  /** Milliseconds since the epoch. */
  time: number;
  fields: Record<string, unknown>;
}

export interface ReadStats {
  lines: number;
  records: number;
  skipped: number;
}

/** The events the report is built from; everything else in the log is ignored. */
export const REPORT_EVENTS: ReadonlySet<string> = new Set([
  LogEvents.messageAnswered,
  LogEvents.messageSuggested,
  LogEvents.messageUnmatched,
  LogEvents.messageRejected,
  LogEvents.suggestionChosen,
  LogEvents.feedbackGiven,
  LogEvents.languageChanged,
  LogEvents.handoffRequested
]);

/** One log line -> a record, or undefined when it is not a pino line of a report event. */
export function parseLogLine(line: string): LogRecord | undefined | null {
  const trimmed = line.trim();
  if (trimmed === '') return undefined;
  if (!trimmed.startsWith('{')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const fields = parsed as Record<string, unknown>;
  const time =
    typeof fields.time === 'number'
      ? fields.time
      : typeof fields.time === 'string'
        ? Date.parse(fields.time)
        : NaN;
  // Beyond +-8.64e15 ms a Date is invalid; such a line is junk, not a record.
  if (typeof fields.event !== 'string' || !Number.isFinite(time) || Math.abs(time) > 8.64e15) return null;
  if (!REPORT_EVENTS.has(fields.event)) return undefined;
  return { event: fields.event, time, fields };
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** Streams every record of one file to `onRecord`; memory stays flat however big the file. */
export async function readLogFile(
  file: string,
  onRecord: (record: LogRecord) => void,
  stats: ReadStats
): Promise<void> {
  const gzip = await isGzip(file); // also fails early, with ENOENT, for a missing file
  const raw = createReadStream(file);
  const input: Readable = gzip ? raw.pipe(createGunzip()) : raw;
  const failure = new Promise<never>((_resolve, reject) => {
    raw.on('error', reject);
    input.on('error', (error) => reject(new Error(`${file}: ${error.message}`)));
  });
  const lines = createInterface({ input, crlfDelay: Infinity });
  const reading = (async () => {
    for await (const line of lines) {
      stats.lines++;
      const record = parseLogLine(line);
      if (record === null) stats.skipped++;
      else if (record) {
        stats.records++;
        onRecord(record);
      }
    }
  })();
  await Promise.race([reading, failure]);
}
