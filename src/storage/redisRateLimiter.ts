/**
 * Per-client token buckets on Redis, so the limit holds across instances (a client spread over two
 * instances by a load balancer gets the same rate as on one). Same rule as the in-memory
 * RateLimiter: `ratePerSecond` sustained, `burst` at once. One Lua script per request, using Redis's
 * own clock so instances with skewed clocks agree; a bucket expires once it would be full again.
 * While Redis is unreachable the in-memory limiter of this instance decides (a limit per instance
 * beats no limit, and beats refusing everyone).
 */
import type { RateLimitDecision, RateLimiter } from '../http/rateLimit';
import type { RedisConnection } from './redisClient';

// KEYS[1] bucket; ARGV rate per second, burst. -> {allowed 0/1, retry-after seconds}
const TAKE = `
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'ms')
local tokens, ms = tonumber(bucket[1]), tonumber(bucket[2])
if not tokens then tokens, ms = burst, now end
tokens = math.min(burst, tokens + (now - ms) / 1000 * rate)
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry = math.max(1, math.ceil((1 - tokens) / rate))
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ms', now)
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
return {allowed, retry}`;

export class RedisRateLimiter {
  constructor(
    private readonly redis: RedisConnection,
    private readonly ratePerSecond: number,
    private readonly burst: number,
    /** Decides while Redis is unreachable. */
    private readonly fallback: RateLimiter
  ) {}

  get enabled(): boolean {
    return this.ratePerSecond > 0 && this.burst > 0;
  }

  async take(client: string): Promise<RateLimitDecision> {
    if (!this.enabled) return { allowed: true, retryAfterSeconds: 0 };
    if (!this.redis.ready) return this.fallback.take(client);
    try {
      const [allowed, retry] = (await this.redis.script(
        TAKE,
        [this.redis.key('rl', client)],
        [String(this.ratePerSecond), String(this.burst)]
      )) as [number, number];
      return { allowed: allowed === 1, retryAfterSeconds: retry };
    } catch {
      return this.fallback.take(client);
    }
  }
}
