import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LogEvents } from '../../src/logging/logger';

const SRC = path.join(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('LogEvents', () => {
  it('holds every event name: no `event:` is given a literal anywhere in src/', () => {
    const literals = sourceFiles(SRC).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          /\bevent\s*:\s*['"`]/.test(line) ? [`${path.relative(SRC, file)}:${i + 1}: ${line.trim()}`] : []
        )
    );
    expect(literals).toEqual([]);
  });

  it('names are unique and dotted lower case', () => {
    const names: string[] = Object.values(LogEvents);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z]+(\.[a-z_]+)+$/);
  });

  it('the check above catches a literal (it can fail)', () => {
    expect(/\bevent\s*:\s*['"`]/.test("logger.info({ event: 'made.up' }, 'x')")).toBe(true);
    expect(/\bevent\s*:\s*['"`]/.test('logger.info({ event: LogEvents.turnError }, "x")')).toBe(false);
  });
});
