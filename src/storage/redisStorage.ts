/**
 * Bot Framework `Storage` on Redis, shared by every instance, with real eTags (the rules of
 * etag.ts): a write whose eTag is `'*'` or absent is unconditional; any other eTag must equal the
 * stored one (an item no longer stored has none) or the whole write is refused with the error
 * MemoryStorage throws, and nothing of it is written. The check and the write are one Lua script, so two instances racing on
 * one key cannot both win. Each item expires after the TTL of its kind (user or conversation state),
 * renewed on every read and write; items over the size cap are refused.
 *
 * Layout: one hash per item, `<prefix>state:<botbuilder key>` -> { e: eTag, v: JSON without eTag }.
 */
import { randomBytes } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { eTagConflict } from './etag';
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
}

export { StateItemTooLargeError };

// ARGV per key: expected eTag ('' = unconditional), new eTag, JSON, TTL seconds. Returns 0, or the
// 1-based index of the first key whose eTag does not match - an item no longer stored matches no
// eTag (etag.ts) - and then nothing was written.
const WRITE_SCRIPT = `
for i = 1, #KEYS do
  local expected = ARGV[(i - 1) * 4 + 1]
  if expected ~= '' then
    local current = redis.call('HGET', KEYS[i], 'e')
    if current ~= expected then return i end
  end
end
for i = 1, #KEYS do
  local b = (i - 1) * 4
  redis.call('HSET', KEYS[i], 'e', ARGV[b + 2], 'v', ARGV[b + 3])
  redis.call('EXPIRE', KEYS[i], ARGV[b + 4])
end
return 0`;

// ARGV per key: TTL seconds. Returns { eTag, JSON } per key (false when absent), renewing the TTL.
const READ_SCRIPT = `
local out = {}
for i = 1, #KEYS do
  local item = redis.call('HMGET', KEYS[i], 'e', 'v')
  if item[1] then
    redis.call('EXPIRE', KEYS[i], ARGV[i])
    out[i] = item
  else
    out[i] = false
  end
end
return out`;

export class RedisStorage implements Storage {
  constructor(
    private readonly redis: RedisConnection,
    private readonly options: RedisStorageOptions
  ) {}

  /** The Redis key of a botbuilder key. */
  redisKey(key: string): string {
    return this.redis.key('state', key);
  }

  ttlFor(key: string): number {
    return this.options.ttlSeconds[stateKeyKind(key)];
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    if (keys.length === 0) return items;
    const reply = (await this.redis.script(
      READ_SCRIPT,
      keys.map((k) => this.redisKey(k)),
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
    const args: string[] = [];
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
      args.push(expected, randomBytes(9).toString('base64url'), json, String(this.ttlFor(key)));
    }
    const conflict = (await this.redis.script(
      WRITE_SCRIPT,
      keys.map((k) => this.redisKey(k)),
      args
    )) as number;
    if (conflict > 0) throw eTagConflict(keys[conflict - 1]!);
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    if (keys.length === 0) return;
    await this.redis.run((client) => client.del(keys.map((k) => this.redisKey(k))));
  }
}
