/**
 * Direct Line conversations on Redis, shared by every instance: a conversation started on one
 * instance is continued on any other, and survives restarts. The same size budgets as in memory,
 * for the whole deployment: per conversation (count and bytes), in total (DIRECTLINE_MAX_BYTES,
 * DIRECTLINE_MAX_CONVERSATIONS) and per client address (its share of both).
 *
 * Layout (all under the deployment's key prefix):
 *   dl:conv:<id>     hash   userId, locale, client, createdMs, lastSeenMs, seq (activities ever added),
 *                           bytes (kept activities plus the conversation's overhead)
 *   dl:acts:<id>     stream one entry per activity, entry id `0-<seq>`: the watermark IS the stream
 *                    position, so "activities after watermark W" is `XRANGE (0-W +`. Field `a` holds the
 *                    activity JSON without its id (the id is `<conversation>|<seq>`, added on read).
 *   dl:lru           sorted set of conversation ids by last use: the idle sweep and the eviction order.
 *   dl:client:<addr> sorted set of one client address's conversations by last use (its share).
 *   dl:bytes         total bytes of every conversation; dl:clientbytes hash: bytes per client address.
 * Each stream is trimmed by count and bytes as activities arrive (the newest one always stays).
 * Past the client's share its own least recently used conversation ends, past the totals anyone's:
 * creating never fails. Keys expire a grace period after the idle TTL (renewed on use); the sweep
 * forgets idle conversations before that, so the byte counters stay exact. Every operation is one
 * Lua script: atomic across instances, one round trip. Needs Redis 7 (or 6.2) standalone or a single
 * shard: the scripts touch keys of one conversation plus the shared sets and counters.
 */
import type { Activity } from 'botbuilder';
import {
  ACTIVITY_OVERHEAD_BYTES,
  CONVERSATION_OVERHEAD_BYTES,
  clientQuota,
  type ActivityPage,
  type ConversationRecord,
  type ConversationStore,
  type CreateOutcome,
  type EvictionListener,
  type StoreLimits,
  type StreamActivity
} from '../channels/directline/conversationStore';
import type { RedisConnection } from './redisClient';

/** Keys outlive the idle TTL by this much, so the sweep (not Redis expiry) forgets a conversation. */
export const EXPIRY_GRACE_MS = 10 * 60_000;

// KEYS: 1 conversation hash, 2 its stream, 3 the LRU set, 4 total bytes, 5 bytes per client.
// ARGV: 1 id, 2 key base, 3 now, 4 ttl, 5 grace, 6 maxConversations, 7 totalBytes, 8 client's max
// conversations, 9 client's max bytes, 10 maxActivities, 11 maxBytes per conversation, 12 overhead per
// activity, 13 overhead per conversation; then each script's own.
const COMMON = `
local base, now, ttl, grace = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local maxConversations, totalBytes = tonumber(ARGV[6]), tonumber(ARGV[7])
local clientConversations, clientBytes = tonumber(ARGV[8]), tonumber(ARGV[9])
local evictedShare, evictedFull = {}, {}
local function forget(id)
  local conv = base .. 'conv:' .. id
  local f = redis.call('HMGET', conv, 'bytes', 'client')
  local bytes = tonumber(f[1]) or 0
  redis.call('DEL', conv, base .. 'acts:' .. id)
  redis.call('ZREM', KEYS[3], id)
  if redis.call('DECRBY', KEYS[4], bytes) <= 0 then redis.call('DEL', KEYS[4]) end
  if f[2] then
    local owned = base .. 'client:' .. f[2]
    redis.call('ZREM', owned, id)
    if redis.call('HINCRBY', KEYS[5], f[2], -bytes) <= 0 or redis.call('ZCARD', owned) == 0 then
      redis.call('HDEL', KEYS[5], f[2])
    end
  end
end
local function live()
  local seen = redis.call('HGET', KEYS[1], 'lastSeenMs')
  if not seen then return false end
  if tonumber(seen) <= now - ttl then
    forget(ARGV[1])
    return false
  end
  return true
end
local function touch()
  local client = redis.call('HGET', KEYS[1], 'client') or ''
  redis.call('HSET', KEYS[1], 'lastSeenMs', now)
  redis.call('PEXPIRE', KEYS[1], ttl + grace)
  redis.call('PEXPIRE', KEYS[2], ttl + grace)
  redis.call('ZADD', KEYS[3], now, ARGV[1])
  local owned = base .. 'client:' .. client
  redis.call('ZADD', owned, now, ARGV[1])
  redis.call('PEXPIRE', owned, ttl + grace)
  redis.call('PEXPIRE', KEYS[4], ttl + grace)
  redis.call('PEXPIRE', KEYS[5], ttl + grace)
  return client
end
local function account(client, bytes)
  redis.call('HINCRBY', KEYS[1], 'bytes', bytes)
  redis.call('INCRBY', KEYS[4], bytes)
  redis.call('HINCRBY', KEYS[5], client, bytes)
end
-- The oldest of a sorted set that is not the conversation being worked on.
local function oldestBut(set)
  for _, id in ipairs(redis.call('ZRANGE', set, 0, 1)) do
    if id ~= ARGV[1] then return id end
  end
  return nil
end
local function enforce(client)
  local owned = base .. 'client:' .. client
  while redis.call('ZCARD', owned) > clientConversations
    or (tonumber(redis.call('HGET', KEYS[5], client)) or 0) > clientBytes do
    local oldest = oldestBut(owned)
    if not oldest then break end
    forget(oldest)
    evictedShare[#evictedShare + 1] = oldest
  end
  while redis.call('ZCARD', KEYS[3]) > maxConversations
    or (tonumber(redis.call('GET', KEYS[4])) or 0) > totalBytes do
    local oldest = oldestBut(KEYS[3])
    if not oldest then break end
    forget(oldest)
    evictedFull[#evictedFull + 1] = oldest
  end
end
`;

