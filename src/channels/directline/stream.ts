/**
 * Direct Line 3.0 streaming: a WebSocket on a conversation's `streamUrl` that pushes activities as
 * they happen, as `botframework-directlinejs` (Web Chat) expects it:
 *   - each message is an ActivitySet `{"activities": [...], "watermark": "N"}` (JSON text frame);
 *     ephemeral activities (typing) come without a watermark;
 *   - empty text messages are keep-alives in both directions (the client sends "" every 20 s);
 *   - the stream starts after the `watermark` in the URL (reconnect resumes where the client was);
 *   - the token travels in the URL (`t=`), as browsers cannot set headers on a WebSocket.
 * Any instance serves any conversation: the stream reads the shared store after its watermark
 * whenever the feed says the conversation changed. Graceful shutdown closes every stream with 1001
 * (going away); Direct Line JS then asks `GET /conversations/:id?watermark=` for a new `streamUrl`,
 * which any instance answers.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { LogEvents, type Logger } from '../../logging/logger';
import type { ActivityFeed } from '../../storage/activityFeed';
import type { ConversationStore, StreamActivity } from './conversationStore';
import type { Failure, Outcome } from './service';

/** Close codes (RFC 6455 and the private range). */
export const CloseCodes = {
  normal: 1000,
  goingAway: 1001,
  policy: 1008,
  tooSlow: 4008,
  ended: 4404
} as const;

export interface StreamAccess {
  /** Checks the token for this conversation and that the conversation exists. */
  open(token: string | undefined, conversationId: string): Promise<Outcome<object>>;
}

export interface DirectLineStreamsOptions {
  store: ConversationStore;
  feed: ActivityFeed<StreamActivity>;
  access: StreamAccess;
  logger: Logger;
  /** Path prefix of the Direct Line API (`/v3/directline`). */
  basePath: string;
  /** Streams one instance holds at once; more get 503. */
  maxStreams: number;
  /** Streams one conversation may have at once (several tabs); more get 429. */
  maxStreamsPerConversation: number;
  /** Interval of keep-alives and of pings that find dead connections, in milliseconds. */
  keepAliveMs: number;
  /** An open stream marks its conversation as used this often (it keeps an idle chat alive). */
  touchEveryMs: number;
}

/** Bytes queued on one socket past which the client counts as gone (it reads nothing). */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** Clients send only keep-alives; anything longer is a misuse. */
const MAX_CLIENT_MESSAGE_BYTES = 1024;
/** After a close frame, how long to wait for the client's before cutting the socket. */
const CLOSE_GRACE_MS = 1000;

/** `/v3/directline/conversations/<id>/stream` -> the conversation id; undefined for other paths. Pure. */
export function parseStreamPath(
  basePath: string,
  url: string
): { conversationId: string; query: URLSearchParams } | undefined {
  const parsed = new URL(url, 'http://localhost');
  const prefix = `${basePath}/conversations/`;
  if (!parsed.pathname.startsWith(prefix) || !parsed.pathname.endsWith('/stream')) return undefined;
  const encoded = parsed.pathname.slice(prefix.length, -'/stream'.length);
  if (!encoded || encoded.includes('/')) return undefined;
  try {
    return { conversationId: decodeURIComponent(encoded), query: parsed.searchParams };
  } catch {
    return undefined;
  }
}

/** The `streamUrl` for a conversation, resuming after `watermark`. Pure. */
export function streamUrl(
  base: { secure: boolean; host: string },
  basePath: string,
  conversationId: string,
  watermark: string,
  token: string
): string {
  const query = new URLSearchParams({ watermark, t: token });
  return `${base.secure ? 'wss' : 'ws'}://${base.host}${basePath}/conversations/${encodeURIComponent(conversationId)}/stream?${query}`;
}

