/**
 * Issue 14 attack 7 (half-written knowledge goes live): deleting every entries/*.yaml loaded 0 entries
 * and /readyz stayed "ready"; a file cut at an entry boundary went live for seconds; a large file
 * blocked every request while it loaded. Real server on loopback, the shipped knowledge in a
 * temporary copy, reloads asked for as SIGHUP does.
 */
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { largeKnowledge } from '../../bench/directline/run';
import { KnowledgeWorkerClient } from '../../src/runtime/offThreadLoad';
import { messageActivity, postActivity, startApp, type RunningApp } from '../helpers/server';

const SHIPPED = path.join(__dirname, '..', '..', 'knowledge');
const QUESTION = 'How do I apply for a service passport?';

interface Details {
  status: string;
  knowledge: { version: string; entries: number; lastReloadError?: { problems: string[] } };
}

function copyOf(source = SHIPPED): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fao-reload-attack-'));
  cpSync(source, dir, { recursive: true });
  return dir;
}

async function details(running: RunningApp): Promise<Details> {
  return (await (await fetch(`${running.baseUrl}/readyz`)).json()) as Details;
}

async function answer(running: RunningApp): Promise<string> {
  const replies = await postActivity(running.baseUrl, messageActivity(QUESTION));
  expect(replies.status).toBe(200);
  return replies.activities[0]?.text ?? '';
}

/** The text of an entries file with only its first `keep` entries. */
function cutAfter(text: string, keep: number): string {
  const starts = [...text.matchAll(/^ {2}- id:/gm)].map((m) => m.index ?? 0);
  return text.slice(0, starts[keep]);
}

// Each test reloads the shipped knowledge (or 1,000 more entries) several times: seconds on a quiet
// machine, over 30 s with every core busy. The bound only catches a reload that hangs.
jest.setTimeout(120_000);

