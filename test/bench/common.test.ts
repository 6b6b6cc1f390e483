import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startNodeFlags } from '../../bench/common';

describe('benchmarks run the server as npm start does', () => {
  it('takes the Node.js flags from the start script', () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      scripts: { start: string };
    };
    const flags = startNodeFlags();
    expect(pkg.scripts.start).toBe(['node', ...flags, 'dist/index.js'].join(' '));
    expect(flags).toContain('--max-semi-space-size=8');
  });
});
