/**
 * Generates test/fixtures/suggest/bot.log.gz: the pino log of 200 scripted chats with the real bot
 * (FaoBot over knowledge/, driven through botbuilder's TestAdapter, logging through the bot's own
 * logger). The scripted users type the questions of test/fixtures/suggest/asked.yaml and act on what
 * the bot replies, as people do: pick the right did-you-mean button, thumbs-down a wrong answer and
 * ask again with the entry's own title, thumbs-up a good answer now and then, or give up.
 * test/fixtures/suggest/held-back.yaml holds other phrasings of the same questions, never sent.
 *
 *   npx tsx scripts/suggest-fixture.ts [--out FILE] [--chats N] [--knowledge DIR]
 *
 * Deterministic apart from the bot's random chat ids: a seeded random number generator chooses the
 * questions and actions, and a simulated clock spreads the chats over two and a half days.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { load } from 'js-yaml';
import { random } from '../bench/matching/synthetic';
import { TestAdapter, type Activity } from 'botbuilder';
import { FaoBot } from '../src/bot/faoBot';
import { createTranslator, DEFAULT_LOCALES_DIR, readLocaleResources } from '../src/language/i18n';
import { parseOptionValue, type OptionValue } from '../src/bot/options';
import type { Locale } from '../src/language/locale';
import { createLogger, LogEvents } from '../src/logging/logger';
import { KnowledgeStore } from '../src/runtime/knowledgeStore';
import { BoundedMemoryStorage } from '../src/storage/boundedMemoryStorage';

const ROOT = path.resolve(__dirname, '..');

interface AskedCase {
  q: string;
  expect: string | null;
  lang: Locale;
}

/** Every option value in a reply (buttons, suggested actions), wherever the channel rendering put it. */
function optionValues(activity: unknown, found: OptionValue[] = []): OptionValue[] {
  if (Array.isArray(activity)) activity.forEach((item) => optionValues(item, found));
  else if (typeof activity === 'object' && activity !== null) {
    const record = activity as Record<string, unknown>;
    const value = parseOptionValue(record.value);
    if (value) found.push(value);
    Object.values(record).forEach((item) => optionValues(item, found));
  }
  return found;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: path.join(ROOT, 'test/fixtures/suggest/bot.log.gz') },
      chats: { type: 'string', default: '200' },
      knowledge: { type: 'string', default: path.join(ROOT, 'knowledge') },
      asked: { type: 'string', default: path.join(ROOT, 'test/fixtures/suggest/asked.yaml') }
    }
  });
  const asked = load(readFileSync(values.asked, 'utf8')) as AskedCase[];
  const chats = Number(values.chats);
  const next = random(20261123);

  // From Monday 2026-11-23 09:00 Beijing time, a chat every 8.4 minutes; each event seconds later.
  let clock = Date.parse('2026-11-23T01:00:00Z');
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(line);
      done();
    }
  });
  const store = new KnowledgeStore(values.knowledge);
  const loaded = store.reload();
  if (!loaded.ok) throw new Error(`knowledge failed to load: ${JSON.stringify(loaded.problems)}`);
  const bot = new FaoBot({
    knowledge: store,
    translate: createTranslator(readLocaleResources(DEFAULT_LOCALES_DIR)),
    storage: new BoundedMemoryStorage({ maxItems: 10_000, ttlMs: 86_400_000 }),
    logger: createLogger('info', sink, () => clock),
    defaultLocale: 'zh-Hans',
    maxMessageChars: 2000,
    now: () => new Date(clock)
  });
  const knowledge = store.current().knowledge;
  const titleOf = (entryId: string, lang: Locale) => knowledge.byId.get(entryId)!.questions[lang][0]!;

  const counts = { answeredRight: 0, answeredWrong: 0, suggested: 0, unmatched: 0, picked: 0, retried: 0 };
  for (let n = 0; n < chats; n++) {
    clock += Math.round((7 * 8 * 3600_000) / chats);
    const adapter = new TestAdapter((context) => bot.run(context), {
      channelId: 'webchat',
      conversation: { id: `fixture-chat-${n}`, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: `fixture-user-${n}`, name: '' },
      locale: next() < 0.5 ? 'zh-CN' : 'en-US'
    });
    const say = async (activity: Partial<Activity>) => {
      clock += 5_000 + Math.round(next() * 40_000);
      const before = adapter.activeQueue.length;
      const logged = lines.length;
      await adapter.receiveActivity({ type: 'message', ...activity });
      const replies = adapter.activeQueue.splice(before);
      const events = lines.slice(logged).map((line) => JSON.parse(line) as Record<string, unknown>);
      return { options: replies.flatMap((reply) => optionValues(reply)), events };
    };
    const questions = next() < 0.3 ? 2 : 1;
    for (let i = 0; i < questions; i++) {
      const item = asked[Math.floor(next() * asked.length)]!;
      const { options, events } = await say({ text: item.q });
      const outcome = events.find((e) =>
        [LogEvents.messageAnswered, LogEvents.messageSuggested, LogEvents.messageUnmatched].includes(
          e.event as never
        )
      );
      if (!outcome || item.expect === null) continue; // out of scope: the user reads the reply and leaves
      const retry = async () => {
        // Rephrased with the entry's own title, as a user who found it in the topic list would.
        const again = await say({ text: titleOf(item.expect!, item.lang) });
        if (again.events.some((e) => e.event === LogEvents.messageAnswered && e.entryId === item.expect))
          counts.retried++;
      };
      if (outcome.event === LogEvents.messageAnswered) {
        const feedback = (value: 'helpful' | 'not-helpful') =>
          options.find((o) => o.action === 'feedback' && o.value === value);
        if (outcome.entryId === item.expect) {
          counts.answeredRight++;
          const helpful = feedback('helpful');
          if (helpful && next() < 0.5) await say({ value: helpful });
        } else {
          counts.answeredWrong++;
          const notHelpful = feedback('not-helpful');
          if (notHelpful) await say({ value: notHelpful });
          await retry();
        }
      } else if (outcome.event === LogEvents.messageSuggested) {
        counts.suggested++;
        const button = options.find(
          (o) => o.action === 'answer' && o.via === 'suggestion' && o.entryId === item.expect
        );
        if (button && next() < 0.9) {
          counts.picked++;
          await say({ value: button });
        } else if (next() < 0.5) await retry();
      } else {
        counts.unmatched++;
        if (next() < 0.5) await retry();
      }
    }
  }
  const text = `${lines.join('\n')}\n`;
  writeFileSync(values.out, values.out.endsWith('.gz') ? gzipSync(text, { level: 9 }) : text);
  process.stdout.write(
    `${chats} chats, ${lines.length} log lines -> ${path.relative(process.cwd(), values.out)}\n${JSON.stringify(counts)}\n`
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
