/**
 * What several server instances behind one WeChat account must share: which pushes were already
 * answered (WeChat retries a push it got no answer to) and the access_token (each fetch of a new one
 * makes the previous one expire soon, so instances must not each fetch their own).
 *
 * One small contract, two implementations: in memory (one instance; bounded LRU) and Redis
 * (REDIS_URL set). Values are short strings with a time to live.
 */
import { LRUCache } from 'lru-cache';
import type { createClient } from 'redis';

export interface WeChatStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets the key only when it is absent; true when this call set it (atomic across instances). */
  add(key: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
}

export class MemoryWeChatStore implements WeChatStore {
  private readonly cache: LRUCache<string, string>;

  /** At most `maxBytes` of keys and values (counted as UTF-16 code units x 2). */
  constructor(maxBytes = 8 * 1024 * 1024) {
    this.cache = new LRUCache<string, string>({
      maxSize: maxBytes,
      sizeCalculation: (value, key) => Math.max(1, (key.length + value.length) * 2),
      ttlAutopurge: false
    });
  }

  async get(key: string): Promise<string | undefined> {
    return this.cache.get(key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.cache.set(key, value, { ttl: ttlMs });
  }

  async add(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.cache.has(key)) return false;
    this.cache.set(key, value, { ttl: ttlMs });
    return true;
  }

  async delete(key: string): Promise<void> {
    this.cache.delete(key);
  }
}

/**
 * The shared Redis connection as the WeChat store needs it (src/storage/redisClient.ts's
 * RedisConnection has this shape): commands run through `run`, which fails fast while Redis is away,
 * and keys get the deployment's prefix from `key`.
 */
export interface RedisRunner {
  run<T>(command: (client: RedisClient) => Promise<T>): Promise<T>;
  key(...parts: string[]): string;
}

type RedisClient = ReturnType<typeof createClient>;

export class RedisWeChatStore implements WeChatStore {
  constructor(private readonly redis: RedisRunner) {}

  private name(key: string): string {
    return this.redis.key('wechat', key);
  }

  async get(key: string): Promise<string | undefined> {
    const value = await this.redis.run((client) => client.get(this.name(key)));
    return typeof value === 'string' ? value : undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.run((client) =>
      client.set(this.name(key), value, { expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) } })
    );
  }

  async add(key: string, value: string, ttlMs: number): Promise<boolean> {
    const reply = await this.redis.run((client) =>
      client.set(this.name(key), value, {
        expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) },
        condition: 'NX'
      })
    );
    return reply === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.redis.run((client) => client.del(this.name(key)));
  }
}
