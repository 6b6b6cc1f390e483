/**
 * A CloudAdapter that can also run a turn in-process for our own Direct Line endpoint: the activity
 * goes through the same middleware, bot and error handler as /api/messages, with
 * `deliveryMode: 'expectReplies'`, so the replies come back as a list instead of HTTP calls.
 */
import { CloudAdapter, DeliveryModes, type Activity, type TurnContext } from 'botbuilder';
import { AuthenticationConstants, type AuthenticateRequestResult } from 'botframework-connector';

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
