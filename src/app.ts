/** Wiring: config -> knowledge store, translator, state, bot, adapter, server. Nothing else. */
import { ConversationState, MemoryStorage, UserState, type Storage } from 'botbuilder';
import type { Server } from 'restify';
import { createTranslator, DEFAULT_LOCALES_DIR, readLocaleResources } from './bot/i18n';
import { FaoBot } from './bot/faoBot';
import { createBotAdapter } from './channels/botAdapter';
import type { AppConfig } from './config';
import { formatProblem } from './knowledge';
import { LogEvents, type Logger } from './logging/logger';
import { KnowledgeStore } from './runtime/knowledgeStore';
import { createServer } from './server';

export interface App {
  server: Server;
  store: KnowledgeStore;
  bot: FaoBot;
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  close(): Promise<void>;
}

export interface AppOptions {
  storage?: Storage;
  localesDir?: string;
  /** The clock the bot tells opening hours by; tests inject a fixed one. */
  now?: () => Date;
}

export function createApp(config: AppConfig, logger: Logger, options: AppOptions = {}): App {
  const store = new KnowledgeStore(config.knowledgeDir);
  const outcome = store.reload();
  if (outcome.ok) {
    logger.info(
      {
        event: LogEvents.knowledgeLoaded,
        version: outcome.version,
        entries: store.status().entries,
        durationMs: Math.round(outcome.durationMs)
      },
      'knowledge loaded'
    );
    for (const warning of outcome.problems)
      logger.warn({ event: 'knowledge.warning', problem: formatProblem(warning) }, 'knowledge warning');
  } else {
    logger.error(
      {
        event: LogEvents.knowledgeLoadFailed,
        problems: outcome.problems.filter((p) => p.severity === 'error').map(formatProblem)
      },
      'knowledge has errors; not ready until they are fixed'
    );
  }

  const translate = createTranslator(readLocaleResources(options.localesDir ?? DEFAULT_LOCALES_DIR));
  const storage = options.storage ?? new MemoryStorage();
  const userState = new UserState(storage);
  const conversationState = new ConversationState(storage);
  const bot = new FaoBot({
    knowledge: store,
    translate,
    userState,
    conversationState,
    logger,
    defaultLocale: config.defaultLocale,
    maxMessageChars: config.maxMessageChars,
    now: options.now
  });
  const phones = () => (store.ready ? store.current().knowledge.office.phones.join(', ') : '');
  const adapter = createBotAdapter(config, logger, (locale) =>
    translate(locale, 'error.generic', { phones: phones() })
  );
  const server = createServer({ config, logger, store, adapter, bot });
  if (config.directLine.tokenSecretGenerated && !config.directLine.azureSecret) {
    logger.warn({ event: 'config.generated_secret' }, 'DIRECTLINE_TOKEN_SECRET not set: chat tokens end when the server restarts');
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
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.server.closeIdleConnections?.();
      })
  };
}
