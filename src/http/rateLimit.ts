import { LRUCache } from 'lru-cache';

/**
 * Per-client token buckets: `ratePerSecond` sustained, `burst` at once. Memory stays bounded under
 * a flood of distinct clients: the least recently seen buckets are dropped past `maxClients`.
 */
export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds until one more request would be allowed (for Retry-After). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class RateLimiter {
  private readonly buckets: LRUCache<string, Bucket>;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    maxClients = 100_000,
    private readonly now: () => number = () => Date.now()
  ) {
    this.buckets = new LRUCache<string, Bucket>({ max: maxClients });
  }

  get enabled(): boolean {
    return this.ratePerSecond > 0 && this.burst > 0;
  }

  take(client: string): RateLimitDecision {
    if (!this.enabled) return { allowed: true, retryAfterSeconds: 0 };
    const now = this.now();
    const bucket = this.buckets.get(client) ?? { tokens: this.burst, updatedMs: now };
    bucket.tokens = Math.min(
      this.burst,
      bucket.tokens + ((now - bucket.updatedMs) / 1000) * this.ratePerSecond
    );
    bucket.updatedMs = now;
    this.buckets.set(client, bucket); // most recently seen; the least recently seen go past maxClients
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.ratePerSecond))
    };
  }
}