// ARGV 14 userId, 15 locale, 16 client. -> {status, fields, ids ended for share, ids ended for room}
const CREATE = `${COMMON}
if live() then
  touch()
  return {'exists', redis.call('HGETALL', KEYS[1]), {}, {}}
end
if redis.call('ZCARD', KEYS[3]) >= maxConversations then
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now - ttl, 'LIMIT', 0, 100)) do forget(id) end
end
local client = ARGV[16]
redis.call('HSET', KEYS[1], 'userId', ARGV[14], 'locale', ARGV[15], 'client', client, 'createdMs', now,
  'lastSeenMs', now, 'seq', 0, 'bytes', 0)
touch()
account(client, tonumber(ARGV[13]))
enforce(client)
return {'created', redis.call('HGETALL', KEYS[1]), evictedShare, evictedFull}`;

// -> fields or false
const GET = `${COMMON}
if not live() then return false end
touch()
return redis.call('HGETALL', KEYS[1])`;

// ARGV 14.. activity JSON. -> {first new seq (-1 when gone), ids ended for share, ids ended for room}
const APPEND = `${COMMON}
if not live() then return {-1, {}, {}} end
local client = touch()
local count = #ARGV - 13
local last = redis.call('HINCRBY', KEYS[1], 'seq', count)
local first = last - count + 1
local perActivity, perConversation = tonumber(ARGV[12]), tonumber(ARGV[13])
local added = 0
for i = 1, count do
  local json = ARGV[13 + i]
  redis.call('XADD', KEYS[2], '0-' .. (first + i - 1), 'a', json)
  added = added + #json + perActivity
end
redis.call('PEXPIRE', KEYS[2], ttl + grace)
account(client, added)
local maxActivities, maxBytes = tonumber(ARGV[10]), tonumber(ARGV[11])
local bytes = tonumber(redis.call('HGET', KEYS[1], 'bytes')) - perConversation
local length = redis.call('XLEN', KEYS[2])
while length > 1 and (length > maxActivities or bytes > maxBytes) do
  local oldest = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)[1]
  redis.call('XDEL', KEYS[2], oldest[1])
  local cost = #oldest[2][2] + perActivity
  account(client, -cost)
  bytes = bytes - cost
  length = length - 1
end
enforce(client)
return {first, evictedShare, evictedFull}`;

// ARGV 14 watermark. -> false, or {seq, {id, {'a', json}}...}
const AFTER = `${COMMON}
if not live() then return false end
touch()
return {redis.call('HGET', KEYS[1], 'seq'), redis.call('XRANGE', KEYS[2], '(0-' .. ARGV[14], '+')}`;

// -> how many forgotten. With nothing left, the counters start again from zero (they cannot drift).
const SWEEP = `${COMMON}
local ids = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now - ttl, 'LIMIT', 0, 1000)
for _, id in ipairs(ids) do forget(id) end
if redis.call('ZCARD', KEYS[3]) == 0 then redis.call('DEL', KEYS[4], KEYS[5]) end
return #ids`;