const STATUS: Record<Failure['error'], number> = {
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  badRequest: 400,
  tooLarge: 413,
  busy: 429,
  notReady: 503
};

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
export function refuseUpgrade(
  socket: Duplex,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {}
): void {
  const body = JSON.stringify({ error: { code, message } });
  const lines = [
    `HTTP/1.1 ${status} ${code}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  socket.once('error', () => undefined);
}

class Stream {
  alive = true;
  private watermark: number;
  private reading = false;
  private again = false;
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(
    readonly conversationId: string,
    readonly socket: WebSocket,
    watermark: number,
    private readonly owner: DirectLineStreams,
    private readonly options: DirectLineStreamsOptions
  ) {
    this.watermark = watermark;
    this.unsubscribe = options.feed.subscribe(conversationId, (ephemeral) => this.wake(ephemeral));
    socket.on('pong', () => (this.alive = true));
    socket.on('message', (data: RawData) => {
      this.alive = true;
      // "" is the client's keep-alive; Direct Line 3.0 clients post activities over HTTP, not here.
      if (rawLength(data) > 0) this.close(CloseCodes.policy, 'send activities with POST .../activities');
    });
    socket.on('close', () => this.dispose());
    socket.on('error', () => this.dispose());
  }

  wake(ephemeral: readonly StreamActivity[]): void {
    if (this.closed) return;
    if (ephemeral.length > 0) this.send({ activities: ephemeral });
    void this.pump();
  }

  /** Sends what the store has after the watermark; one read at a time, again if woken meanwhile. */
  async pump(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    try {
      do {
        this.again = false;
        const page = await this.options.store.activitiesAfter(this.conversationId, this.watermark);
        if (this.closed) return;
        if (!page) {
          this.close(CloseCodes.ended, 'conversation ended');
          return;
        }
        const next = Number(page.watermark);
        if (page.activities.length > 0) this.send({ activities: page.activities, watermark: page.watermark });
        if (next > this.watermark) this.watermark = next;
      } while (this.again && !this.closed);
    } catch {
      // The store is unreachable (Redis away): the feed wakes every stream once it is back.
    } finally {
      this.reading = false;
    }
  }

  send(message: object | ''): void {
    if (this.closed || this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(CloseCodes.tooSlow, 'client is not reading');
      return;
    }
    this.socket.send(message === '' ? '' : JSON.stringify(message));
  }

  /** Marks the conversation as used (an open chat page is a live conversation). */
  async touch(): Promise<void> {
    try {
      const found = await this.options.store.get(this.conversationId);
      if (!found) this.close(CloseCodes.ended, 'conversation ended');
    } catch {
      // Store unreachable: try again at the next tick.
    }
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close(code, reason);
      setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS).unref();
    }
    this.dispose();
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.owner.forget(this);
  }
}

function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

export class DirectLineStreams {
  private readonly server = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_MESSAGE_BYTES,
    perMessageDeflate: false,
    clientTracking: false
  });
  private readonly streams = new Set<Stream>();
  private readonly perConversation = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private ticks = 0;
  private stopping = false;

  constructor(private readonly options: DirectLineStreamsOptions) {
    this.timer = setInterval(() => this.tick(), options.keepAliveMs);
    this.timer.unref();
  }

  get size(): number {
    return this.streams.size;
  }

  /**
   * Takes an HTTP upgrade request if it is for a stream path (answering it either way) and returns
   * true; false for other paths, which the caller answers.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const target = parseStreamPath(this.options.basePath, req.url ?? '');
    if (!target) return false;
    socket.on('error', () => socket.destroy());
    void this.accept(req, socket, head, target.conversationId, target.query).catch(() =>
      refuseUpgrade(socket, 503, 'StoreUnavailable', 'The shared store (Redis) is not reachable right now', {
        'Retry-After': '2'
      })
    );
    return true;
  }

  private async accept(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    conversationId: string,
    query: URLSearchParams
  ): Promise<void> {
    if (this.stopping)
      return refuseUpgrade(socket, 503, 'Stopping', 'The server is restarting', { 'Retry-After': '1' });
    const mark = query.get('watermark') || '0';
    if (!/^\d{1,15}$/.test(mark))
      return refuseUpgrade(socket, 400, 'BadArgument', 'watermark must be a whole number');
    const header = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    const access = await this.options.access.open(query.get('t') ?? header, conversationId);
    if (!access.ok) return refuseUpgrade(socket, STATUS[access.error], access.error, access.message);
    if (this.streams.size >= this.options.maxStreams) {
      return refuseUpgrade(socket, 503, 'ServiceBusy', 'Too many open chats on this server', {
        'Retry-After': '30'
      });
    }
    if ((this.perConversation.get(conversationId) ?? 0) >= this.options.maxStreamsPerConversation) {
      return refuseUpgrade(socket, 429, 'TooManyStreams', 'Too many open streams for this conversation', {
        'Retry-After': '5'
      });
    }
    if (socket.destroyed) return;
    this.server.handleUpgrade(req, socket, head, (ws) => {
      if (this.stopping) {
        ws.close(CloseCodes.goingAway, 'server restarting');
        return;
      }
      const stream = new Stream(conversationId, ws, Number(mark), this, this.options);
      this.streams.add(stream);
      this.perConversation.set(conversationId, (this.perConversation.get(conversationId) ?? 0) + 1);
      this.options.logger.debug(
        { event: LogEvents.directLineStreamOpened, streams: this.streams.size },
        'stream opened'
      );
      void stream.pump();
    });
  }

  /** Called by a stream when it ends. */
  forget(stream: Stream): void {
    if (!this.streams.delete(stream)) return;
    const left = (this.perConversation.get(stream.conversationId) ?? 1) - 1;
    if (left > 0) this.perConversation.set(stream.conversationId, left);
    else this.perConversation.delete(stream.conversationId);
    this.options.logger.debug(
      { event: LogEvents.directLineStreamClosed, streams: this.streams.size },
      'stream closed'
    );
  }

  /** Keep-alive for every stream: an empty message, a ping; no pong since the last tick = gone. */
  private tick(): void {
    this.ticks++;
    const touch =
      this.ticks % Math.max(1, Math.round(this.options.touchEveryMs / this.options.keepAliveMs)) === 0;
    for (const stream of this.streams) {
      if (!stream.alive) {
        stream.socket.terminate();
        continue;
      }
      stream.alive = false;
      stream.send('');
      stream.socket.ping();
      if (touch) void stream.touch();
    }
  }

  /** Graceful stop: every stream is closed with 1001 so clients reconnect (to another instance). */
  async close(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    const closing = [...this.streams].map(
      (stream) =>
        new Promise<void>((resolve) => {
          stream.socket.once('close', () => resolve());
          stream.close(CloseCodes.goingAway, 'server restarting');
          if (stream.socket.readyState === WebSocket.CLOSED) resolve();
        })
    );
    await Promise.all(closing);
    this.server.close();
  }
}
