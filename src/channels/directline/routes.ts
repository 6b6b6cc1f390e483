/**
 * Direct Line 3.0 over HTTP, under /v3/directline on the main restify server, as Direct Line JS
 * (Web Chat) uses it in polling mode. In Azure mode only the token routes are ours: they exchange
 * the server's secret at Azure, and the page talks to Azure's Direct Line directly.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Request, Response, Server } from 'restify';
import type { Activity } from 'botbuilder';
import type { AppConfig, DirectLineConfig } from '../../config';
import { clientAddress } from '../../http/clientAddress';
import { corsHeaders } from '../../http/origins';
import { LogEvents, type Logger } from '../../logging/logger';
import type { PublicContacts } from '../../logging/redact';
import { AzureTokenClient } from './azure';
import {
  MemoryConversationStore,
  type ConversationStore,
  type EvictionListener,
  type EvictionReason,
  type StoreLimits
} from './conversationStore';
import { DirectLineService, type ClientQuota, type Failure } from './service';
import { bearerToken } from './tokens';
import { DirectLineStreams, streamUrl } from './stream';
import { MemoryActivityFeed, type ActivityFeed } from '../../storage/activityFeed';
import type { StreamActivity } from './conversationStore';

export const DIRECT_LINE_PATH = '/v3/directline';

/** The size budgets of the conversation store, from the configuration. Pure. */
export function storeLimits(dl: DirectLineConfig): StoreLimits {
  return {
    ttlMs: dl.conversationTtlSeconds * 1000,
    maxConversations: dl.maxConversations,
    maxActivities: dl.maxActivitiesPerConversation,
    maxBytes: dl.maxConversationBytes,
    totalBytes: dl.maxBytes,
    clientShare: dl.clientSharePercent / 100
  };
}

/** How often, at most, conversations ended to make room are logged (with their count). */
const EVICTION_LOG_EVERY_MS = 10_000;

/**
 * A store's eviction listener: wakes the ended conversation's streams (on every instance), which then
 * find it gone and close as ended, so the page starts a new chat at once; and logs a count now and
 * then, never a line per eviction (a flood makes thousands).
 */
export function evictionHandler(
  logger: Logger,
  feed: ActivityFeed<StreamActivity>,
  now: () => number = Date.now
): EvictionListener {
  const counts: Record<EvictionReason, number> = { clientShare: 0, full: 0 };
  let lastMs = 0;
  return (reason, conversationId) => {
    feed.publish(conversationId).catch(() => undefined);
    counts[reason]++;
    if (now() - lastMs < EVICTION_LOG_EVERY_MS) return;
    lastMs = now();
    logger.warn(
      { event: LogEvents.directLineFull, endedForClientShare: counts.clientShare, endedForRoom: counts.full },
      'direct line conversations ended to make room'
    );
    counts.clientShare = 0;
    counts.full = 0;
  };
}
/**
 * Largest activity a client may post: a question of MAX_MESSAGE_CHARS (1,000) Chinese characters is
 * about 3 KB with Web Chat's fields, and longer ones get "please shorten" anyway. At 32 KB the
 * full-size flood of bench/attacks/01 peaked at 481-516 MB RSS; at 8 KB, 275 MB.
 */
const MAX_ACTIVITY_BYTES = 8 * 1024;

export interface DirectLineDeps {
  config: AppConfig;
  logger: Logger;
  /** Runs one turn through the bot (same adapter and bot as /api/messages) and returns the replies. */
  runTurn: (activity: Partial<Activity>) => Promise<Partial<Activity>[]>;
  ready: () => boolean;
  /** Where conversations live (default: in this process). */
  store?: ConversationStore;
  /** How streams learn of new activities (default: in this process). */
  feed?: ActivityFeed<StreamActivity>;
  /** The quota of new conversations per client address (shared on Redis); none = no quota. */
  newConversations?: ClientQuota;
  /** The office's own contacts, which the transcript keeps unmasked. */
  publicContacts?: () => PublicContacts;
}

export interface DirectLineHandle {
  service: DirectLineService;
  store: ConversationStore;
  /** WebSocket streams; undefined when streaming is off or in Azure mode. */
  streams?: DirectLineStreams;
  /** Takes an HTTP upgrade for a stream path; false for other paths. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Closes every stream with 1001 (going away), so clients reconnect, to another instance if need be. */
  closeStreams(): Promise<void>;
  close(): Promise<void>;
}

