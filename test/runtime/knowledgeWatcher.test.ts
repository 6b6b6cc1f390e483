import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isRelevantChange, KnowledgeWatcher } from '../../src/runtime/knowledgeWatcher';

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
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(calls).toHaveLength(1);
      expect(calls[0]).toEqual(['a.yaml']);
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
    await new Promise((resolve) => setTimeout(resolve, 180));
    watcher.stop();
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors[0]!.message).toMatch(/ENOENT/);
  });
});
