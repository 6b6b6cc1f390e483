/**
 * In-memory Bot Framework `Storage` with a ceiling: at most `maxItems` keys, each forgotten after
 * `ttlMs` without a read or write. Unlike botbuilder's MemoryStorage it cannot grow without end as
 * new users and conversations arrive. Items are copied in and out (JSON); eTags follow the rules in
 * `etag.ts` (real compare-and-set; `'*'` or none: unconditional).
 */
import type { Storage, StoreItems } from 'botbuilder';
import { eTagAllowsWrite, eTagConflict } from './etag';

export interface BoundedMemoryStorageOptions {
  maxItems: number;
  ttlMs: number;
  now?: () => number;
}

const SWEEP_INTERVAL_MS = 1000;

interface Slot {
  json: string;
  eTag: string;
  touchedMs: number;
}

export class BoundedMemoryStorage implements Storage {
  /** Map order is least recently used first. */
  private readonly slots = new Map<string, Slot>();
  private etag = 1;
  private nextSweepMs = 0;
  private readonly now: () => number;

  constructor(private readonly options: BoundedMemoryStorageOptions) {
    if (!(options.maxItems >= 1)) throw new RangeError('maxItems must be at least 1');
    if (!(options.ttlMs >= 1)) throw new RangeError('ttlMs must be at least 1');
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.slots.size;
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const now = this.now();
    const items: StoreItems = {};
    for (const key of keys) {
      const slot = this.live(key, now);
      if (!slot) continue;
      this.touch(key, slot, now);
      items[key] = JSON.parse(slot.json);
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const now = this.now();
    // Check every eTag first so a conflict leaves nothing half-written.
    for (const [key, item] of Object.entries(changes)) {
      const eTag = (item as { eTag?: unknown } | undefined)?.eTag;
      if (!eTagAllowsWrite(eTag, this.live(key, now)?.eTag)) throw eTagConflict(key);
    }
    for (const [key, item] of Object.entries(changes)) {
      const eTag = String(this.etag++);
      this.touch(key, { json: JSON.stringify({ ...(item as object), eTag }), eTag, touchedMs: now }, now);
    }
    this.evict(now);
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.slots.delete(key);
  }

  private live(key: string, now: number): Slot | undefined {
    const slot = this.slots.get(key);
    if (slot && now - slot.touchedMs >= this.options.ttlMs) {
      this.slots.delete(key);
      return undefined;
    }
    return slot;
  }

  private touch(key: string, slot: Slot, now: number): void {
    slot.touchedMs = now;
    this.slots.delete(key);
    this.slots.set(key, slot);
  }

  /**
   * Drops the least recently used past the ceiling, and expired items from the old end. The expiry
   * sweep runs at most once a second: iterating a Map from its start walks over the slots freed by
   * every delete-and-reinsert since V8 last compacted it, which made each write cost thousands of
   * steps. Reads check expiry themselves, so a late sweep never serves a stale item.
   */
  private evict(now: number): void {
    while (this.slots.size > this.options.maxItems) this.slots.delete(this.slots.keys().next().value!);
    if (now < this.nextSweepMs) return;
    this.nextSweepMs = now + SWEEP_INTERVAL_MS;
    for (const [key, slot] of this.slots) {
      if (now - slot.touchedMs < this.options.ttlMs) break;
      this.slots.delete(key);
    }
  }
}
