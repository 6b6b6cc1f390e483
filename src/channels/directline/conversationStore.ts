/**
 * Where Direct Line conversations and their activity streams live. The interface is async so a
 * shared store (Redis, a database) can replace the in-memory one for several server instances.
 */
import type { Activity } from 'botbuilder';

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
  | { status: 'exists'; conversation: ConversationRecord }
  | { status: 'full' };

export interface ActivityPage {
  activities: StreamActivity[];
  /** The watermark to ask from next time. */
  watermark: string;
}

export interface ConversationStore {
  create(init: { id: string; userId: string; locale?: string }): Promise<CreateOutcome>;
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

const EVICTABLE_AFTER_IDLE_MS = 60_000;

export interface MemoryStoreLimits {
  /** Idle time after which a conversation is forgotten, in milliseconds. */
  ttlMs: number;
  maxConversations: number;
  /** Activities kept per conversation; older ones are dropped (clients have long fetched them). */
  maxActivities: number;
  /** Bytes of activity JSON kept per conversation, same rule. */
  maxBytes: number;
}

interface Entry {
  record: ConversationRecord;
  activities: { seq: number; activity: StreamActivity; bytes: number }[];
  bytes: number;
  seq: number;
}

/**
 * Bounded in-memory store: at most `maxConversations`, each holding at most `maxActivities` /
 * `maxBytes` of recent activities, so memory stays bounded under a flood. Map order is
 * least-recently-used first, which makes the idle sweep stop at the first live conversation.
 */
export class MemoryConversationStore implements ConversationStore {
  private readonly entries = new Map<string, Entry>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly limits: MemoryStoreLimits,
    private readonly now: () => number = () => Date.now()
  ) {
    this.timer = setInterval(() => void this.sweep(), Math.min(60_000, Math.max(1000, limits.ttlMs / 4)));
    this.timer.unref();
  }

  get size(): number {
    return this.entries.size;
  }

  async create(init: { id: string; userId: string; locale?: string }): Promise<CreateOutcome> {
    const existing = this.touch(init.id);
    if (existing) return { status: 'exists', conversation: { ...existing.record } };
    if (this.entries.size >= this.limits.maxConversations) await this.sweep();
    if (this.entries.size >= this.limits.maxConversations && !this.evictQuietest()) return { status: 'full' };
    const now = this.now();
    const record: ConversationRecord = { ...init, createdMs: now, lastSeenMs: now };
    this.entries.set(init.id, { record, activities: [], bytes: 0, seq: 0 });
    return { status: 'created', conversation: { ...record } };
  }

  async get(id: string): Promise<ConversationRecord | undefined> {
    const entry = this.touch(id);
    return entry && { ...entry.record };
  }

  async append(id: string, activities: readonly Partial<Activity>[]): Promise<StreamActivity[] | undefined> {
    const entry = this.touch(id);
    if (!entry) return undefined;
    const stored = activities.map((activity) => {
      entry.seq += 1;
      const withId: StreamActivity = { ...activity, id: `${id}|${String(entry.seq).padStart(7, '0')}` };
      const bytes = Buffer.byteLength(JSON.stringify(withId));
      entry.activities.push({ seq: entry.seq, activity: withId, bytes });
      entry.bytes += bytes;
      return withId;
    });
    // Keep the newest one even if it alone is over the byte budget.
    while (
      entry.activities.length > 1 &&
      (entry.activities.length > this.limits.maxActivities || entry.bytes > this.limits.maxBytes)
    ) {
      entry.bytes -= entry.activities.shift()!.bytes;
    }
    return stored;
  }

  async activitiesAfter(id: string, watermark: number): Promise<ActivityPage | undefined> {
    const entry = this.touch(id);
    if (!entry) return undefined;
    const activities = entry.activities.filter((a) => a.seq > watermark).map((a) => a.activity);
    return { activities, watermark: String(entry.seq) };
  }

  async sweep(): Promise<number> {
    const cutoff = this.now() - this.limits.ttlMs;
    let removed = 0;
    for (const [id, entry] of this.entries) {
      if (entry.record.lastSeenMs > cutoff) break;
      this.entries.delete(id);
      removed++;
    }
    return removed;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.entries.clear();
  }

  /** Looks up a live conversation and moves it to the most-recently-used end. */
  /**
   * When full, the least recently seen conversation makes room if nobody has used it for a minute:
   * an open chat page polls every second, so a flood of abandoned conversations cannot lock real
   * users out for the whole TTL.
   */
  private evictQuietest(): boolean {
    const oldest = this.entries.entries().next().value;
    if (!oldest || oldest[1].record.lastSeenMs > this.now() - EVICTABLE_AFTER_IDLE_MS) return false;
    this.entries.delete(oldest[0]);
    return true;
  }

  private touch(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    const now = this.now();
    if (entry.record.lastSeenMs <= now - this.limits.ttlMs) {
      this.entries.delete(id);
      return undefined;
    }
    entry.record.lastSeenMs = now;
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry;
  }
}
