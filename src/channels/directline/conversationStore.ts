/**
 * Where Direct Line conversations and their activity streams live. The interface is async so a
 * shared store (Redis, a database) can replace the in-memory one for several server instances.
 */
import type { Activity } from 'botbuilder';
import { LRUCache } from 'lru-cache';
import { stringHeapBytes } from '../../storage/heapBytes';

export { stringHeapBytes };

/** An activity as delivered to clients: it always has an id. */
export type StreamActivity = Partial<Activity> & { id: string };

export interface ConversationRecord {
  id: string;
  userId: string;
  /** The language the page asked for when the conversation started (BCP-47), if any. */
  locale?: string;
  createdMs: number;
  lastSeenMs: number;
}

export type CreateOutcome =
  | { status: 'created'; conversation: ConversationRecord }
  | { status: 'exists'; conversation: ConversationRecord };

export interface ActivityPage {
  activities: StreamActivity[];
  /** The watermark to ask from next time. */
  watermark: string;
}

/** Why a conversation was ended before its TTL: its client held too much, or the store was full. */
export type EvictionReason = 'clientShare' | 'full';

/** Told of every conversation a store ends to make room (its streams are then closed as ended). */
export type EvictionListener = (reason: EvictionReason, conversationId: string) => void;

export interface ConversationStore {
  /**
   * Starts a conversation for `client` (the address it came from). Never refuses: when the store or
   * the client's share is full, the least recently used conversations end to make room.
   */
  create(init: { id: string; userId: string; locale?: string; client: string }): Promise<CreateOutcome>;
  /** The conversation, marking it as used now; undefined when unknown or evicted. */
  get(id: string): Promise<ConversationRecord | undefined>;
  /** Appends activities, giving each an id; returns them as stored, or undefined if the conversation is gone. */
  append(id: string, activities: readonly Partial<Activity>[]): Promise<StreamActivity[] | undefined>;
  /** Activities after `watermark` ('' = from the start); undefined if the conversation is gone. */
  activitiesAfter(id: string, watermark: number): Promise<ActivityPage | undefined>;
  /** Forgets conversations idle past the TTL; returns how many. */
  sweep(): Promise<number>;
  close(): Promise<void>;
}

export interface StoreLimits {
  /** Idle time after which a conversation is forgotten, in milliseconds. */
  ttlMs: number;
  maxConversations: number;
  /** Activities kept per conversation; older ones are dropped (clients have long fetched them). */
  maxActivities: number;
  /** Bytes of activities kept per conversation, same rule. */
  maxBytes: number;
  /** Bytes all conversations together may hold (DIRECTLINE_MAX_BYTES). */
  totalBytes: number;
  /** Share (0..1] of the conversations and of totalBytes one client address may hold. */
  clientShare: number;
}

/** What one client address may hold under `limits`. Pure. */
export function clientQuota(limits: StoreLimits): { conversations: number; bytes: number } {
  return {
    conversations: Math.max(1, Math.floor(limits.maxConversations * limits.clientShare)),
    bytes: Math.max(limits.maxBytes, Math.floor(limits.totalBytes * limits.clientShare))
  };
}

/** Per stored activity beyond its JSON: the string header, the entry object, the array slot. */
export const ACTIVITY_OVERHEAD_BYTES = 96;
/** Per conversation beyond its activities: record, map entries, the client's set. */
export const CONVERSATION_OVERHEAD_BYTES = 512;

interface StoredActivity {
  seq: number;
  /** The activity as it is sent (JSON with its id): its real cost, and no object graph to keep. */
  json: string;
  cost: number;
}

interface Entry {
  record: ConversationRecord;
  client: string;
  activities: StoredActivity[];
  /** Cost of the kept activities plus the conversation's own overhead. */
  bytes: number;
  seq: number;
}

interface ClientUsage {
  /** The client's conversations, least recently used first (its own LRU order, for its share). */
  ids: Set<string>;
  bytes: number;
}

/**
 * Bounded in-memory store, bounded by size: each activity is kept as the JSON it is sent as and
 * counted by its heap bytes; each conversation keeps at most `maxActivities` / `maxBytes`; all
 * together at most `maxConversations` / `totalBytes` (an `lru-cache` with `max` and `maxSize`), and
 * one client address at most its share of both. Past a limit the least recently used conversation
 * ends (the client's own first when the client is over its share), so a full store never turns a
 * new visitor away.
 *
 * lru-cache knows one recency order and one size; the share rule needs each client's own oldest
 * conversation, so `clients` keeps each client's ids in their own LRU order (a Set, moved to the end
 * on use) and bytes, maintained here on use and from the cache's `disposeAfter` on every removal.
 * The idle TTL is checked here, not with lru-cache's `ttl`: a conversation idle for exactly `ttlMs`
 * is gone (lru-cache keeps it until strictly past), and the sweep before a create stops at the first
 * live conversation instead of scanning the whole cache.
 */
