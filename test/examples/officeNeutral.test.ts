/** The code serves any office: no office is named in src/ (its facts live in the knowledge folder). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '..', '..', 'src');
const OFFICE_NAMES = /zhaoqing|chongqing|肇庆|肇慶|重庆|重慶|0758/i;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const full = path.join(dir, item.name);
    return item.isDirectory() ? sourceFiles(full) : [full];
  });
}

describe('src/ is office-neutral', () => {
  it('names neither Zhaoqing nor Chongqing (nor their phone area code) in any file', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(20);
    const hits = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${path.relative(SRC, file)}:${i + 1}` }))
        .filter(({ line }) => OFFICE_NAMES.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`)
    );
    expect(hits).toEqual([]);
  });
});