function record(id: string, fields: string[]): ConversationRecord {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
  return {
    id,
    userId: map.get('userId') ?? '',
    ...(map.get('locale') ? { locale: map.get('locale') } : {}),
    createdMs: Number(map.get('createdMs') ?? 0),
    lastSeenMs: Number(map.get('lastSeenMs') ?? 0)
  };
}

/** Fields of a hash as node-redis returns them from a script (RESP2: a flat array). */
function flat(reply: unknown): string[] {
  return Array.isArray(reply) ? (reply as string[]) : [];
}

export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

export class RedisConversationStore implements ConversationStore {
  private readonly base: string;
  private readonly shared: string[];
  private readonly limitArgs: string[];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly redis: RedisConnection,
    limits: StoreLimits,
    private readonly now: () => number = () => Date.now(),
    private readonly onEvict: EvictionListener = () => undefined
  ) {
    this.base = redis.key('dl', '');
    this.shared = [redis.key('dl', 'lru'), redis.key('dl', 'bytes'), redis.key('dl', 'clientbytes')];
    const quota = clientQuota(limits);
    this.limitArgs = [
      limits.ttlMs,
      EXPIRY_GRACE_MS,
      limits.maxConversations,
      limits.totalBytes,
      quota.conversations,
      quota.bytes,
      limits.maxActivities,
      limits.maxBytes,
      ACTIVITY_OVERHEAD_BYTES,
      CONVERSATION_OVERHEAD_BYTES
    ].map(String);
    this.timer = setInterval(
      () => void this.sweep().catch(() => undefined),
      Math.min(60_000, Math.max(1000, limits.ttlMs / 4))
    );
    this.timer.unref();
  }

  private eval(script: string, id: string, args: (string | number)[]): Promise<unknown> {
    return this.redis.script(
      script,
      [`${this.base}conv:${id}`, `${this.base}acts:${id}`, ...this.shared],
      [id, this.base, String(this.now()), ...this.limitArgs, ...args.map(String)]
    );
  }

  private evicted(share: unknown, full: unknown): void {
    for (const id of Array.isArray(share) ? (share as string[]) : []) this.onEvict('clientShare', id);
    for (const id of Array.isArray(full) ? (full as string[]) : []) this.onEvict('full', id);
  }

  async create(init: {
    id: string;
    userId: string;
    locale?: string;
    client: string;
  }): Promise<CreateOutcome> {
    const [status, fields, share, full] = (await this.eval(CREATE, init.id, [
      init.userId,
      init.locale ?? '',
      init.client
    ])) as [string, unknown, unknown, unknown];
    this.evicted(share, full);
    return {
      status: status === 'exists' ? 'exists' : 'created',
      conversation: record(init.id, flat(fields))
    };
  }

  async get(id: string): Promise<ConversationRecord | undefined> {
    const reply = await this.eval(GET, id, []);
    return reply ? record(id, flat(reply)) : undefined;
  }

  async append(id: string, activities: readonly Partial<Activity>[]): Promise<StreamActivity[] | undefined> {
    if (activities.length === 0) return (await this.get(id)) ? [] : undefined;
    const bodies = activities.map((activity) => {
      const rest: Partial<Activity> = { ...activity };
      delete rest.id;
      return rest;
    });
    const [first, share, full] = (await this.eval(
      APPEND,
      id,
      bodies.map((body) => JSON.stringify(body))
    )) as [number, unknown, unknown];
    this.evicted(share, full);
    if (first < 0) return undefined;
    return bodies.map((body, i) => ({ id: activityId(id, first + i), ...body }) as StreamActivity);
  }

  async activitiesAfter(id: string, watermark: number): Promise<ActivityPage | undefined> {
    const reply = (await this.eval(AFTER, id, [Math.max(0, Math.floor(watermark))])) as
      false | null | [string, [string, string[]][]];
    if (!reply) return undefined;
    const [seq, entries] = reply;
    const activities = entries.map(([entryId, fields]) => {
      const json = fields[1] ?? '{}';
      const position = Number(entryId.slice(2));
      return { id: activityId(id, position), ...(JSON.parse(json) as object) } as StreamActivity;
    });
    return { activities, watermark: String(seq ?? 0) };
  }

  async sweep(): Promise<number> {
    return (await this.eval(SWEEP, '', [])) as number;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
  }
}
