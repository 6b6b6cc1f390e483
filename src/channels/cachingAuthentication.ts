/**
 * Bot Framework authentication that reuses outbound clients. CloudAdapter asks for a new
 * ConnectorClient and UserTokenClient on every incoming activity, and building each one assembles a
 * full Azure HTTP pipeline: profiling showed that to be most of the adapter's own cost per turn,
 * even with deliveryMode expectReplies, where replies never go through the connector at all.
 *
 * The clients depend only on the bot's app id, the channel's service URL and the audience (the rest
 * is fixed configuration), and Azure SDK clients are made to be shared by concurrent requests, so
 * they are cached by exactly those keys. The caches are bounded: in local mode the service URL comes
 * unauthenticated from the request, and a flood of made-up URLs must not grow memory.
 * Authentication of a request that carries a token (validation, claims, caller id) is never cached.
 * A request without one can only pass when the bot runs without credentials (local mode), and then
 * the outcome is the same anonymous identity every time: that one outcome is kept, once it has
 * succeeded. With credentials it never succeeds, so every such request is still refused.
 */
import {
  BotFrameworkAuthentication,
  ConnectorFactory,
  JwtTokenValidation,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient
} from 'botframework-connector';
import { Channels, RoleTypes, type Activity } from 'botbuilder';

/** A small LRU of promises (so concurrent first requests share one build). */
class PromiseCache<T> {
  private readonly items = new Map<string, Promise<T>>();

  constructor(private readonly maxItems: number) {}

  get size(): number {
    return this.items.size;
  }

  get(key: string, build: () => Promise<T>): Promise<T> {
    let item = this.items.get(key);
    if (item) {
      this.items.delete(key);
    } else {
      item = build();
      // A failed build is not remembered: the next request tries again.
      item.catch(() => this.items.get(key) === item && this.items.delete(key));
    }
    this.items.set(key, item);
    if (this.items.size > this.maxItems) this.items.delete(this.items.keys().next().value!);
    return item;
  }
}

class CachingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly cache: PromiseCache<ConnectorClient>
  ) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const key = JSON.stringify([this.appId, serviceUrl, audience ?? null]);
    return this.cache.get(key, () => this.inner.create(serviceUrl, audience));
  }
}

export class CachingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  readonly connectorClients: PromiseCache<ConnectorClient>;
  readonly userTokenClients: PromiseCache<UserTokenClient>;

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    maxClients = 256
  ) {
    super();
    this.connectorClients = new PromiseCache(maxClients);
    this.userTokenClients = new PromiseCache(maxClients);
  }

  private wrap(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new CachingConnectorFactory(factory, appIdOf(claimsIdentity), this.connectorClients);
  }

  private wrapResult(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: this.wrap(result.connectorFactory, result.claimsIdentity) };
  }

  private anonymous?: Promise<AuthenticateRequestResult>;

  override async authenticateRequest(
    activity: Activity,
    authHeader: string
  ): Promise<AuthenticateRequestResult> {
    // The Emulator calling the bot as a skill gets a different (skill) identity: not shared.
    const emulatorSkill =
      activity.channelId === Channels.Emulator && activity.recipient?.role === RoleTypes.Skill;
    if (authHeader !== '' || emulatorSkill)
      return this.wrapResult(await this.inner.authenticateRequest(activity, authHeader));
    if (!this.anonymous) {
      const outcome = this.inner.authenticateRequest(activity, '').then((result) => this.wrapResult(result));
      this.anonymous = outcome;
      // Refused (the bot has credentials): not remembered, the next request is refused afresh.
      outcome.catch(() => {
        if (this.anonymous === outcome) this.anonymous = undefined;
      });
    }
    return this.anonymous;
  }

  override async authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string
  ): Promise<AuthenticateRequestResult> {
    return this.wrapResult(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.wrap(this.inner.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokenClients.get(appIdOf(claimsIdentity), () =>
      this.inner.createUserTokenClient(claimsIdentity)
    );
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}

/** The bot's app id as the connector and token clients see it (empty in local mode). */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return JwtTokenValidation.getAppIdFromClaims(claimsIdentity.claims) ?? '';
}
