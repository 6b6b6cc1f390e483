import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  FIXTURE_KNOWLEDGE,
  messageActivity,
  postActivity,
  startApp,
  type RunningApp
} from '../helpers/server';

interface Readiness {
  status: string;
  knowledge: { version: string; loadedAt: string; lastReloadError?: { at: string; problems: string[] } };
}

const QUESTION = 'How do I apply for a service passport?';
/**
 * A reload goes live after the files are quiet (KNOWLEDGE_SETTLE_MS) and a worker thread has loaded
 * and indexed them; how long that takes is measured in `npm run bench` (bench/RESULTS.md). This
 * deadline only bounds a reload that never comes: under a saturated CPU the worker thread (which
 * compiles the TypeScript sources with tsx in tests) took over 15 s, so it is generous.
 */
const RELOAD_DEADLINE_MS = 60_000;
jest.setTimeout(3 * RELOAD_DEADLINE_MS);

function tempKnowledge(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kb-reload-'));
  cpSync(FIXTURE_KNOWLEDGE, dir, { recursive: true });
  return dir;
}

async function readiness(baseUrl: string): Promise<Readiness> {
  return (await (await fetch(`${baseUrl}/readyz`)).json()) as Readiness;
}

async function answerText(baseUrl: string, text = QUESTION): Promise<string> {
  const replies = await postActivity(baseUrl, messageActivity(text));
  expect(replies.status).toBe(200);
  return replies.activities[0]?.text ?? '';
}