export class MemoryConversationStore implements ConversationStore {
  /** Least recently used first; past `max` or `maxSize` the cache ends the oldest (reason 'full'). */
  private readonly entries: LRUCache<string, Entry>;
  private readonly clients = new Map<string, ClientUsage>();
  private readonly quota: { conversations: number; bytes: number };
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly limits: StoreLimits,
    private readonly now: () => number = () => Date.now(),
    private readonly onEvict: EvictionListener = () => undefined
  ) {
    this.quota = clientQuota(limits);
    this.entries = new LRUCache<string, Entry>({
      max: limits.maxConversations,
      maxSize: limits.totalBytes,
      // A conversation alone over the total counts as the whole total: the cache then ends all the
      // others, and keeps the one being written (as it must), instead of refusing it.
      sizeCalculation: (entry) => Math.min(entry.bytes, limits.totalBytes),
      // After the entry is fully removed, so a listener may use the store again.
      disposeAfter: (entry, id, reason) => {
        this.release(entry, id);
        if (reason === 'evict') this.onEvict('full', id);
      }
    });
    this.timer = setInterval(() => void this.sweep(), Math.min(60_000, Math.max(1000, limits.ttlMs / 4)));
    this.timer.unref();
  }

  async create(init: {
    id: string;
    userId: string;
    locale?: string;
    client: string;
  }): Promise<CreateOutcome> {
    const existing = this.touch(init.id);
    if (existing) return { status: 'exists', conversation: { ...existing.record } };
    if (this.entries.size >= this.limits.maxConversations) await this.sweep();
    const now = this.now();
    const record: ConversationRecord = {
      id: init.id,
      userId: init.userId,
      ...(init.locale ? { locale: init.locale } : {}),
      createdMs: now,
      lastSeenMs: now
    };
    const entry: Entry = { record, client: init.client, activities: [], bytes: 0, seq: 0 };
    const usage = this.clients.get(init.client) ?? { ids: new Set<string>(), bytes: 0 };
    this.clients.set(init.client, usage);
    usage.ids.add(init.id);
    this.account(entry, CONVERSATION_OVERHEAD_BYTES);
    this.store(entry);
    return { status: 'created', conversation: { ...record } };
  }

  async get(id: string): Promise<ConversationRecord | undefined> {
    const entry = this.touch(id);
    return entry && { ...entry.record };
  }

  async append(id: string, activities: readonly Partial<Activity>[]): Promise<StreamActivity[] | undefined> {
    const entry = this.touch(id);
    if (!entry) return undefined;
    let added = 0;
    const stored = activities.map((activity) => {
      entry.seq += 1;
      const withId: StreamActivity = { ...activity, id: `${id}|${String(entry.seq).padStart(7, '0')}` };
      const json = JSON.stringify(withId);
      const cost = stringHeapBytes(json) + ACTIVITY_OVERHEAD_BYTES;
      entry.activities.push({ seq: entry.seq, json, cost });
      added += cost;
      return withId;
    });
    this.account(entry, added);
    // Keep the newest one even if it alone is over the byte budget.
    while (
      entry.activities.length > 1 &&
      (entry.activities.length > this.limits.maxActivities ||
        entry.bytes - CONVERSATION_OVERHEAD_BYTES > this.limits.maxBytes)
    ) {
      this.account(entry, -entry.activities.shift()!.cost);
    }
    this.store(entry);
    return stored;
  }

  async activitiesAfter(id: string, watermark: number): Promise<ActivityPage | undefined> {
    const entry = this.touch(id);
    if (!entry) return undefined;
    const activities = entry.activities
      .filter((a) => a.seq > watermark)
      .map((a) => JSON.parse(a.json) as StreamActivity);
    return { activities, watermark: String(entry.seq) };
  }

  async sweep(): Promise<number> {
    const cutoff = this.now() - this.limits.ttlMs;
    const idle: string[] = [];
    // Least recently used first = least recently seen first: stop at the first live one.
    for (const id of this.entries.rkeys()) {
      if (this.entries.peek(id)!.record.lastSeenMs > cutoff) break;
      idle.push(id);
    }
    for (const id of idle) this.entries.delete(id);
    return idle.length;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.entries.clear();
  }

  private account(entry: Entry, bytes: number): void {
    entry.bytes += bytes;
    const usage = this.clients.get(entry.client);
    if (usage) usage.bytes += bytes;
  }

  /**
   * Stores `entry` (just created or written) at its new size. A client over its share first loses
   * its own oldest conversations, so one address flooding the store churns only itself; then the
   * cache ends the oldest of anyone while over the total limits. `entry` itself always stays.
   */
  private store(entry: Entry): void {
    const usage = this.clients.get(entry.client);
    while (usage && (usage.ids.size > this.quota.conversations || usage.bytes > this.quota.bytes)) {
      const oldest = usage.ids.values().next().value;
      if (oldest === undefined || oldest === entry.record.id) break;
      this.entries.delete(oldest);
      this.onEvict('clientShare', oldest);
    }
    this.entries.set(entry.record.id, entry);
  }

  /** Called for every conversation the cache drops, whatever the reason. */
  private release(entry: Entry, id: string): void {
    const usage = this.clients.get(entry.client);
    if (!usage) return;
    usage.ids.delete(id);
    usage.bytes -= entry.bytes;
    if (usage.ids.size === 0) this.clients.delete(entry.client);
  }

  /** Looks up a live conversation and moves it to the most-recently-used end (its client's too). */
  private touch(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    const now = this.now();
    if (entry.record.lastSeenMs <= now - this.limits.ttlMs) {
      this.entries.delete(id);
      return undefined;
    }
    entry.record.lastSeenMs = now;
    const ids = this.clients.get(entry.client)?.ids;
    if (ids) {
      ids.delete(id);
      ids.add(id);
    }
    return entry;
  }
}
