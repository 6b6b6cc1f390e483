/** Temporary knowledge directories built from the fixture, for tests that need a variation of it. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURE_KNOWLEDGE } from './server';

/**
 * The fixture knowledge (or another folder, such as the shipped one) with office opening hours
 * (Asia/Shanghai, weekdays 08:30-12:00 and 14:30-17:30). Test data only: the seeds publish no hours.
 */
export function knowledgeWithHours(source = FIXTURE_KNOWLEDGE): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fao-hours-'));
  cpSync(source, dir, { recursive: true });
  const office = path.join(dir, 'office.yaml');
  const hours = ['mon', 'tue', 'wed', 'thu', 'fri']
    .map((d) => `    ${d}: "08:30-12:00, 14:30-17:30"`)
    .join('\n');
  const text = readFileSync(office, 'utf8').replace(
    /^ {2}fax: .*$/m,
    (fax) => `${fax}\n  hours:\n    timezone: Asia/Shanghai\n${hours}\n    sat: closed\n    sun: closed`
  );
  writeFileSync(office, text);
  return dir;
}
