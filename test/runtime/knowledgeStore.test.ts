import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_KNOWLEDGE_LIMITS, KnowledgeStore } from '../../src/runtime/knowledgeStore';
import { FIXTURE_KNOWLEDGE } from '../helpers/server';

jest.setTimeout(60_000);

describe('KnowledgeStore.reloadInBackground', () => {
  let dir: string;
  let store: KnowledgeStore;
  let file: string;
  let original: string;
  const edit = (edition: string) =>
    writeFileSync(
      file,
      original.replace('The Service Passport is issued by', `${edition} The Service Passport is issued by`)
    );
  const liveAnswer = () =>
    store.current().knowledge.byId.get('passport-service')?.answer.en ?? '(no passport-service entry)';

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'fao-store-'));
    cpSync(FIXTURE_KNOWLEDGE, dir, { recursive: true });
    file = path.join(dir, 'passports.yaml');
    original = readFileSync(file, 'utf8');
    store = new KnowledgeStore(dir, { ...DEFAULT_KNOWLEDGE_LIMITS, settleMs: 0 });
    expect(store.reload()).toMatchObject({ ok: true });
  });

  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('folds calls made during a reload into one more, which resolves after the first and sees their change', async () => {
    const resolved: string[] = [];
    edit('Edition 1.');
    const started = store.reloadInBackground();
    const first = started.then((outcome) => (resolved.push('first'), outcome));
    edit('Edition 2.');
    const second = store.reloadInBackground();
    const third = store.reloadInBackground();
    expect(third).toBe(second);
    expect(second).not.toBe(started);
    const folded = second.then((outcome) => (resolved.push('folded'), outcome));

    const [one, two] = await Promise.all([first, folded]);
    expect(resolved).toEqual(['first', 'folded']);
    expect(one).toMatchObject({ ok: true });
    expect(two).toMatchObject({ ok: true });
    expect(liveAnswer()).toMatch(/^Edition 2\./);
  });

  it('saves that keep coming while reloads run never hold back the ones that finished', async () => {
    // The first reload resolves on its own even though every later call arrives before it ends.
    const outcomes: string[] = [];
    let edition = 0;
    edit(`Edition ${edition}.`);
    const first = store.reloadInBackground();
    let settledFirst = false;
    void first.then(() => (settledFirst = true));
    const later: Promise<unknown>[] = [];
    const deadline = Date.now() + 30_000;
    while (!settledFirst && Date.now() < deadline) {
      edit(`Edition ${++edition}.`);
      later.push(store.reloadInBackground().then((o) => outcomes.push(o.version ?? 'failed')));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(settledFirst).toBe(true);
    await Promise.all(later);
    expect(outcomes.every((v) => v !== 'failed')).toBe(true);
    // Whatever was saved last is live once every call has resolved.
    expect(liveAnswer()).toMatch(new RegExp(`^Edition ${edition}\\.`));
  });
});
