import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { attackFiles, attackTable, withAttackSection } from '../../bench/attack';

describe('the attack runner (npm run bench:attack)', () => {
  it('runs the numbered attack files in order, not the types or other files', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fao-attacks-'));
    try {
      for (const name of ['types.ts', '10-json-depth.ts', '02-lockout.ts', 'notes.md', '07-reload.ts'])
        writeFileSync(path.join(dir, name), '');
      expect(attackFiles(dir)).toEqual(['02-lockout.ts', '07-reload.ts', '10-json-depth.ts']);
      expect(attackFiles(dir, ['07', '1'])).toEqual(['07-reload.ts', '10-json-depth.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints one row per attack and marks one that did not hold', () => {
    const table = attackTable([
      { attack: 'a', requests: 12345, peakRssMb: 140.26, errorsForOthers: 0, held: true },
      { attack: 'b', requests: 1, peakRssMb: 600, errorsForOthers: 3, held: false, note: 'x | y' }
    ]);
    expect(table[0]).toBe('| attack | requests | peak RSS | errors for others | held | note |');
    expect(table[1]).toBe('| --- | ---: | ---: | ---: | --- | --- |');
    expect(table[2]).toBe('| a | 12,345 | 140.3 MB | 0 | yes |  |');
    expect(table[3]).toBe('| b | 1 | 600.0 MB | 3 | **no** | x / y |');
  });

  it('replaces its own section of RESULTS.md and leaves the rest', () => {
    const first = withAttackSection('# Results\n\nbefore\n', 'table 1');
    expect(first).toContain('before');
    expect(first).toContain('table 1');
    const second = withAttackSection(`${first}\nafter\n`, 'table 2');
    expect(second).not.toContain('table 1');
    expect(second).toContain('table 2');
    expect(second).toContain('before');
    expect(second).toContain('after');
  });
});
