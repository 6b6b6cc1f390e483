/**
 * Bot Framework `Storage` on Redis, shared by every instance, with real eTags (the rules of
 * etag.ts): a write whose eTag is `'*'` or absent is unconditional; any other eTag must equal the
 * stored one (an item no longer stored has none) or the whole write is refused with the error
 * MemoryStorage throws, and nothing of it is written. The check and the write are one Lua script, so two instances racing on
 * one key cannot both win. Each item expires after the TTL of its kind (user or conversation state),
 * renewed on every read and write; items over the size cap are refused. All items of a deployment
 * together stay within STATE_MAX_BYTES and STATE_MAX_ITEMS: past either, the least recently used
 * (on any instance) are deleted, as in the in-memory store.
 *
 * Layout: one hash per item, `<prefix>state:<botbuilder key>` -> { e: eTag, v: JSON without eTag };
 * the budget's bookkeeping under `<prefix>statebudget:` (lru, sizes, bytes).
 */
import { randomBytes } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { ABSENT_ETAG, eTagConflict } from './etag';
import { StateItemTooLargeError } from './stateLimits';
import type { RedisConnection } from './redisClient';

export type StateKeyKind = 'user' | 'conversation' | 'other';

/** What a botbuilder state key belongs to: `<channel>/users/<id>/` or `<channel>/conversations/<id>/`. Pure. */
export function stateKeyKind(key: string): StateKeyKind {
  if (/^[^/]*\/users\//.test(key)) return 'user';
  if (/^[^/]*\/conversations\//.test(key)) return 'conversation';
  return 'other';
}

export interface RedisStorageOptions {
  /** Seconds an item lives after its last read or write, per kind. */
  ttlSeconds: Record<StateKeyKind, number>;
  /** Largest item (its JSON) accepted, in bytes. */
  maxItemBytes: number;
  /** All items of the deployment together, keys included (STATE_MAX_BYTES); the least recently used go first. */
  maxBytes: number;
  /** Items of the deployment at most (STATE_MAX_ITEMS). */
  maxItems: number;
}

export { StateItemTooLargeError };

/**
 * The budget's bookkeeping, shared by every instance of the deployment: a sorted set of item keys by
 * last use (Redis's clock), a hash of each item's counted bytes and their running total. An item that
 * Redis expired on its own (TTL, or maxmemory) leaves its bookkeeping behind; writes sweep a few such
 * leftovers each time, oldest first, so the total cannot drift upwards.
 */
const NOW_MS = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end`;
const FORGET = `
local function forget(lru, sizes, total, key)
  local size = tonumber(redis.call('HGET', sizes, key) or '0')
  redis.call('HDEL', sizes, key)
  redis.call('ZREM', lru, key)
  if size > 0 then redis.call('DECRBY', total, size) end
end`;

/** Leftovers of expired items looked at per write (bounded work per turn). */
const SWEEP_PER_WRITE = 20;

// KEYS: lru, sizes, total, then the items. ARGV: max bytes, max items, sweep age (ms), then per item:
// expected eTag ('' = unconditional, ABSENT_ETAG = create only), new eTag, JSON, TTL seconds, counted bytes. Returns 0, or the
// 1-based index of the first item whose eTag does not match - an item no longer stored matches no
// eTag (etag.ts) - and then nothing was written.
const WRITE_SCRIPT = `${NOW_MS}${FORGET}
local lru, sizes, total = KEYS[1], KEYS[2], KEYS[3]
local n = #KEYS - 3
for i = 1, n do
  local expected = ARGV[3 + (i - 1) * 5 + 1]
  if expected == '${ABSENT_ETAG}' then
    if redis.call('EXISTS', KEYS[3 + i]) == 1 then return i end
  elseif expected ~= '' then
    local current = redis.call('HGET', KEYS[3 + i], 'e')
    if current ~= expected then return i end
  end
end
local now = now_ms()
for i = 1, n do
  local b = 3 + (i - 1) * 5
  local key = KEYS[3 + i]
  local cost = tonumber(ARGV[b + 5])
  local old = tonumber(redis.call('HGET', sizes, key) or '0')
  redis.call('HSET', key, 'e', ARGV[b + 2], 'v', ARGV[b + 3])
  redis.call('EXPIRE', key, ARGV[b + 4])
  redis.call('ZADD', lru, now, key)
  redis.call('HSET', sizes, key, cost)
  redis.call('INCRBY', total, cost - old)
end
local stale = redis.call('ZRANGEBYSCORE', lru, '-inf', now - tonumber(ARGV[3]), 'LIMIT', 0, ${SWEEP_PER_WRITE})
for _, key in ipairs(stale) do
  if redis.call('EXISTS', key) == 0 then forget(lru, sizes, total, key) end
end
local maxBytes, maxItems = tonumber(ARGV[1]), tonumber(ARGV[2])
-- Least recently used first, never what this write just wrote.
while redis.call('ZCARD', lru) > n and
    (tonumber(redis.call('GET', total) or '0') > maxBytes or redis.call('ZCARD', lru) > maxItems) do
  local oldest = redis.call('ZRANGE', lru, 0, 0)[1]
  redis.call('DEL', oldest)
  forget(lru, sizes, total, oldest)
end
return 0`;

// KEYS: lru, then the items. ARGV: TTL seconds per item. Returns { eTag, JSON } per item (false when
// absent), renewing its TTL and its place in the least-recently-used order.
const READ_SCRIPT = `${NOW_MS}
local now = now_ms()
local out = {}
for i = 2, #KEYS do
  local item = redis.call('HMGET', KEYS[i], 'e', 'v')
  if item[1] then
    redis.call('EXPIRE', KEYS[i], ARGV[i - 1])
    redis.call('ZADD', KEYS[1], 'XX', now, KEYS[i])
    out[i - 1] = item
  else
    out[i - 1] = false
  end
end
return out`;

// KEYS: lru, sizes, total, then the items.
const DELETE_SCRIPT = `${FORGET}
for i = 4, #KEYS do
  redis.call('DEL', KEYS[i])
  forget(KEYS[1], KEYS[2], KEYS[3], KEYS[i])
end
return 0`;

/** Per item beyond its key and JSON: Redis's hash, its two fields, the sorted-set and sizes entries. */
const ITEM_OVERHEAD_BYTES = 200;

export class RedisStorage implements Storage {
  private readonly budgetKeys: [lru: string, sizes: string, total: string];
  private readonly sweepAgeMs: number;

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: RedisStorageOptions
  ) {
    // Not under 'state:' so no botbuilder key can name them.
    this.budgetKeys = [
      redis.key('statebudget', 'lru'),
      redis.key('statebudget', 'sizes'),
      redis.key('statebudget', 'bytes')
    ];
    // An item unused for the shortest TTL may have expired; younger ones cannot have.
    this.sweepAgeMs = Math.min(...Object.values(options.ttlSeconds)) * 1000;
  }

  /** The Redis key of a botbuilder key. */
  redisKey(key: string): string {
    return this.redis.key('state', key);
  }

  ttlFor(key: string): number {
    return this.options.ttlSeconds[stateKeyKind(key)];
  }

  /** Bytes and items the deployment's state holds now, as the budget counts them. */
  async usage(): Promise<{ bytes: number; items: number }> {
    const [lru, , total] = this.budgetKeys;
    const [bytes, items] = await this.redis.run((client) =>
      Promise.all([client.get(total), client.zCard(lru)])
    );
    return { bytes: Number(bytes ?? 0), items };
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    if (keys.length === 0) return items;
    const reply = (await this.redis.script(
      READ_SCRIPT,
      [this.budgetKeys[0], ...keys.map((k) => this.redisKey(k))],
      keys.map((k) => String(this.ttlFor(k)))
    )) as (null | [string | null, string | null])[];
    keys.forEach((key, i) => {
      const found = reply[i];
      if (!found || found[0] === null || found[1] === null) return;
      items[key] = { ...(JSON.parse(found[1]) as object), eTag: found[0] };
    });
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const keys = Object.keys(changes);
    if (keys.length === 0) return;
    const args: string[] = [
      String(this.options.maxBytes),
      String(this.options.maxItems),
      String(this.sweepAgeMs)
    ];
    for (const key of keys) {
      const item = { ...(changes[key] as Record<string, unknown>) };
      const given = item.eTag;
      delete item.eTag;
      const json = JSON.stringify(item);
      const bytes = Buffer.byteLength(json);
      if (bytes > this.options.maxItemBytes)
        throw new StateItemTooLargeError(key, bytes, this.options.maxItemBytes);
      const expected = typeof given === 'string' && given !== '*' ? given : '';
      if (given !== undefined && given !== null && typeof given !== 'string') throw eTagConflict(key);
      // The key is held three times: the item's own key, its lru member and its sizes field.
      const cost = bytes + Buffer.byteLength(this.redisKey(key)) * 3 + ITEM_OVERHEAD_BYTES;
      args.push(expected, randomBytes(9).toString('base64url'), json, String(this.ttlFor(key)), String(cost));
    }
    const conflict = (await this.redis.script(
      WRITE_SCRIPT,
      [...this.budgetKeys, ...keys.map((k) => this.redisKey(k))],
      args
    )) as number;
    if (conflict > 0) throw eTagConflict(keys[conflict - 1]!);
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    if (keys.length === 0) return;
    await this.redis.script(DELETE_SCRIPT, [...this.budgetKeys, ...keys.map((k) => this.redisKey(k))], []);
  }
}
