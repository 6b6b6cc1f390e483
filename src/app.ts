/** Wiring: config -> knowledge store, translator, state, bot, adapter, server. Nothing else. */
import type { Storage } from 'botbuilder';
import type { Server } from 'restify';
import { createTranslator, DEFAULT_LOCALES_DIR, readLocaleResources } from './language/i18n';
import { FaoBot } from './bot/faoBot';
import { createBotAdapter } from './channels/botAdapter';
import type { AppConfig } from './config';
import { Drainer, type DrainResult } from './http/drain';
import { LogEvents, type Logger } from './logging/logger';
import { BoundedMemoryStorage } from './storage/boundedMemoryStorage';
import { DEFAULT_STATE_MAX_ITEM_BYTES } from './storage/stateLimits';
import { KnowledgeStore, type ReloadOutcome } from './runtime/knowledgeStore';
import { KnowledgeWatcher } from './runtime/knowledgeWatcher';
import { loadKnowledgeAtStart, reloadKnowledge, type ReloadTrigger } from './runtime/reloadKnowledge';
import { createServer } from './server';
import { RedisConnection } from './storage/redisClient';
import { RedisStorage } from './storage/redisStorage';
import { RedisConversationStore } from './storage/redisConversationStore';
import { RedisActivityFeed } from './storage/redisActivityFeed';
import type { StreamActivity } from './channels/directline/conversationStore';
import { evictionHandler, storeLimits } from './channels/directline/routes';

export interface App {
  server: Server;
  store: KnowledgeStore;
  bot: FaoBot;
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  /** Reloads the knowledge now (SIGHUP), off the event loop; the last good version stays live on errors. */
  reloadKnowledge(trigger?: Exclude<ReloadTrigger, 'start'>): Promise<ReloadOutcome>;
  /** Stops watching and accepting, waits for requests in flight (up to SHUTDOWN_TIMEOUT_MS). */
  close(): Promise<DrainResult>;
}

export interface AppOptions {
  storage?: Storage;
  localesDir?: string;
  /** The clock the bot tells opening hours by; tests inject a fixed one. */
  now?: () => Date;
}

export function createApp(config: AppConfig, logger: Logger, options: AppOptions = {}): App {
  const store = new KnowledgeStore(config.knowledgeDir, config.knowledgeReload);
  loadKnowledgeAtStart(store, logger);
  const watcher = new KnowledgeWatcher({
    directory: config.knowledgeDir,
    debounceMs: config.reloadDebounceMs,
    onChange: (changed) => void reloadKnowledge(store, logger, 'watch', changed),
    onActivity: () => store.prepareReload(),
    onError: (error) =>
      logger.warn(
        { event: LogEvents.knowledgeWatchFailed, err: { message: error.message } },
        'cannot watch the knowledge folder; retrying'
      )
  });
  if (config.watchKnowledge) watcher.start();

  const translate = createTranslator(readLocaleResources(options.localesDir ?? DEFAULT_LOCALES_DIR));
  // REDIS_URL: state shared by every instance on Redis; otherwise one bounded store in this process,
  // so memory stays flat however many users come and go.
  const redis = config.redis.url
    ? new RedisConnection({ url: config.redis.url, keyPrefix: config.redis.keyPrefix, logger }).start()
    : undefined;
  const storage =
    options.storage ??
    (redis
      ? new RedisStorage(redis, {
          ttlSeconds: {
            user: config.stateTtlSeconds,
            conversation: config.stateTtlSeconds,
            other: config.stateTtlSeconds
          },
          maxItemBytes: DEFAULT_STATE_MAX_ITEM_BYTES,
          maxBytes: config.stateMaxBytes,
          maxItems: config.stateMaxItems
        })
      : new BoundedMemoryStorage({
          maxItems: config.stateMaxItems,
          maxBytes: config.stateMaxBytes,
          ttlMs: config.stateTtlSeconds * 1000
        }));
  const bot = new FaoBot({
    knowledge: store,
    translate,
    storage,
    logger,
    defaultLocale: config.defaultLocale,
    maxMessageChars: config.maxMessageChars,
    now: options.now
  });
  const phones = () => (store.ready ? store.current().knowledge.office.phones.join(', ') : '');
  const adapter = createBotAdapter(config, logger, (locale) =>
    phones()
      ? translate(locale, 'error.generic', { phones: phones() })
      : translate(locale, 'error.genericNoPhone')
  );
  const drainer = new Drainer();
  const dl = config.directLine;
  const directLineFeed = redis ? new RedisActivityFeed<StreamActivity>(redis) : undefined;
  const server = createServer({
    config,
    logger,
    store,
    adapter,
    bot,
    drainer,
    redis,
    // REDIS_URL: Direct Line conversations shared too, so any instance continues any chat.
    directLineStore:
      redis && directLineFeed
        ? new RedisConversationStore(
            redis,
            storeLimits(dl),
            Date.now,
            evictionHandler(logger, directLineFeed)
          )
        : undefined,
    directLineFeed
  });
  if (config.directLine.tokenSecretGenerated && !config.directLine.azureSecret) {
    logger.warn(
      { event: LogEvents.configGeneratedSecret },
      'DIRECTLINE_TOKEN_SECRET not set: chat tokens end when the server restarts'
    );
  }

  return {
    server,
    store,
    bot,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const address = server.address();
          logger.info({ event: LogEvents.serverStarted, url: server.url, port: address.port }, 'listening');
          resolve(address.port);
        });
      }),
    reloadKnowledge: (trigger = 'SIGHUP') => reloadKnowledge(store, logger, trigger),
    close: async () => {
      watcher.stop();
      store.close();
      const result = await drainer.close(server.server, config.shutdownTimeoutMs);
      await redis?.close();
      return result;
    }
  };
}
