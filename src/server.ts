/**
 * The HTTP server: restify routes, limits and health. Knows HTTP, not answers: every turn goes to
 * the adapter and the bot it is given.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import restify, { type Request, type Response, type Server } from 'restify';
import type { AppConfig } from './config';
import { LogEvents, type Logger } from './logging/logger';
import type { KnowledgeStore } from './runtime/knowledgeStore';
import type { FaoBot } from './bot/faoBot';
import { jsonBodyReader } from './http/jsonBody';
import { RateLimiter, type RateLimitDecision } from './http/rateLimit';
import { requestChat } from './channels/directline/requestChat';
import { applyConnectionLimits } from './http/connectionLimits';
import type { ChannelAdapter } from './channels/botAdapter';
import { decideServiceUrl } from './channels/serviceUrlPolicy';
import { MAX_ACTIVITY_ID_CHARS, oversizedIdField } from './channels/activityIds';
import { registerDirectLineRoutes } from './channels/directline/routes';
import { refuseUpgrade } from './channels/directline/stream';
import { registerWebRoutes } from './web/routes';
import { clientAddress } from './http/clientAddress';
import { corsHeaders } from './http/origins';
import { mayShowDetails } from './http/adminAccess';
import { NO_PUBLIC_CONTACTS, publicContacts } from './logging/redact';
import type { Drainer } from './http/drain';
import { RedisUnavailableError, type RedisConnection } from './storage/redisClient';
import { RedisRateLimiter } from './storage/redisRateLimiter';
import type { ActivityFeed } from './storage/activityFeed';
import type { ConversationStore, StreamActivity } from './channels/directline/conversationStore';
import { registerWeChatChannel, WECHAT_PATH } from './channels/wechat';
import { RedisWeChatStore } from './channels/wechat/store';

export interface ServerDependencies {
  config: AppConfig;
  logger: Logger;
  store: KnowledgeStore;
  adapter: ChannelAdapter;
  bot: FaoBot;
  drainer: Drainer;
  /** The shared store, when REDIS_URL is set: while it is unreachable the server is not ready. */
  redis?: RedisConnection;
  /** Direct Line conversations and stream wake-ups (on Redis when set; default in memory). */
  directLineStore?: ConversationStore;
  directLineFeed?: ActivityFeed<StreamActivity>;
}

/** Retry-After while the shared store (Redis) is unreachable: it reconnects within about two seconds. */
const STORE_RETRY_AFTER_SECONDS = 2;

/** Messages for restify's routing errors, which would otherwise echo the request's path or method. */
const GENERIC_MESSAGES: Record<string, string> = {
  ResourceNotFoundError: 'Nothing here',
  MethodNotAllowedError: 'This method is not allowed here',
  UnsupportedMediaTypeError: 'This content type is not accepted here',
  NotAcceptableError: 'No acceptable representation'
};

/** A token bucket per key (`prefix` + key), shared on Redis when there is one. */
function bucket(
  ratePerSecond: number,
  burst: number,
  prefix: string,
  redis: RedisConnection | undefined
): { take(key: string): RateLimitDecision | Promise<RateLimitDecision> } {
  const local = new RateLimiter(ratePerSecond, burst);
  const shared = redis ? new RedisRateLimiter(redis, ratePerSecond, burst, local) : undefined;
  return { take: (key) => (shared ?? local).take(prefix + key) };
}

function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status);
  res.json(body);
}

