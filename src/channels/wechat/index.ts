/** The WeChat Official Account channel: wiring of its API client, shared store, turns and routes. */
import type { Activity } from 'botbuilder';
import type { Server } from 'restify';
import type { WeChatConfig } from '../../config';
import type { Logger } from '../../logging/logger';
import { WeChatApi } from './api';
import { WeChatTurns } from './adapter';
import { registerWeChatRoutes } from './routes';
import { MemoryWeChatStore, type WeChatStore } from './store';

export { WECHAT_PATH } from './routes';
export { WECHAT_CHANNEL_ID } from './inbound';

export interface WeChatChannelOptions {
  config: WeChatConfig;
  logger: Logger;
  ready: () => boolean;
  /** Runs the bot's turn through the one adapter and returns its replies (adapter.runTurn). */
  runTurn: (activity: Partial<Activity>) => Promise<Partial<Activity>[]>;
  /** Shared with other instances (Redis) when there are several; in memory otherwise. */
  store?: WeChatStore;
}

export function registerWeChatChannel(server: Server, options: WeChatChannelOptions): void {
  const store = options.store ?? new MemoryWeChatStore();
  const api = new WeChatApi({
    baseUrl: options.config.apiBaseUrl,
    appId: options.config.appId,
    appSecret: options.config.appSecret,
    store
  });
  const turns = new WeChatTurns({
    runTurn: options.runTurn,
    sendText: (openId, text) => api.sendText(openId, text),
    logger: options.logger
  });
  registerWeChatRoutes(server, {
    config: options.config,
    logger: options.logger,
    turns,
    store,
    ready: options.ready
  });
}
