/** The WeChat Official Account channel: wiring of its API client, shared store, adapter and routes. */
import type { TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import type { WeChatConfig } from '../../config';
import type { Locale } from '../../language/locale';
import type { Logger } from '../../logging/logger';
import { WeChatAdapter } from './adapter';
import { WeChatApi } from './api';
import { registerWeChatRoutes } from './routes';
import { MemoryWeChatStore, type WeChatStore } from './store';

export { WECHAT_PATH } from './routes';
export { WECHAT_CHANNEL_ID } from './inbound';

export interface WeChatChannelOptions {
  config: WeChatConfig;
  logger: Logger;
  defaultLocale: Locale;
  errorText: (locale: Locale) => string;
  ready: () => boolean;
  logic: (context: TurnContext) => Promise<void>;
  /** Shared with other instances (Redis) when there are several; in memory otherwise. */
  store?: WeChatStore;
}

export interface WeChatChannel {
  adapter: WeChatAdapter;
  api: WeChatApi;
}

export function registerWeChatChannel(server: Server, options: WeChatChannelOptions): WeChatChannel {
  const store = options.store ?? new MemoryWeChatStore();
  const api = new WeChatApi({
    baseUrl: options.config.apiBaseUrl,
    appId: options.config.appId,
    appSecret: options.config.appSecret,
    store
  });
  const adapter = new WeChatAdapter({
    sendText: (openId, text) => api.sendText(openId, text),
    logger: options.logger,
    errorText: options.errorText,
    defaultLocale: options.defaultLocale
  });
  registerWeChatRoutes(server, {
    config: options.config,
    logger: options.logger,
    adapter,
    store,
    ready: options.ready,
    logic: options.logic
  });
  return { adapter, api };
}