describe('a reload goes live whole and sane, or not at all', () => {
  let dir: string;
  let running: RunningApp;
  let entries: number;
  beforeEach(async () => {
    dir = copyOf();
    running = await startApp({ KNOWLEDGE_DIR: dir, KNOWLEDGE_WATCH: 'false', RATE_LIMIT_PER_SECOND: '0' });
    entries = (await details(running)).knowledge.entries;
  });
  afterEach(async () => {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every entries file deleted: refused, still ready on the last good version, and /readyz says why', async () => {
    const before = await details(running);
    for (const file of readdirSync(path.join(dir, 'entries'))) unlinkSync(path.join(dir, 'entries', file));
    const outcome = await running.app.reloadKnowledge('SIGHUP');
    expect(outcome.ok).toBe(false);
    const after = await details(running);
    expect(after.status).toBe('ready');
    expect(after.knowledge.version).toBe(before.knowledge.version);
    expect(after.knowledge.entries).toBe(entries);
    expect(after.knowledge.lastReloadError!.problems.join('\n')).toMatch(/no entries/);
    expect(await answer(running)).toMatch(/Service Passport/);
    expect(running.logs.some((l) => l.event === 'knowledge.reload_failed')).toBe(true);
  });

  it('files cut so that more than 20% of the entries go: refused; a smaller, deliberate removal goes live', async () => {
    const contact = path.join(dir, 'entries', 'contact.yaml');
    const exchanges = path.join(dir, 'entries', 'exchanges.yaml');
    const overseas = path.join(dir, 'entries', 'overseas-chinese.yaml');
    const originalContact = readFileSync(contact, 'utf8');
    // Cut at entry boundaries: valid YAML, 9 of the entries gone.
    writeFileSync(contact, cutAfter(originalContact, 1));
    writeFileSync(exchanges, cutAfter(readFileSync(exchanges, 'utf8'), 1));
    writeFileSync(overseas, cutAfter(readFileSync(overseas, 'utf8'), 2));
    const refused = await running.app.reloadKnowledge('SIGHUP');
    expect(refused.ok).toBe(false);
    const problems = (await details(running)).knowledge.lastReloadError!.problems.join('\n');
    expect(problems).toMatch(new RegExp(`drop 9 of ${entries} entries`));
    expect((await details(running)).knowledge.entries).toBe(entries);

    // One entry removed on purpose (well under 20%): that is an edit, and it goes live.
    writeFileSync(exchanges, readFileSync(path.join(SHIPPED, 'entries', 'exchanges.yaml'), 'utf8'));
    writeFileSync(overseas, readFileSync(path.join(SHIPPED, 'entries', 'overseas-chinese.yaml'), 'utf8'));
    writeFileSync(contact, cutAfter(originalContact, 4));
    const accepted = await running.app.reloadKnowledge('SIGHUP');
    expect(accepted.ok).toBe(true);
    const live = await details(running);
    expect(live.knowledge.entries).toBe(entries - 1);
    expect(live.knowledge.lastReloadError).toBeUndefined();
  });

  it('a file still being written is waited for: its cut version never goes live', async () => {
    const contact = path.join(dir, 'entries', 'contact.yaml');
    const full = readFileSync(contact, 'utf8').replace('Office', 'Office (edited)');
    const entriesIn = (text: string) => text.match(/^ {2}- id:/gm)?.length ?? 0;
    // What the reload reads, seen the moment it hands the folder to its worker: contact.yaml's entries
    // and how long the file had been left alone.
    const reads: { entries: number; quietMs: number }[] = [];
    const originalLoad = KnowledgeWorkerClient.prototype.load;
    const load = jest.spyOn(KnowledgeWorkerClient.prototype, 'load').mockImplementation(function (
      this: KnowledgeWorkerClient,
      options
    ) {
      reads.push({
        entries: entriesIn(readFileSync(contact, 'utf8')),
        quietMs: Date.now() - statSync(contact).mtimeMs
      });
      return originalLoad.call(this, options);
    });
    try {
      // A slow copy: first the file cut after 4 of its 5 entries (a drop the policy would accept),
      // written half the quiet window ago...
      const { settleMs } = running.config.knowledgeReload;
      writeFileSync(contact, cutAfter(full, 4));
      const halfAWindowAgo = new Date(Date.now() - settleMs / 2);
      utimesSync(contact, halfAWindowAgo, halfAWindowAgo);
      const reload = running.app.reloadKnowledge('SIGHUP');
      // ...the reload has looked at the files as it was asked (in this same tick) and waits for them to
      // be quiet: it has read nothing. Then the rest arrives, while it waits.
      expect(reads).toEqual([]);
      writeFileSync(contact, full);
      const outcome = await reload;
      expect(outcome.ok).toBe(true);
      // It read once, the whole file, and only after the file had been quiet for the window.
      expect(reads).toHaveLength(1);
      expect(reads[0]!.entries).toBe(5);
      // (A reload that waited out the window from its first look only would have read 500 ms after the rest.)
      expect(reads[0]!.quietMs).toBeGreaterThanOrEqual(settleMs);
      expect((await details(running)).knowledge.entries).toBe(entries);
      const reloaded = running.logs.filter((l) => l.event === 'knowledge.reloaded');
      expect(reloaded.map((l) => l.entries)).toEqual([entries]);
    } finally {
      load.mockRestore();
    }
  });

  it('a folder above KNOWLEDGE_MAX_BYTES is refused, and says which limit', async () => {
    await running.close();
    const total = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && d.name.endsWith('.yaml'))
      .reduce((sum, d) => sum + readFileSync(path.join(d.parentPath, d.name)).length, 0);
    running = await startApp({
      KNOWLEDGE_DIR: dir,
      KNOWLEDGE_WATCH: 'false',
      KNOWLEDGE_MAX_BYTES: String(total + 1000),
      RATE_LIMIT_PER_SECOND: '0'
    });
    expect((await details(running)).status).toBe('ready');
    writeFileSync(path.join(dir, 'entries', 'zz-padding.yaml'), `# ${'x'.repeat(2000)}\nentries: []\n`);
    expect((await running.app.reloadKnowledge('SIGHUP')).ok).toBe(false);
    expect((await details(running)).knowledge.lastReloadError!.problems.join('\n')).toMatch(
      /KNOWLEDGE_MAX_BYTES/
    );
    expect(await answer(running)).toMatch(/Service Passport/);
  });
});

describe('a reload does not hold up requests', () => {
  it('while 1,000 more entries load and index, requests keep being answered', async () => {
    const dir = largeKnowledge(SHIPPED, 1000);
    const running = await startApp({
      KNOWLEDGE_DIR: dir,
      KNOWLEDGE_WATCH: 'false',
      RATE_LIMIT_PER_SECOND: '0'
    });
    try {
      const edited = path.join(dir, 'entries', 'zz-synthetic-0.yaml');
      writeFileSync(edited, readFileSync(edited, 'utf8').replace('Answer 0:', 'Answer 0 (edited):'));
      const probes: number[] = [];
      let reloading = true;
      const started = performance.now();
      const reload = running.app.reloadKnowledge('SIGHUP').finally(() => (reloading = false));
      while (reloading) {
        const sent = performance.now();
        const response = await fetch(`${running.baseUrl}/healthz`);
        expect(response.status).toBe(200);
        probes.push(performance.now() - sent);
      }
      const outcome = await reload;
      const reloadMs = performance.now() - started;
      expect(outcome).toMatchObject({ ok: true });
      // In this thread the reload would hold one probe for all of its duration; off the event loop
      // requests are answered all along: many probes, none anywhere near the reload's length.
      expect(probes.length).toBeGreaterThan(20);
      expect(Math.max(...probes)).toBeLessThan(reloadMs / 4);
    } finally {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
