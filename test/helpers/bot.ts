/** Builds the real bot over fixture knowledge for conversation tests through botbuilder's TestAdapter. */
import { Writable } from 'node:stream';
import { TestAdapter, type Activity, type Middleware, type Storage } from 'botbuilder';
import pino from 'pino';
import { FaoBot } from '../../src/bot/faoBot';
import { addTypingIndicator } from '../../src/channels/botAdapter';
import { createTranslator, DEFAULT_LOCALES_DIR, readLocaleResources } from '../../src/language/i18n';
import type { Locale } from '../../src/language/locale';
import { KnowledgeStore } from '../../src/runtime/knowledgeStore';
import { BoundedMemoryStorage } from '../../src/storage/boundedMemoryStorage';
import { FIXTURE_KNOWLEDGE } from './server';

export interface BotHarness {
  adapter: TestAdapter;
  bot: FaoBot;
  logs: Record<string, unknown>[];
  store: KnowledgeStore;
  storage: Storage;
}

export interface HarnessOptions {
  defaultLocale?: Locale;
  knowledgeDir?: string;
  now?: () => Date;
  /** The state storage (default: the server's in-memory store). */
  storage?: Storage;
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
  const storage = options.storage ?? new BoundedMemoryStorage({ maxItems: 1000, ttlMs: 3_600_000 });
  const bot = new FaoBot({
    knowledge: store,
    translate: createTranslator(readLocaleResources(DEFAULT_LOCALES_DIR)),
    storage,
    logger: pino({ level: 'info' }, sink),
    defaultLocale: options.defaultLocale ?? 'zh-Hans',
    maxMessageChars: 1000,
    now: options.now
  });
  const adapter = addTypingIndicator(new TestAdapter((context) => bot.run(context)));
  for (const middleware of options.middleware ?? []) adapter.use(middleware);
  return { adapter, bot, logs, store, storage };
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
