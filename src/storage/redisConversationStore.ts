/**
 * Direct Line conversations on Redis, shared by every instance: a conversation started on one
 * instance is continued on any other, and survives restarts.
 *
 * Layout (all under the deployment's key prefix):
 *   dl:conv:<id>   hash   userId, locale, createdMs, lastSeenMs, seq (activities ever added), bytes (kept)
 *   dl:acts:<id>   stream one entry per activity, entry id `0-<seq>`: the watermark IS the stream
 *                  position, so "activities after watermark W" is `XRANGE (0-W +`. Field `a` holds the
 *                  activity JSON without its id (the id is `<conversation>|<seq>`, added on read).
 *   dl:lru         sorted set of conversation ids by last use: the idle sweep and the
 *                  least-recently-used eviction when the conversation cap is reached.
 * Each stream is trimmed by count and bytes as activities arrive (the newest one always stays), and
 * both keys expire after the idle TTL (renewed on use), so Redis memory is bounded by
 * maxConversations x maxBytes even if no sweep ever runs. Every operation is one Lua script: atomic
 * across instances, one round trip. Needs Redis 7 (or 6.2) standalone or a single shard: the scripts
 * touch keys of one conversation plus the shared LRU set.
 */
import type { Activity } from 'botbuilder';
import type {
  ActivityPage,
  ConversationRecord,
  ConversationStore,
  CreateOutcome,
  StreamActivity
} from '../channels/directline/conversationStore';
import type { RedisConnection } from './redisClient';

export interface RedisConversationStoreLimits {
  ttlMs: number;
  maxConversations: number;
  maxActivities: number;
  maxBytes: number;
  /** When full, the least recently used conversation makes room if unused for this long. */
  evictableAfterIdleMs: number;
}

// Shared by the scripts: KEYS[1] = conversation hash, KEYS[2] = its stream, KEYS[3] = the LRU set.
// A conversation is live when its hash exists and was used within the TTL.
const LIVE = `
local function live(now, ttl)
  local seen = redis.call('HGET', KEYS[1], 'lastSeenMs')
  if not seen then return false end
  if tonumber(seen) <= now - ttl then
    redis.call('DEL', KEYS[1], KEYS[2])
    redis.call('ZREM', KEYS[3], ARGV[1])
    return false
  end
  return true
end
local function touch(now, ttl)
  redis.call('HSET', KEYS[1], 'lastSeenMs', now)
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
  redis.call('ZADD', KEYS[3], now, ARGV[1])
end
local function forget(id)
  redis.call('DEL', ARGV[2] .. 'conv:' .. id, ARGV[2] .. 'acts:' .. id)
  redis.call('ZREM', KEYS[3], id)
end
`;

// ARGV: id, key base, now, ttl, max, evictableIdle, userId, locale. -> {status, fields...}
const CREATE = `${LIVE}
local now, ttl = tonumber(ARGV[3]), tonumber(ARGV[4])
if live(now, ttl) then
  touch(now, ttl)
  return {'exists', redis.call('HGETALL', KEYS[1])}
end
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[5]) then
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now - ttl, 'LIMIT', 0, 100)) do forget(id) end
end
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[5]) then
  local oldest = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
  if oldest[1] and tonumber(oldest[2]) <= now - tonumber(ARGV[6]) then forget(oldest[1]) else return {'full'} end
end
redis.call('HSET', KEYS[1], 'userId', ARGV[7], 'locale', ARGV[8], 'createdMs', now, 'lastSeenMs', now, 'seq', 0, 'bytes', 0)
touch(now, ttl)
return {'created', redis.call('HGETALL', KEYS[1])}`;

// ARGV: id, key base, now, ttl. -> fields or false
const GET = `${LIVE}
local now, ttl = tonumber(ARGV[3]), tonumber(ARGV[4])
if not live(now, ttl) then return false end
touch(now, ttl)
return redis.call('HGETALL', KEYS[1])`;

// ARGV: id, key base, now, ttl, maxActivities, maxBytes, json... -> first new seq, or -1 when gone
const APPEND = `${LIVE}
local now, ttl = tonumber(ARGV[3]), tonumber(ARGV[4])
if not live(now, ttl) then return -1 end
local count = #ARGV - 6
local last = redis.call('HINCRBY', KEYS[1], 'seq', count)
local first = last - count + 1
local added = 0
for i = 1, count do
  local json = ARGV[6 + i]
  redis.call('XADD', KEYS[2], '0-' .. (first + i - 1), 'a', json)
  added = added + #json
end
local bytes = redis.call('HINCRBY', KEYS[1], 'bytes', added)
local maxActivities, maxBytes = tonumber(ARGV[5]), tonumber(ARGV[6])
local length = redis.call('XLEN', KEYS[2])
while length > 1 and (length > maxActivities or bytes > maxBytes) do
  local oldest = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)[1]
  redis.call('XDEL', KEYS[2], oldest[1])
  bytes = redis.call('HINCRBY', KEYS[1], 'bytes', -#oldest[2][2])
  length = length - 1
end
touch(now, ttl)
return first`;

// ARGV: id, key base, now, ttl, watermark. -> false, or {seq, {id, {'a', json}}...}
const AFTER = `${LIVE}
local now, ttl = tonumber(ARGV[3]), tonumber(ARGV[4])
if not live(now, ttl) then return false end
touch(now, ttl)
return {redis.call('HGET', KEYS[1], 'seq'), redis.call('XRANGE', KEYS[2], '(0-' .. ARGV[5], '+')}`;

// ARGV: unused, key base, cutoff. -> how many forgotten
const SWEEP = `
local function forget(id)
  redis.call('DEL', ARGV[2] .. 'conv:' .. id, ARGV[2] .. 'acts:' .. id)
  redis.call('ZREM', KEYS[1], id)
end
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[3], 'LIMIT', 0, 1000)
for _, id in ipairs(ids) do forget(id) end
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
  private readonly lru: string;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly redis: RedisConnection,
    private readonly limits: RedisConversationStoreLimits,
    private readonly now: () => number = () => Date.now()
  ) {
    this.base = redis.key('dl', '');
    this.lru = redis.key('dl', 'lru');
    this.timer = setInterval(
      () => void this.sweep().catch(() => undefined),
      Math.min(60_000, Math.max(1000, limits.ttlMs / 4))
    );
    this.timer.unref();
  }

  private keys(id: string): string[] {
    return [`${this.base}conv:${id}`, `${this.base}acts:${id}`, this.lru];
  }

  private eval(script: string, id: string, args: (string | number)[]): Promise<unknown> {
    return this.redis.script(script, this.keys(id), [
      id,
      this.base,
      String(this.now()),
      String(this.limits.ttlMs),
      ...args.map(String)
    ]);
  }

  async create(init: { id: string; userId: string; locale?: string }): Promise<CreateOutcome> {
    const reply = (await this.eval(CREATE, init.id, [
      this.limits.maxConversations,
      this.limits.evictableAfterIdleMs,
      init.userId,
      init.locale ?? ''
    ])) as [string, unknown?];
    if (reply[0] === 'full') return { status: 'full' };
    return {
      status: reply[0] === 'exists' ? 'exists' : 'created',
      conversation: record(init.id, flat(reply[1]))
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
    const first = (await this.eval(APPEND, id, [
      this.limits.maxActivities,
      this.limits.maxBytes,
      ...bodies.map((body) => JSON.stringify(body))
    ])) as number;
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
    return (await this.redis.script(
      SWEEP,
      [this.lru],
      ['', this.base, String(this.now() - this.limits.ttlMs)]
    )) as number;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
  }
}
