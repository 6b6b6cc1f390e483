/**
 * The Bot Framework adapter: CloudAdapter with credentials from configuration. With no app id it
 * runs in local mode without authentication, as the Bot Framework Emulator expects.
 */
import {
  DeliveryModes,
  ShowTypingMiddleware,
  type BotAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext
} from 'botbuilder';
import type { AppConfig } from '../config';
import { normalizeLocale, type Locale } from '../language/locale';
import { CachingBotFrameworkAuthentication } from './cachingAuthentication';
import { LogEvents, type Logger } from '../logging/logger';
import { TurnAdapter } from './directline/turnAdapter';

export function createBotAdapter(
  config: AppConfig,
  logger: Logger,
  errorText: (locale: Locale) => string
): TurnAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication(
    config.botAuth as ConfigurationBotFrameworkAuthenticationOptions
  );
  // Same authentication, but outbound clients are reused instead of rebuilt on every turn.
  const adapter = addTypingIndicator(
    new TurnAdapter(new CachingBotFrameworkAuthentication(auth), config.botAuth.MicrosoftAppId)
  );
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error(
      {
        event: LogEvents.turnError,
        err: { message: error.message, stack: error.stack },
        channel: context.activity.channelId
      },
      'turn failed'
    );
    try {
      const locale = normalizeLocale(context.activity.locale) ?? config.defaultLocale;
      await context.sendActivity(errorText(locale));
    } catch {
      // The channel itself may be what failed; the error is logged above.
    }
  };
  return adapter;
}

/**
 * Typing indicator while a turn takes longer than `delayMs`, repeated every `periodMs`. Not for
 * expectReplies turns (our Direct Line, /api/messages callers that ask for replies in the response):
 * their replies travel together when the turn ends, so a typing activity would only arrive after
 * the answer it announces.
 */
export function addTypingIndicator<T extends BotAdapter>(adapter: T, delayMs = 500, periodMs = 2000): T {
  const typing = new ShowTypingMiddleware(delayMs, periodMs);
  adapter.use({
    onTurn: (context: TurnContext, next: () => Promise<void>) =>
      context.activity.deliveryMode === DeliveryModes.ExpectReplies ? next() : typing.onTurn(context, next)
  });
  return adapter;
}
