/**
 * A CloudAdapter that can also run a turn in-process for our own Direct Line endpoint: the activity
 * goes through the same middleware, bot and error handler as /api/messages, with
 * `deliveryMode: 'expectReplies'`, so the replies come back as a list instead of HTTP calls.
 */
import { CloudAdapter, DeliveryModes, StatusCodes, type Activity, type TurnContext } from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  type AuthenticateRequestResult
} from 'botframework-connector';

/** What to answer the HTTP request an activity came in. */
export interface PostedActivityResponse {
  status: number;
  body?: unknown;
}

export interface TurnRunner {
  runTurn(
    activity: Partial<Activity>,
    logic: (context: TurnContext) => Promise<void>
  ): Promise<Partial<Activity>[]>;
}

export class TurnAdapter extends CloudAdapter implements TurnRunner {
  /** @param botAppId the bot's Microsoft App Id ('' in local mode), used as the turn's identity. */
  constructor(
    auth: ConstructorParameters<typeof CloudAdapter>[0],
    private readonly botAppId: string
  ) {
    super(auth);
  }

  /**
   * Runs the turn for an activity POSTed by a channel (/api/messages), which the server has already
   * parsed and checked to be an object with a non-empty `type`. Does what `CloudAdapter.process`
   * does after those checks - authenticate the request, run the turn, answer with the invoke or
   * expectReplies response - without it re-validating request, response and body with zod schemas
   * built anew on every request (a fifth of an echo bot's whole turn). Authentication failures are
   * 401 as there; other errors are thrown for the server's error handler.
   */
  async processPosted(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>
  ): Promise<PostedActivityResponse> {
    try {
      const response = await this.processActivity(authHeader, withParsedTimestamps(activity), logic);
      return { status: response?.status ?? StatusCodes.OK, body: response?.body };
    } catch (error) {
      if (error instanceof AuthenticationError)
        return { status: StatusCodes.UNAUTHORIZED, body: { code: 'Unauthorized', message: error.message } };
      throw error;
    }
  }

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
}

/** As botbuilder's validateAndFixActivity: timestamps arrive as strings; the turn sees Dates. */
function withParsedTimestamps(activity: Activity): Activity {
  const raw = activity as Activity & Record<string, unknown>;
  for (const [field, rawField] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp']
  ] as const) {
    const value = raw[field];
    if (typeof value === 'string') {
      raw[rawField] = value;
      raw[field] = new Date(value);
    }
  }
  return activity;
}