/** Polls until `check` passes or `ms` runs out; returns the elapsed time. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not met within ${ms} ms`);
}

describe('hot reload of the knowledge directory', () => {
  let dir: string;
  let running: RunningApp;
  let file: string;
  let original: string;

  beforeEach(async () => {
    dir = tempKnowledge();
    file = path.join(dir, 'passports.yaml');
    original = readFileSync(file, 'utf8');
    running = await startApp({
      KNOWLEDGE_DIR: dir,
      KNOWLEDGE_RELOAD_DEBOUNCE_MS: '100',
      // Saves 200 ms apart below: waiting for files quiet for 1 s (the default) would fold them into one.
      KNOWLEDGE_SETTLE_MS: '100',
      RATE_LIMIT_PER_SECOND: '0'
    });
  });
  afterEach(async () => {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers from a valid edit and shows the new version in /readyz', async () => {
    const before = await readiness(running.baseUrl);
    expect(await answerText(running.baseUrl)).toMatch(/The Service Passport is issued/);
    writeFileSync(
      file,
      original.replace('The Service Passport is issued by', 'Service Passports now come from')
    );
    await within(RELOAD_DEADLINE_MS, async () =>
      /Service Passports now come from/.test(await answerText(running.baseUrl))
    );
    const after = await readiness(running.baseUrl);
    expect(after.knowledge.version).not.toBe(before.knowledge.version);
    expect(Date.parse(after.knowledge.loadedAt)).toBeGreaterThan(Date.parse(before.knowledge.loadedAt));
    const reloaded = running.logs.find((l) => l.event === 'knowledge.reloaded');
    expect(reloaded).toMatchObject({ version: after.knowledge.version, entries: 5, trigger: 'watch' });
    expect(typeof reloaded!.durationMs).toBe('number');
  });

  it('keeps serving the last good knowledge when a file breaks, and reports the error with file:line', async () => {
    const good = await readiness(running.baseUrl);
    const lines = original.split('\n');
    lines[4] = '        - "unterminated'; // a YAML syntax error on line 5
    writeFileSync(file, lines.join('\n'));
    await within(RELOAD_DEADLINE_MS, async () =>
      running.logs.some((l) => l.event === 'knowledge.reload_failed')
    );

    const failed = running.logs.find((l) => l.event === 'knowledge.reload_failed') as { problems: string[] };
    expect(failed.problems[0]).toMatch(/^passports\.yaml:\d+: /);
    const broken = await readiness(running.baseUrl);
    expect(broken.status).toBe('ready');
    expect(broken.knowledge.version).toBe(good.knowledge.version);
    expect(broken.knowledge.loadedAt).toBe(good.knowledge.loadedAt);
    expect(broken.knowledge.lastReloadError!.problems[0]).toMatch(/^passports\.yaml:\d+: /);
    expect(await answerText(running.baseUrl)).toMatch(/The Service Passport is issued/);

    // Fixing the file clears the error.
    writeFileSync(file, original.replace('for official trips', 'for official journeys abroad'));
    await within(
      RELOAD_DEADLINE_MS,
      async () => (await readiness(running.baseUrl)).knowledge.lastReloadError === undefined
    );
    expect((await readiness(running.baseUrl)).knowledge.version).not.toBe(good.knowledge.version);
  });

  it('reports a validation error (not only YAML syntax) with its file, line and field', async () => {
    writeFileSync(file, original.replace('reviewed: 2026-11-20', 'reviewed: someday'));
    await within(
      RELOAD_DEADLINE_MS,
      async () => (await readiness(running.baseUrl)).knowledge.lastReloadError !== undefined
    );
    const { knowledge } = await readiness(running.baseUrl);
    expect(knowledge.lastReloadError!.problems.some((p) => /^passports\.yaml:\d+: .*reviewed/.test(p))).toBe(
      true
    );
    expect(await answerText(running.baseUrl)).toMatch(/The Service Passport is issued/);
  });

  it('never fails or drops a request while the knowledge is reloaded again and again', async () => {
    let stop = false;
    const outcomes: { status: number; text: string }[] = [];
    const client = async () => {
      while (!stop) {
        const replies = await postActivity(running.baseUrl, messageActivity(QUESTION));
        outcomes.push({ status: replies.status, text: replies.activities[0]?.text ?? '' });
      }
    };
    const clients = Array.from({ length: 8 }, client);
    const reloads = () => running.logs.filter((l) => l.event === 'knowledge.reloaded').length;
    // Saves until three have gone live (a reload runs in a worker thread: how long it takes depends on
    // the machine; the deadline only bounds a broken reload).
    const deadline = Date.now() + RELOAD_DEADLINE_MS;
    for (let i = 0; reloads() < 3 && Date.now() < deadline; i++) {
      writeFileSync(
        file,
        original.replace(
          'The Service Passport is issued by',
          `Edition ${i} the Service Passport is issued by`
        )
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (i === 3) writeFileSync(file, 'entries: [\n'); // one broken save in the middle
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    stop = true;
    await Promise.all(clients);
    expect(outcomes.length).toBeGreaterThan(50);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe(200);
      expect(outcome.text).toMatch(/Service Passport is issued/i);
    }
    expect(running.logs.filter((l) => l.event === 'knowledge.reloaded').length).toBeGreaterThanOrEqual(3);
  });
});

describe('starting with broken knowledge', () => {
  it('is not ready, then becomes ready by itself once the file is fixed', async () => {
    const dir = tempKnowledge();
    const file = path.join(dir, 'passports.yaml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('reviewed: 2026-11-20', 'reviewed: [oops'));
    const running = await startApp({
      KNOWLEDGE_DIR: dir,
      KNOWLEDGE_RELOAD_DEBOUNCE_MS: '100',
      KNOWLEDGE_SETTLE_MS: '100'
    });
    try {
      const before = await fetch(`${running.baseUrl}/readyz`);
      expect(before.status).toBe(503);
      expect(((await before.json()) as Readiness).knowledge.lastReloadError!.problems[0]).toMatch(
        /^passports\.yaml:\d+: /
      );
      expect((await postActivity(running.baseUrl, messageActivity(QUESTION))).status).toBe(503);
      writeFileSync(file, good);
      await within(RELOAD_DEADLINE_MS, async () => (await fetch(`${running.baseUrl}/readyz`)).status === 200);
      expect(await answerText(running.baseUrl)).toMatch(/The Service Passport is issued/);
    } finally {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('reload on demand (SIGHUP path) with the watcher off', () => {
  it('reloads only when asked, and an unchanged folder keeps its version and load time', async () => {
    const dir = tempKnowledge();
    // The same short quiet times for both: only KNOWLEDGE_WATCH differs.
    const quick = { KNOWLEDGE_DIR: dir, KNOWLEDGE_RELOAD_DEBOUNCE_MS: '100', KNOWLEDGE_SETTLE_MS: '100' };
    const running = await startApp({ ...quick, KNOWLEDGE_WATCH: 'false' });
    // The positive control: a server watching the same folder, which does pick the edit up.
    const watching = await startApp(quick);
    try {
      const file = path.join(dir, 'passports.yaml');
      const before = await readiness(running.baseUrl);
      expect(await running.app.reloadKnowledge('SIGHUP')).toMatchObject({ ok: true, unchanged: true });
      expect(await readiness(running.baseUrl)).toEqual(before);

      // A watcher's first step at a file event is preparing the reload's worker (then it waits out
      // the debounce and the quiet time, then reloads): counted on both servers.
      const prepared = jest.spyOn(running.app.store, 'prepareReload');
      const controlPrepared = jest.spyOn(watching.app.store, 'prepareReload');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          'The Service Passport is issued by',
          'Ask us, the Service Passport is issued by'
        )
      );
      // Not watching: by the time the control has seen the same file event, waited the same debounce
      // and quiet time and reloaded, this server has reacted in no way.
      await within(RELOAD_DEADLINE_MS, async () => /^Ask us/.test(await answerText(watching.baseUrl)));
      expect(controlPrepared).toHaveBeenCalled();
      expect(watching.logs.find((l) => l.event === 'knowledge.reloaded')).toMatchObject({ trigger: 'watch' });
      expect(prepared).not.toHaveBeenCalled();
      expect(running.logs.filter((l) => l.trigger === 'watch')).toEqual([]);
      expect(await answerText(running.baseUrl)).toMatch(/^The Service Passport/);

      expect(await running.app.reloadKnowledge('SIGHUP')).toMatchObject({ ok: true });
      expect(await answerText(running.baseUrl)).toMatch(/^Ask us, the Service Passport/);
      expect(running.logs.find((l) => l.event === 'knowledge.reloaded')).toMatchObject({ trigger: 'SIGHUP' });
    } finally {
      await watching.close();
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