/** Keep-alive interval of streams: below the idle timeouts of common proxies (nginx: 60 s). */
const STREAM_KEEP_ALIVE_MS = 15_000;
/** Streams one conversation may hold (tabs of the same chat). */
const MAX_STREAMS_PER_CONVERSATION = 4;

const STATUS: Record<Failure['error'], { status: number; code: string }> = {
  unauthorized: { status: 401, code: 'Unauthorized' },
  forbidden: { status: 403, code: 'TokenInvalid' },
  notFound: { status: 404, code: 'NotFound' },
  badRequest: { status: 400, code: 'BadArgument' },
  tooLarge: { status: 413, code: 'MessageSizeTooBig' },
  busy: { status: 429, code: 'TooManyRequests' },
  notReady: { status: 503, code: 'NotReady' }
};

/** A successful outcome as a response body (without the `ok` flag). */
function payload<T extends { ok: true }>(outcome: T): Omit<T, 'ok'> {
  const body: Partial<T> = { ...outcome };
  delete body.ok;
  return body as Omit<T, 'ok'>;
}

export function registerDirectLineRoutes(server: Server, deps: DirectLineDeps): DirectLineHandle {
  const { config, logger } = deps;
  const dl = config.directLine;
  const feed = deps.feed ?? new MemoryActivityFeed<StreamActivity>();
  const store =
    deps.store ?? new MemoryConversationStore(storeLimits(dl), Date.now, evictionHandler(logger, feed));
  const service = new DirectLineService({
    store,
    feed,
    runTurn: deps.runTurn,
    ready: deps.ready,
    newConversations: deps.newConversations,
    publicContacts: deps.publicContacts,
    tokenSecret: dl.tokenSecret,
    tokenTtlSeconds: dl.tokenTtlSeconds,
    maxActivityBytes: MAX_ACTIVITY_BYTES,
    logger
  });
  const azure = dl.azureSecret
    ? new AzureTokenClient({ secret: dl.azureSecret, endpoint: dl.azureEndpoint })
    : undefined;
  const streams =
    dl.webSocket && !azure
      ? new DirectLineStreams({
          store,
          feed,
          access: { open: (token, id) => service.openStream(token, id) },
          logger,
          basePath: DIRECT_LINE_PATH,
          maxStreams: dl.maxStreams,
          maxStreamsPerConversation: MAX_STREAMS_PER_CONVERSATION,
          keepAliveMs: STREAM_KEEP_ALIVE_MS,
          // An open chat page keeps its conversation alive, as its polls did.
          touchEveryMs: Math.min(60_000, (dl.conversationTtlSeconds * 1000) / 4)
        })
      : undefined;
  /** The streamUrl a client should open next, resuming after `watermark`. */
  const streamFor = (req: Request, id: string, watermark: string, token: string) =>
    streams
      ? {
          streamUrl: streamUrl(
            publicOrigin(req, config.trustProxyHops),
            DIRECT_LINE_PATH,
            id,
            watermark,
            token
          )
        }
      : {};

  const send = (req: Request, res: Response, status: number, body: unknown) => {
    for (const [name, value] of Object.entries(corsHeaders(req.headers.origin, config.allowedOrigins))) {
      res.setHeader(name, value);
    }
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.status(status);
    res.json(body);
  };
  const fail = (req: Request, res: Response, failure: Failure) => {
    if ('retryAfterSeconds' in failure) res.setHeader('Retry-After', String(failure.retryAfterSeconds));
    const { status, code } = STATUS[failure.error];
    send(req, res, status, { error: { code, message: failure.message } });
  };
  const token = (req: Request) => bearerToken(req.headers.authorization);
  const conversationId = (req: Request) => String(req.params.conversationId ?? '');

  server.opts(`${DIRECT_LINE_PATH}/*`, async (req: Request, res: Response) => {
    const headers = corsHeaders(req.headers.origin, config.allowedOrigins);
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.status(Object.keys(headers).length > 0 ? 204 : 403);
    res.end();
  });

  server.post(`${DIRECT_LINE_PATH}/tokens/generate`, async (req: Request, res: Response) => {
    if (!azure) return send(req, res, 200, service.generateToken());
    const outcome = await azure.generate();
    if (outcome.ok) {
      return send(req, res, 200, payload(outcome));
    }
    logger.error(
      { event: LogEvents.directLineUpstreamFailed, status: outcome.status, message: outcome.message },
      'direct line token failed'
    );
    return send(req, res, outcome.status, {
      error: { code: 'UpstreamFailed', message: 'The chat service is not available right now' }
    });
  });

  server.post(`${DIRECT_LINE_PATH}/tokens/refresh`, async (req: Request, res: Response) => {
    const given = token(req);
    if (azure && given) {
      const outcome = await azure.refresh(given);
      if (outcome.ok) {
        const { conversationId, token, expires_in } = outcome;
        return send(req, res, 200, { conversationId, token, expires_in });
      }
      return send(req, res, outcome.status, { error: { code: 'UpstreamFailed', message: outcome.message } });
    }
    const outcome = service.refreshToken(given);
    if (!outcome.ok) return fail(req, res, outcome);
    return send(req, res, 200, payload(outcome));
  });

  server.post(`${DIRECT_LINE_PATH}/conversations`, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as { locale?: unknown };
    const outcome = await service.startConversation(
      token(req),
      typeof body === 'object' ? body.locale : undefined,
      clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.trustProxyHops)
    );
    if (!outcome.ok) return fail(req, res, outcome);
    const { conversationId, token: started, expires_in } = outcome;
    return send(req, res, outcome.created ? 201 : 200, {
      conversationId,
      token: started,
      expires_in,
      ...streamFor(req, conversationId, '', started)
    });
  });

  server.get(`${DIRECT_LINE_PATH}/conversations/:conversationId`, async (req: Request, res: Response) => {
    const outcome = await service.getConversation(token(req), conversationId(req));
    if (!outcome.ok) return fail(req, res, outcome);
    const watermark = (req.query as Record<string, unknown> | undefined)?.watermark;
    const resume = typeof watermark === 'string' && /^\d{1,15}$/.test(watermark) ? watermark : '';
    return send(req, res, 200, {
      ...payload(outcome),
      ...streamFor(req, outcome.conversationId, resume, outcome.token)
    });
  });

  server.get(
    `${DIRECT_LINE_PATH}/conversations/:conversationId/activities`,
    async (req: Request, res: Response) => {
      const watermark = (req.query as Record<string, unknown> | undefined)?.watermark;
      const outcome = await service.getActivities(token(req), conversationId(req), watermark);
      if (!outcome.ok) return fail(req, res, outcome);
      return send(req, res, 200, { activities: outcome.activities, watermark: outcome.watermark });
    }
  );

  server.post(
    `${DIRECT_LINE_PATH}/conversations/:conversationId/activities`,
    async (req: Request, res: Response) => {
      const outcome = await service.postActivity(token(req), conversationId(req), req.body);
      if (!outcome.ok) return fail(req, res, outcome);
      return send(req, res, 200, { id: outcome.id });
    }
  );

  return {
    service,
    store,
    streams,
    handleUpgrade: (req, socket, head) => streams?.handleUpgrade(req, socket, head) ?? false,
    closeStreams: async () => streams?.close(),
    close: async () => {
      await streams?.close();
      await feed.close();
      await store.close();
    }
  };
}

/**
 * Scheme and host the client reached this server by, for the streamUrl: the Host header, and behind
 * trusted proxies their X-Forwarded-Proto / X-Forwarded-Host. A malformed host falls back to localhost
 * (the URL only goes back to the client that sent it).
 */
export function publicOrigin(req: Request, trustProxyHops: number): { secure: boolean; host: string } {
  const first = (value: string | string[] | undefined) =>
    String(Array.isArray(value) ? value[0] : (value ?? ''))
      .split(',')[0]!
      .trim();
  const forwardedHost = trustProxyHops > 0 ? first(req.headers['x-forwarded-host']) : '';
  const forwardedProto = trustProxyHops > 0 ? first(req.headers['x-forwarded-proto']).toLowerCase() : '';
  const host = forwardedHost || first(req.headers.host);
  const encrypted = Boolean((req.socket as { encrypted?: boolean }).encrypted);
  return {
    secure: forwardedProto ? forwardedProto === 'https' : encrypted,
    host: /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? host : 'localhost'
  };
}
