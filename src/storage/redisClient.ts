/**
 * The one Redis connection module of the app: every Redis user (bot state, Direct Line store, rate
 * limits, WeChat dedupe and tokens) goes through a `RedisConnection`. It connects in the background,
 * reconnects by itself with a capped backoff, and tells whether it is usable right now (`ready`), so
 * callers answer a clear 503 while Redis is away instead of hanging: commands fail at once when the
 * connection is down (no offline queue that would hold requests for the whole outage).
 */
import { createHash } from 'node:crypto';
import { createClient, ErrorReply } from 'redis';
import { LogEvents, type Logger } from '../logging/logger';

export type RedisClient = ReturnType<typeof createClient>;

/** Thrown (and mapped to 503 by callers) when a Redis command cannot run because Redis is unreachable. */
export class RedisUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('The shared store (Redis) is not reachable right now');
    this.name = 'RedisUnavailableError';
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}

export interface RedisConnectionOptions {
  url: string;
  /** Prefix of every key this deployment writes (e.g. `fao:prod:`), so deployments can share a Redis. */
  keyPrefix: string;
  logger: Logger;
  /** Name shown in `CLIENT LIST` and in logs (`main`, `subscriber`). */
  name?: string;
  /** Longest wait for a TCP connection, in milliseconds. */
  connectTimeoutMs?: number;
  /** Longest wait between reconnect attempts, in milliseconds. */
  maxReconnectDelayMs?: number;
}

/** SHA-1 of each script source, computed once. */
const SCRIPT_SHAS = new Map<string, string>();

/** Reconnect delay after `retries` failed attempts: 50 ms doubling up to the cap, with jitter. Pure. */
export function reconnectDelayMs(retries: number, maxMs: number, random: () => number = Math.random): number {
  const base = Math.min(maxMs, 50 * 2 ** Math.min(retries, 16));
  return Math.round(base / 2 + (random() * base) / 2);
}

/** The URL without its password, for logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}

export class RedisConnection {
  readonly client: RedisClient;
  readonly keyPrefix: string;
  private closed = false;
  private wasReady = false;
  /** An outage is logged once, not at every reconnect attempt. */
  private loggedDown = false;
  private readonly duplicates: RedisConnection[] = [];
  private readonly readyListeners = new Set<() => void>();

  constructor(private readonly options: RedisConnectionOptions) {
    this.keyPrefix = options.keyPrefix;
    const maxDelay = options.maxReconnectDelayMs ?? 2000;
    this.client = createClient({
      url: options.url,
      name: `fao-assistant:${options.name ?? 'main'}`,
      disableOfflineQueue: true,
      // Keeps idle connections alive through NATs and notices a dead server between requests.
      pingInterval: 10_000,
      socket: {
        connectTimeout: options.connectTimeoutMs ?? 2000,
        reconnectStrategy: (retries) => reconnectDelayMs(retries, maxDelay)
      }
    });
    const log = options.logger;
    const where = { name: options.name ?? 'main', url: redactRedisUrl(options.url) };
    this.client.on('ready', () => {
      this.wasReady = true;
      this.loggedDown = false;
      log.info({ event: LogEvents.redisReady, ...where }, 'redis connected');
      for (const listener of this.readyListeners) listener();
    });
    this.client.on('end', () => {
      if (!this.closed) log.warn({ event: LogEvents.redisDisconnected, ...where }, 'redis connection ended');
    });
    this.client.on('error', (error: Error) => {
      // Emitted on every failed attempt while Redis is away: log the first of each outage only.
      if (this.wasReady || !this.loggedDown) {
        this.loggedDown = true;
        log.warn(
          { event: LogEvents.redisDisconnected, ...where, err: { message: error.message } },
          'redis not reachable; reconnecting'
        );
      }
      this.wasReady = false;
    });
  }

  /** Starts connecting (in the background; the process serves 503s until Redis answers). */
  start(): this {
    this.client.connect().catch(() => {
      // Only a close() during the first attempt ends here; reconnects are the client's own business.
    });
    return this;
  }

  /** True while commands can run. */
  get ready(): boolean {
    return !this.closed && this.client.isReady;
  }

  /** `fn` runs each time the connection becomes ready (first connect and every reconnect). */
  onReady(fn: () => void): () => void {
    this.readyListeners.add(fn);
    return () => this.readyListeners.delete(fn);
  }

  /** Resolves once ready, or rejects after `timeoutMs`. For start-up scripts and tests. */
  async waitUntilReady(timeoutMs: number): Promise<void> {
    if (this.ready) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new RedisUnavailableError());
      }, timeoutMs);
      const off = this.onReady(() => {
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  /** A second connection with the same settings, for blocking reads and subscriptions. Closed with this one. */
  duplicate(name: string): RedisConnection {
    const copy = new RedisConnection({ ...this.options, name });
    this.duplicates.push(copy);
    return copy.start();
  }

  /** A key of this deployment. */
  key(...parts: string[]): string {
    return this.keyPrefix + parts.join(':');
  }

  /**
   * Runs a command, turning "not connected" failures into RedisUnavailableError (callers answer 503)
   * and leaving real command errors (a script's own error, wrong type) as they are.
   */
  async run<T>(command: (client: RedisClient) => Promise<T>): Promise<T> {
    if (!this.ready) throw new RedisUnavailableError();
    try {
      return await command(this.client);
    } catch (error) {
      if (isConnectionError(error)) throw new RedisUnavailableError(error);
      throw error;
    }
  }

  /**
   * Runs a Lua script by its SHA-1 (EVALSHA: the script's text is not sent each time), loading it
   * with EVAL when this Redis does not know it yet (first use, or after a restart).
   */
  async script(source: string, keys: string[], args: string[]): Promise<unknown> {
    let sha = SCRIPT_SHAS.get(source);
    if (!sha) SCRIPT_SHAS.set(source, (sha = createHash('sha1').update(source).digest('hex')));
    return this.run(async (client) => {
      try {
        return await client.evalSha(sha, { keys, arguments: args });
      } catch (error) {
        if (!(error instanceof ErrorReply) || !error.message.startsWith('NOSCRIPT')) throw error;
        return client.eval(source, { keys, arguments: args });
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.readyListeners.clear();
    await Promise.all(this.duplicates.map((d) => d.close()));
    if (this.client.isOpen) {
      await this.client.close().catch(() => undefined);
    } else {
      this.client.destroy();
    }
  }
}

/**
 * Errors that mean "the connection is not there" (closed, offline, socket dropped, timeout), as
 * opposed to an error Redis answered (`ErrorReply`: a script's own error, a wrong type).
 */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof RedisUnavailableError) return true;
  return error instanceof Error && !(error instanceof ErrorReply);
}
