/**
 * The Bot Framework adapter for every channel: botbuilder's CloudAdapter with the stock
 * ConfigurationBotFrameworkAuthentication from configuration. With no app id it runs in local mode
 * without authentication, as the Bot Framework Emulator expects.
 * - `/api/messages` calls `process(req, res, logic)` unchanged.
 * - In-process channels (our Direct Line for Web Chat) call `runTurn`: the server has checked the
 *   channel's own token, so the turn runs with the bot's own identity, as CloudAdapter's
 *   `connectNamedPipe` runs a local transport's turns, with `deliveryMode: 'expectReplies'`; the
 *   replies come back as a list instead of HTTP calls.
 * The only change to the stock path: failures of an HTTP turn are answered as JSON and logged
 * through our logger (CloudAdapter.process would print them with console.error and send the
 * error's own message to the caller).
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  DeliveryModes,
  ShowTypingMiddleware,
  StatusCodes,
  type Activity,
  type BotAdapter,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext
} from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  type AuthenticateRequestResult
} from 'botframework-connector';
import type { AppConfig } from '../config';
import { normalizeLocale, type Locale } from '../language/locale';
import { LogEvents, type Logger } from '../logging/logger';

/** Runs one turn in-process and returns its replies (what our Direct Line needs of the adapter). */
export interface TurnRunner {
  runTurn(
    activity: Partial<Activity>,
    logic: (context: TurnContext) => Promise<void>
  ): Promise<Partial<Activity>[]>;
}

export class ChannelAdapter extends CloudAdapter implements TurnRunner {
  constructor(
    config: AppConfig,
    private readonly logger: Logger
  ) {
    super(
      new ConfigurationBotFrameworkAuthentication(
        config.botAuth as ConfigurationBotFrameworkAuthenticationOptions
      )
    );
    this.botAppId = config.botAuth.MicrosoftAppId;
  }

  private readonly botAppId: string;

  /**
   * Runs one turn for an activity the server itself has authenticated (its Direct Line token was
   * checked), and returns the bot's replies. Nothing is sent over the network: with expectReplies
   * every reply is buffered on the turn context.
   */
  async runTurn(
    activity: Partial<Activity>,
    logic: (context: TurnContext) => Promise<void>
  ): Promise<Partial<Activity>[]> {
    const claimsIdentity = this.createClaimsIdentity(this.botAppId);
    const authResult: AuthenticateRequestResult = {
      // Only used for outgoing calls, which expectReplies never makes.
      audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
      claimsIdentity,
      connectorFactory: this.botFrameworkAuthentication.createConnectorFactory(claimsIdentity)
    };
    const turnActivity = { ...activity, deliveryMode: DeliveryModes.ExpectReplies } as Activity;
    const response = await this.processActivity(authResult, turnActivity, logic);
    const body = response?.body as { activities?: Partial<Activity>[] } | undefined;
    return body?.activities ?? [];
  }

  protected override processActivity(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>
  ): Promise<InvokeResponse | undefined>;
  protected override processActivity(
    authenticateRequestResult: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>
  ): Promise<InvokeResponse | undefined>;
  protected override async processActivity(
    auth: string | AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>
  ): Promise<InvokeResponse | undefined> {
    if (typeof auth !== 'string') return super.processActivity(auth, activity, logic);
    try {
      return await super.processActivity(auth, activity, logic);
    } catch (error) {
      if (error instanceof AuthenticationError) {
        this.logger.warn(
          { event: LogEvents.authRejected, channel: activity.channelId },
          'request not authenticated'
        );
        return { status: StatusCodes.UNAUTHORIZED, body: { code: 'Unauthorized', message: error.message } };
      }
      this.logger.error(
        {
          event: LogEvents.httpError,
          status: 500,
          path: '/api/messages',
          err: { message: (error as Error).message }
        },
        'request failed'
      );
      return {
        status: StatusCodes.INTERNAL_SERVER_ERROR,
        body: { code: 'Internal', message: 'Internal error' }
      };
    }
  }
}

export function createBotAdapter(
  config: AppConfig,
  logger: Logger,
  errorText: (locale: Locale) => string
): ChannelAdapter {
  const adapter = addTypingIndicator(new ChannelAdapter(config, logger));
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
