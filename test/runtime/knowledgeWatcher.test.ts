import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isRelevantChange, KnowledgeWatcher } from '../../src/runtime/knowledgeWatcher';
import { waitFor } from '../helpers/wait';

describe('isRelevantChange', () => {
  it.each([
    ['passports.yaml', true],
    ['sub/visas.YML', true],
    ['newfolder', true],
    [null, true],
    ['.passports.yaml.swp', false],
    ['passports.yaml~', false],
    ['4913', true],
    ['notes.txt', false],
    ['.git', false]
  ])('%s -> %s', (name, expected) => {
    expect(isRelevantChange(name)).toBe(expected);
  });
});

describe('KnowledgeWatcher', () => {
  it('calls back once after a burst of writes, with the changed files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kb-watch-'));
    const calls: string[][] = [];
    const watcher = new KnowledgeWatcher({
      directory: dir,
      debounceMs: 150,
      onChange: (files) => calls.push(files)
    });
    watcher.start();
    try {
      for (let i = 0; i < 5; i++) writeFileSync(path.join(dir, 'a.yaml'), `entries: [] # ${i}\n`);
      writeFileSync(path.join(dir, 'ignored.txt'), 'x');
      await waitFor(() => calls.length > 0, 'the first callback');
      // A later, separate change gets its own callback; had the burst given more than one, they
      // would all have come before it.
      writeFileSync(path.join(dir, 'b.yaml'), 'entries: []\n');
      await waitFor(() => calls.some((files) => files.includes('b.yaml')), 'the second callback');
      expect(calls).toEqual([['a.yaml'], ['b.yaml']]);
    } finally {
      watcher.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a folder it cannot watch and keeps retrying until stopped', async () => {
    const errors: Error[] = [];
    const watcher = new KnowledgeWatcher({
      directory: path.join(tmpdir(), 'does-not-exist-kb-watch'),
      debounceMs: 10,
      retryMs: 50,
      onChange: () => undefined,
      onError: (error) => errors.push(error)
    });
    watcher.start();
    await waitFor(() => errors.length >= 2, 'a retry');
    watcher.stop();
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors[0]!.message).toMatch(/ENOENT/);
  });
});
