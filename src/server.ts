/**
 * The HTTP server: restify routes, limits and health. Knows HTTP, not answers: every turn goes to
 * the adapter and the bot it is given.
 */
import restify, { type Request, type Response, type Server } from 'restify';
import type { AppConfig } from './config';
import { LogEvents, type Logger } from './logging/logger';
import type { KnowledgeStore } from './runtime/knowledgeStore';
import type { FaoBot } from './bot/faoBot';
import { jsonBodyReader } from './http/jsonBody';
import { RateLimiter } from './http/rateLimit';
import type { ChannelAdapter } from './channels/botAdapter';
import { decideServiceUrl } from './channels/serviceUrlPolicy';
import { registerDirectLineRoutes } from './channels/directline/routes';
import { registerWebRoutes } from './web/routes';
import { clientAddress } from './http/clientAddress';
import { corsHeaders } from './http/origins';
import type { Drainer } from './http/drain';
import { registerWeChatChannel, WECHAT_PATH } from './channels/wechat';

export interface ServerDependencies {
  config: AppConfig;
  logger: Logger;
  store: KnowledgeStore;
  adapter: ChannelAdapter;
  bot: FaoBot;
  drainer: Drainer;
}

function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status);
  res.json(body);
}

export function createServer({ config, logger, store, adapter, bot, drainer }: ServerDependencies): Server {
  const server = restify.createServer({ name: 'fao-assistant', handleUncaughtExceptions: false });

  server.server.requestTimeout = config.requestTimeoutMs;
  server.server.headersTimeout = Math.min(config.requestTimeoutMs, 60_000);
  server.server.keepAliveTimeout = config.keepAliveTimeoutMs;
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
  // Per-client rate limit; health probes are exempt so monitoring never trips it.
  const limiter = new RateLimiter(config.rateLimitPerSecond, config.rateLimitBurst);
  server.pre((req: Request, res: Response, next: restify.Next) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/healthz' || path === '/readyz') return next();
    const decision = limiter.take(
      clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.trustProxyHops)
    );
    if (decision.allowed) return next();
    res.setHeader('Retry-After', String(decision.retryAfterSeconds));
    // A cross-origin chat must be able to read the 429 (and wait), not see a CORS failure.
    for (const [name, value] of Object.entries(corsHeaders(req.headers.origin, config.allowedOrigins))) {
      res.setHeader(name, value);
    }
    sendJson(res, 429, { code: 'TooManyRequests', message: 'Too many requests; please slow down' });
    return next(false);
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // JSON only; chunked bodies without a length are measured while reading. WeChat posts XML, which
  // its own route reads (with a smaller limit).
  const readJson = jsonBodyReader(config.maxBodyBytes);
  server.use((req: Request, res: Response, next: restify.Next) =>
    req.path() === WECHAT_PATH ? next() : readJson(req, res, next)
  );

  server.get('/healthz', async (_req: Request, res: Response) => {
    sendJson(res, 200, { status: 'ok' });
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    const status = store.status();
    const state = drainer.draining ? 'stopping' : status.ready ? 'ready' : 'not-ready';
    sendJson(res, state === 'ready' ? 200 : 503, { status: state, knowledge: status });
  });

  server.post('/api/messages', async (req: Request, res: Response) => {
    if (!store.ready) {
      sendJson(res, 503, { code: 'NotReady', message: 'Knowledge is not loaded yet' });
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
    runTurn: (activity) => adapter.runTurn(activity, (context) => bot.run(context))
  });
  server.on('close', () => void directLine.close());
  // WeChat Official Account (when configured): its pushes run through the same adapter and bot.
  if (config.wechat)
    registerWeChatChannel(server, {
      config: config.wechat,
      logger,
      ready: () => store.ready,
      runTurn: (activity) => adapter.runTurn(activity, (context) => bot.run(context))
    });
  registerWebRoutes(server, { config, store });

  // Errors leave as JSON without stack traces; details go to the log only.
  server.on(
    'restifyError',
    (req: Request, _res: Response, err: Error & { statusCode?: number }, callback: () => void) => {
      // restify sends only errors with a status code as they are; any other error it would wrap in
      // a new InternalError carrying String(err) - the message our toJSON below keeps out.
      const known = typeof err.statusCode === 'number';
      if (!known) err.statusCode = 500;
      const status = err.statusCode ?? 500;
      if (status >= 500)
        logger.error(
          { event: LogEvents.httpError, status, path: req.path(), err: { message: err.message } },
          'request failed'
        );
      (err as Error & { toJSON?: () => unknown }).toJSON = () => ({
        code: known ? err.name.replace(/Error$/, '') || 'Error' : 'Internal',
        message: status >= 500 ? 'Internal error' : err.message
      });
      return callback();
    }
  );

  return server;
}
