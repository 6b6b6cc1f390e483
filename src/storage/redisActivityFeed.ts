/**
 * The activity feed across instances on Redis pub/sub: `publish` sends a small message on the
 * conversation's channel; each instance holds one subscriber connection listening to every
 * conversation's channel (one pattern), and wakes its own streams of that conversation. Pub/sub
 * loses messages while a connection is down, so after each (re)connect every local listener is
 * woken to re-read the store from its watermark: a stream may be late during an outage, never gappy.
 */
import { FeedListeners, type ActivityFeed, type FeedListener } from './activityFeed';
import type { RedisConnection } from './redisClient';

export class RedisActivityFeed<T = object> implements ActivityFeed<T> {
  private readonly listeners = new FeedListeners<T>();
  private readonly subscriber: RedisConnection;
  private readonly channelPrefix: string;
  private subscribed: Promise<void> | undefined;

  constructor(private readonly redis: RedisConnection) {
    this.channelPrefix = redis.key('dl', 'feed', '');
    this.subscriber = redis.duplicate('feed');
    // node-redis subscribes again by itself after a reconnect; wake-ups sent meanwhile are lost.
    this.subscriber.onReady(() => {
      this.listening().catch(() => undefined);
      this.listeners.deliverAll();
    });
  }

  /** Resolves once this instance receives what others publish (tests; start-up). */
  async ready(timeoutMs = 5000): Promise<void> {
    await this.subscriber.waitUntilReady(timeoutMs);
    await this.listening();
  }

  private listening(): Promise<void> {
    this.subscribed ??= this.listen().catch((error: unknown) => {
      this.subscribed = undefined;
      throw error;
    });
    return this.subscribed;
  }

  private async listen(): Promise<void> {
    await this.subscriber.client.pSubscribe(`${escapeGlob(this.channelPrefix)}*`, (message, channel) => {
      const conversationId = channel.slice(this.channelPrefix.length);
      let ephemeral: T[] = [];
      try {
        const parsed = JSON.parse(message) as { e?: T[] };
        if (Array.isArray(parsed.e)) ephemeral = parsed.e;
      } catch {
        // Not ours (someone else publishing under our prefix): still a wake-up, harmless.
      }
      this.listeners.deliver(conversationId, ephemeral);
    });
  }

  async publish(conversationId: string, ephemeral: readonly T[] = []): Promise<void> {
    await this.redis.run((client) =>
      client.publish(
        this.channelPrefix + conversationId,
        JSON.stringify(ephemeral.length ? { e: ephemeral } : {})
      )
    );
  }

  subscribe(conversationId: string, listener: FeedListener<T>): () => void {
    this.listeners.add(conversationId, listener);
    return () => void this.listeners.remove(conversationId, listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.subscriber.close();
  }
}

/** Glob-escapes a channel prefix for PSUBSCRIBE (our prefixes have no glob characters, but be exact). */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
