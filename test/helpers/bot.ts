/** Builds the real bot over fixture knowledge for conversation tests through botbuilder's TestAdapter. */
import { Writable } from 'node:stream';
import {
  MemoryStorage,
  TestAdapter,
  type Activity,
  type Middleware
} from 'botbuilder';
import pino from 'pino';
import { FaoBot } from '../../src/bot/faoBot';
import { addTypingIndicator } from '../../src/channels/botAdapter';
import { createTranslator, DEFAULT_LOCALES_DIR, readLocaleResources } from '../../src/bot/i18n';
import type { Locale } from '../../src/language/locale';
import { KnowledgeStore } from '../../src/runtime/knowledgeStore';
import { FIXTURE_KNOWLEDGE } from './server';

export interface BotHarness {
  adapter: TestAdapter;
  logs: Record<string, unknown>[];
  store: KnowledgeStore;
}

export interface HarnessOptions {
  defaultLocale?: Locale;
  knowledgeDir?: string;
  now?: () => Date;
  /** Middleware run after the typing indicator (e.g. to make a turn slow). */
  middleware?: Middleware[];
}

export function createBotHarness(options: HarnessOptions = {}): BotHarness {
  const store = new KnowledgeStore(options.knowledgeDir ?? FIXTURE_KNOWLEDGE);
  const outcome = store.reload();
  if (!outcome.ok) throw new Error(`fixture knowledge failed: ${JSON.stringify(outcome.problems)}`);
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      cb();
    }
  });
  const bot = new FaoBot({
    knowledge: store,
    translate: createTranslator(readLocaleResources(DEFAULT_LOCALES_DIR)),
    storage: new MemoryStorage(),
    logger: pino({ level: 'info' }, sink),
    defaultLocale: options.defaultLocale ?? 'zh-Hans',
    maxMessageChars: 1000,
    now: options.now
  });
  const adapter = addTypingIndicator(new TestAdapter((context) => bot.run(context)));
  for (const middleware of options.middleware ?? []) adapter.use(middleware);
  return { adapter, logs, store };
}

/** Sends one activity and collects every reply the bot sends for it. */
export async function send(
  adapter: TestAdapter,
  activity: Partial<Activity> | string
): Promise<Partial<Activity>[]> {
  const before = adapter.activeQueue.length;
  await adapter.receiveActivity(activity);
  return adapter.activeQueue.splice(before);
}