export function createServer({
  config,
  logger,
  store,
  adapter,
  bot,
  drainer,
  redis,
  directLineStore,
  directLineFeed
}: ServerDependencies): Server {
  const server = restify.createServer({ name: 'fao-assistant', handleUncaughtExceptions: false });

  applyConnectionLimits(server.server, {
    maxConnections: config.maxConnections,
    maxConnectionsPerClient: config.maxConnectionsPerClient,
    headersTimeoutMs: config.headersTimeoutMs,
    requestTimeoutMs: config.requestTimeoutMs,
    keepAliveTimeoutMs: config.keepAliveTimeoutMs
  });
  drainer.attach(server);

  // Refuse oversized bodies from the declared length, before reading them into memory.
  server.pre((req: Request, res: Response, next: restify.Next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > config.maxBodyBytes) {
      res.setHeader('Connection', 'close');
      sendJson(res, 413, {
        code: 'PayloadTooLarge',
        message: `Request body exceeds ${config.maxBodyBytes} bytes`
      });
      return next(false);
    }
    // Compressed bodies are refused: the body limit counts compressed bytes, so a small gzip bomb
    // would inflate to gigabytes. Bot Framework channels and Web Chat send plain JSON.
    const encoding = String(req.headers['content-encoding'] ?? 'identity')
      .trim()
      .toLowerCase();
    if (encoding !== '' && encoding !== 'identity') {
      res.setHeader('Connection', 'close');
      sendJson(res, 415, {
        code: 'UnsupportedMediaType',
        message: `Content-Encoding "${encoding}" is not accepted`
      });
      return next(false);
    }
    return next();
  });
  // HEAD is answered wherever GET is: routed as GET, and Node sends no body for a HEAD request
  // (its response knows the request's method), so headers and Content-Length are GET's own.
  server.pre((req: Request, _res: Response, next: restify.Next) => {
    if (req.method === 'HEAD') req.method = 'GET';
    return next();
  });
  // Rate limits; health probes are exempt so monitoring never trips them. A request with a valid
  // Direct Line token counts on its conversation (a flood from one token is cut) and on a generous
  // allowance for all chats behind its address (500 polling chats behind one NAT still work); any
  // other request counts on its address. With REDIS_URL the buckets are shared by every instance.
  const dl = config.directLine;
  const limits = {
    client: bucket(config.rateLimitPerSecond, config.rateLimitBurst, '', redis),
    token: bucket(dl.tokenRatePerSecond, dl.tokenRateBurst, 'dl:', redis),
    chatsOfClient: bucket(dl.clientChatRatePerSecond, dl.clientChatRateBurst, 'chat:', redis),
    newConversations: bucket(dl.newConversationsPerMinute / 60, dl.newConversationsPerMinute, 'new:', redis)
  };
  const take = async (req: IncomingMessage): Promise<RateLimitDecision> => {
    const client = clientAddress(
      req.socket.remoteAddress,
      req.headers['x-forwarded-for'],
      config.trustProxyHops
    );
    const chat = requestChat(req.url ?? '', req.headers.authorization, dl.tokenSecret, Date.now());
    if (!chat) return limits.client.take(client);
    const byToken = await limits.token.take(chat);
    return byToken.allowed ? limits.chatsOfClient.take(client) : byToken;
  };
  server.pre((req: Request, res: Response, next: restify.Next) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/healthz' || path === '/readyz') return next();
    void take(req).then((decision) => {
      if (decision.allowed) return next();
      res.setHeader('Retry-After', String(decision.retryAfterSeconds));
      // A cross-origin chat must be able to read the 429 (and wait), not see a CORS failure.
      for (const [name, value] of Object.entries(corsHeaders(req.headers.origin, config.allowedOrigins))) {
        res.setHeader(name, value);
      }
      sendJson(res, 429, { code: 'TooManyRequests', message: 'Too many requests; please slow down' });
      return next(false);
    });
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // JSON only; chunked bodies without a length are measured while reading. WeChat posts XML, which
  // its own route reads (with a smaller limit).
  const readJson = jsonBodyReader(config.maxBodyBytes, config.maxJsonDepth);
  server.use((req: Request, res: Response, next: restify.Next) =>
    req.path() === WECHAT_PATH ? next() : readJson(req, res, next)
  );

  server.get('/healthz', async (_req: Request, res: Response) => {
    sendJson(res, 200, { status: 'ok' });
  });

  server.get('/readyz', async (req: Request, res: Response) => {
    const state = drainer.draining
      ? 'stopping'
      : store.ready && (!redis || redis.ready)
        ? 'ready'
        : 'not-ready';
    const code = state === 'ready' ? 200 : 503;
    res.setHeader('Cache-Control', 'no-store');
    // Public: ready or not and which knowledge. Paths, counts and problems help an attacker more than
    // a visitor: only for the admin token or this host.
    // The public answer costs nothing to make (it is not rate limited); counting entries is for the admin.
    if (
      !mayShowDetails({ socketAddress: req.socket.remoteAddress, headers: req.headers }, config.adminToken)
    ) {
      const version = store.ready ? store.current().knowledge.version : null;
      return sendJson(res, code, { status: state, knowledge: { version } });
    }
    const status = store.status();
    const shared = redis ? { redis: { ready: redis.ready } } : {};
    sendJson(res, code, {
      status: state,
      knowledge: { ...status, directory: store.directory },
      ...shared
    });
  });

  server.post('/api/messages', async (req: Request, res: Response) => {
    if (!store.ready) {
      sendJson(res, 503, { code: 'NotReady', message: 'Knowledge is not loaded yet' });
      return;
    }
    if (redis && !redis.ready) {
      res.setHeader('Retry-After', String(STORE_RETRY_AFTER_SECONDS));
      sendJson(res, 503, { code: 'StoreUnavailable', message: new RedisUnavailableError().message });
      return;
    }
    const body = req.body as unknown;
    if (
      typeof body !== 'object' ||
      body === null ||
      Array.isArray(body) ||
      typeof (body as { type?: unknown }).type !== 'string'
    ) {
      sendJson(res, 400, {
        code: 'BadRequest',
        message: 'Expected a Bot Framework activity (JSON object with a "type")'
      });
      return;
    }
    const activity = body as {
      type: string;
      channelId?: unknown;
      deliveryMode?: unknown;
      serviceUrl?: unknown;
    };
    if (!activity.type.trim()) {
      sendJson(res, 400, { code: 'BadRequest', message: 'The activity "type" must not be empty' });
      return;
    }
    const badId = oversizedIdField(body as Parameters<typeof oversizedIdField>[0]);
    if (badId) {
      sendJson(res, 400, {
        code: 'BadRequest',
        message: `The activity "${badId}" must be text of at most ${MAX_ACTIVITY_ID_CHARS} characters`
      });
      return;
    }
    // The adapter builds its connector from serviceUrl and fails with a TypeError on anything but text.
    if (
      activity.serviceUrl !== undefined &&
      activity.serviceUrl !== null &&
      typeof activity.serviceUrl !== 'string'
    ) {
      sendJson(res, 400, { code: 'BadRequest', message: 'The activity "serviceUrl" must be text' });
      return;
    }
    // Without Bot Framework credentials anyone can post here: replies must not go where the caller says.
    const decision = decideServiceUrl(activity, {
      hasCredentials: config.botAuth.MicrosoftAppId !== '',
      allowLocalServiceUrls: config.allowLocalServiceUrls
    });
    if (!decision.allowed) {
      sendJson(res, 403, { code: 'Forbidden', message: decision.message });
      return;
    }
    await adapter.process(req, res, (context) => bot.run(context));
  });

  // The website chat: Direct Line for Web Chat (same adapter and bot), the page and /embed.js.
  const directLine = registerDirectLineRoutes(server, {
    config,
    logger,
    ready: () => store.ready,
    runTurn: (activity) => adapter.runTurn(activity, (context) => bot.run(context)),
    store: directLineStore,
    feed: directLineFeed,
    newConversations: limits.newConversations,
    publicContacts: () => {
      if (!store.ready) return NO_PUBLIC_CONTACTS;
      const { office } = store.current().knowledge;
      return publicContacts([...office.phones, office.fax, office.email]);
    }
  });
  server.on('close', () => void directLine.close());
  // Streams are upgraded connections: a graceful stop closes them first (1001), or it would wait for them.
  drainer.beforeClose(() => directLine.closeStreams());
  // WebSocket upgrades (Direct Line streams) pass the same rate limit as every other request.
  server.server.on('upgrade', async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (drainer.draining)
      return refuseUpgrade(socket, 503, 'Stopping', 'The server is restarting', { 'Retry-After': '1' });
    const decision = await take(req);
    if (!decision.allowed) {
      return refuseUpgrade(socket, 429, 'TooManyRequests', 'Too many requests; please slow down', {
        'Retry-After': String(decision.retryAfterSeconds)
      });
    }
    if (!directLine.handleUpgrade(req, socket, head))
      refuseUpgrade(socket, 404, 'NotFound', 'Nothing to upgrade here');
  });
  // WeChat Official Account (when configured): its pushes run through the same adapter and bot.
  if (config.wechat)
    registerWeChatChannel(server, {
      config: config.wechat,
      logger,
      ready: () => store.ready,
      runTurn: (activity) => adapter.runTurn(activity, (context) => bot.run(context)),
      // REDIS_URL: answered pushes and the access_token shared by every instance.
      store: redis ? new RedisWeChatStore(redis) : undefined
    });
  registerWebRoutes(server, { config, store });

  // Errors leave as JSON without stack traces; details go to the log only.
  server.on(
    'restifyError',
    (req: Request, res: Response, err: Error & { statusCode?: number }, callback: () => void) => {
      // An embedded chat on an allowed site must be able to read the error (503: retry, 413: too
      // long), not see an opaque CORS failure. corsHeaders is empty for origins that are not allowed.
      if (!res.headersSent) {
        for (const [name, value] of Object.entries(corsHeaders(req.headers.origin, config.allowedOrigins))) {
          res.setHeader(name, value);
        }
      }
      // restify sends only errors with a status code as they are; any other error it would wrap in
      // a new InternalError carrying String(err) - the message our toJSON below keeps out.
      // Redis went away during the request: a clear 503 the client may retry, not an internal error.
      if (
        err instanceof RedisUnavailableError ||
        (err as { cause?: unknown }).cause instanceof RedisUnavailableError
      ) {
        err.statusCode = 503;
        res.setHeader('Retry-After', String(STORE_RETRY_AFTER_SECONDS));
        (err as Error & { toJSON?: () => unknown }).toJSON = () => ({
          code: 'StoreUnavailable',
          message: new RedisUnavailableError().message
        });
        return callback();
      }
      const known = typeof err.statusCode === 'number';
      if (!known) err.statusCode = 500;
      const status = err.statusCode ?? 500;
      // restify's own 404 and 405 messages repeat the path and method the client sent.
      const generic = GENERIC_MESSAGES[err.name];
      if (status >= 500)
        logger.error(
          { event: LogEvents.httpError, status, path: req.path(), err: { message: err.message } },
          'request failed'
        );
      (err as Error & { toJSON?: () => unknown }).toJSON = () => ({
        code: known ? err.name.replace(/Error$/, '') || 'Error' : 'Internal',
        message: status >= 500 ? 'Internal error' : (generic ?? err.message)
      });
      return callback();
    }
  );

  return server;
}
