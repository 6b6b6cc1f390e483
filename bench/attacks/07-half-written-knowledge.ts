/**
 * Issue 14 attack 7, full size: knowledge that must not go live half-written, under load.
 * (a) every entries/*.yaml deleted; (b) a file cut at an entry boundary, completed a moment later
 * (a slow copy); (c) a 4.7 MB file of entries saved (the reload that blocked every request for
 * 1.85 s). The server watches its folder as deployed; visitors ask all along and must always get the
 * right answer; a 2 ms probe measures the longest any request waited.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syntheticKnowledge } from '../matching/synthetic';
import { benchKnowledgeDir } from '../common';
import { rssPeak, sleep, visitors } from './support';
import type { Attack, AttackServer } from './types';

interface Readiness {
  status: string;
  knowledge: { version: string; entries: number; lastReloadError?: { problems: string[] } };
}

async function readiness(server: AttackServer): Promise<Readiness> {
  return (await (await fetch(`${server.url}/readyz`)).json()) as Readiness;
}

/** Polls until `check` holds, or throws after `ms`. */
async function until(ms: number, what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(100);
  }
}

/** About `bytes` of YAML entries (synthetic, in the shape of the real ones). */
function bigEntriesFile(bytes: number): string {
  const { knowledge } = syntheticKnowledge(12_000, 1);
  const quote = (s: string) => JSON.stringify(s);
  const lines = ['entries:'];
  let size = 0;
  for (const e of knowledge.entries) {
    const entry = [
      `  - id: bulk-${e.id}`,
      `    topic: passports`,
      `    questions:`,
      `      en: [${e.questions.en.map(quote).join(', ')}]`,
      `      zh-Hans: [${e.questions['zh-Hans'].map(quote).join(', ')}]`,
      `    answer:`,
      `      en: ${quote(e.answer.en)}`,
      `      zh-Hans: ${quote(e.answer['zh-Hans'])}`,
      `    source: {en: "synthetic attack entry", zh-Hans: "合成条目"}`,
      `    reviewed: 2026-11-20`
    ].join('\n');
    size += Buffer.byteLength(entry) + 1;
    if (size > bytes) break;
    lines.push(entry);
  }
  return `${lines.join('\n')}\n`;
}

function cutAfter(text: string, keep: number): string {
  const starts = [...text.matchAll(/^ {2}- id:/gm)].map((m) => m.index ?? 0);
  return text.slice(0, starts[keep]);
}

export default {
  name: '7 half-written knowledge goes live',
  run: async (ctx) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fao-attack-7-'));
    cpSync(benchKnowledgeDir().dir, dir, { recursive: true });
    const entriesDir = path.join(dir, 'entries');
    const saved = new Map(
      readdirSync(entriesDir).map((f) => [f, readFileSync(path.join(entriesDir, f), 'utf8')])
    );
    // Made before the probe starts: generating it here would stall this process, and the probe with it.
    const bulk = bigEntriesFile(4.7 * 1024 * 1024);
    const server = await ctx.startServer({ KNOWLEDGE_DIR: dir, KNOWLEDGE_WATCH: 'true', TRUST_PROXY: '1' });
    const peak = rssPeak(server);
    const others = visitors(server.url, 'How do I apply for a service passport?', /Service Passport/, 8);
    // The 2 ms probe: the longest time any request waited during the whole attack.
    let probing = true;
    let longestProbeMs = 0;
    let probes = 0;
    let probeErrors = 0;
    const probe = (async () => {
      while (probing) {
        const started = performance.now();
        const ok = await fetch(`${server.url}/healthz`).then(
          (r) => r.ok,
          () => false
        );
        probes++;
        if (!ok) probeErrors++;
        longestProbeMs = Math.max(longestProbeMs, performance.now() - started);
        await sleep(2);
      }
    })();
    const notes: string[] = [];
    let wentLiveWrong = 0;
    try {
      const live = await readiness(server);
      // (a) Everything deleted.
      for (const file of saved.keys()) unlinkSync(path.join(entriesDir, file));
      await until(
        30_000,
        'deletion refused',
        async () => (await readiness(server)).knowledge.lastReloadError !== undefined
      );
      const afterDelete = await readiness(server);
      if (afterDelete.status !== 'ready' || afterDelete.knowledge.entries !== live.knowledge.entries)
        wentLiveWrong++;
      notes.push(`deleted all: refused (${afterDelete.knowledge.entries} entries kept)`);
      for (const [file, text] of saved) writeFileSync(path.join(entriesDir, file), text);
      await until(
        30_000,
        'restored',
        async () => (await readiness(server)).knowledge.lastReloadError === undefined
      );

      // (b) A slow copy of contact.yaml: first cut after one entry, the rest 400 ms later.
      const contact = path.join(entriesDir, 'contact.yaml');
      const edited = saved.get('contact.yaml')!.replace('Office', 'Office (edited)');
      writeFileSync(contact, cutAfter(edited, 1));
      await sleep(400);
      writeFileSync(contact, edited);
      await until(
        30_000,
        'slow copy live',
        async () => (await readiness(server)).knowledge.version !== live.knowledge.version
      );
      const afterCopy = await readiness(server);
      if (afterCopy.knowledge.entries !== live.knowledge.entries) wentLiveWrong++;
      notes.push(`slow copy: went live whole (${afterCopy.knowledge.entries} entries)`);

      // (c) A 4.7 MB file of entries.
      const before = afterCopy.knowledge.version;
      const started = performance.now();
      writeFileSync(path.join(entriesDir, 'zz-bulk.yaml'), bulk);
      await until(
        300_000,
        'large file live',
        async () => (await readiness(server)).knowledge.version !== before
      );
      const afterBig = await readiness(server);
      notes.push(
        `4.7 MB file: live after ${((performance.now() - started) / 1000).toFixed(1)} s with ${afterBig.knowledge.entries} entries`
      );
    } finally {
      probing = false;
      await probe;
      rmSync(dir, { recursive: true, force: true });
    }
    const seen = await others.stop();
    notes.push(
      `longest wait of any request ${Math.round(longestProbeMs)} ms over ${probes} probes (goal < 50 ms)`
    );
    return {
      attack: '7 half-written knowledge goes live',
      requests: probes + seen.asked,
      peakRssMb: peak(),
      errorsForOthers: seen.failed + probeErrors,
      held: wentLiveWrong === 0 && seen.failed === 0 && probeErrors === 0,
      note: `${notes.join('; ')}; visitors asked ${seen.asked}, longest answer ${seen.longestMs} ms`
    };
  }
} satisfies Attack;
