/**
 * In-memory Bot Framework `Storage` with a ceiling: at most `maxItems` keys and `maxBytes` (keys and
 * items counted by their heap bytes), each forgotten after `ttlMs` without a read or write; past a
 * ceiling the least recently used go first. An item over `maxItemBytes` is refused. Unlike botbuilder's MemoryStorage it cannot grow without end as
 * new users and conversations arrive. Items are copied in and out (JSON); eTags follow the rules in
 * `etag.ts` (real compare-and-set; `'*'` or none: unconditional).
 */
import type { Storage, StoreItems } from 'botbuilder';
import { eTagAllowsWrite, eTagConflict } from './etag';
import { stringHeapBytes } from './heapBytes';
import { DEFAULT_STATE_MAX_ITEM_BYTES, StateItemTooLargeError } from './stateLimits';

export interface BoundedMemoryStorageOptions {
  maxItems: number;
  ttlMs: number;
  /** Bytes of keys and items together (STATE_MAX_BYTES); default 64 MB. */
  maxBytes?: number;
  /** Largest item (its JSON), in bytes; default 64 KB (ours are under 4 KB). */
  maxItemBytes?: number;
  now?: () => number;
}

const SWEEP_INTERVAL_MS = 1000;

interface Slot {
  json: string;
  eTag: string;
  touchedMs: number;
  /** Heap bytes of the key and the JSON, plus the slot's own overhead. */
  cost: number;
}

export const DEFAULT_STATE_MAX_BYTES = 64 * 1024 * 1024;
/** Per item beyond its key and JSON: the slot object and the map entry. */
const SLOT_OVERHEAD_BYTES = 120;

export class BoundedMemoryStorage implements Storage {
  /** Map order is least recently used first. */
  private readonly slots = new Map<string, Slot>();
  private etag = 1;
  private nextSweepMs = 0;
  private totalBytes = 0;
  private readonly maxBytes: number;
  private readonly maxItemBytes: number;
  private readonly now: () => number;

  constructor(private readonly options: BoundedMemoryStorageOptions) {
    if (!(options.maxItems >= 1)) throw new RangeError('maxItems must be at least 1');
    if (!(options.ttlMs >= 1)) throw new RangeError('ttlMs must be at least 1');
    this.now = options.now ?? Date.now;
    this.maxBytes = options.maxBytes ?? DEFAULT_STATE_MAX_BYTES;
    this.maxItemBytes = options.maxItemBytes ?? DEFAULT_STATE_MAX_ITEM_BYTES;
  }

  get size(): number {
    return this.slots.size;
  }

  /** Bytes held (what STATE_MAX_BYTES bounds). */
  get bytes(): number {
    return this.totalBytes;
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
    const written: [string, Slot][] = [];
    for (const [key, item] of Object.entries(changes)) {
      const eTag = (item as { eTag?: unknown } | undefined)?.eTag;
      if (!eTagAllowsWrite(eTag, this.live(key, now)?.eTag)) throw eTagConflict(key);
      const newTag = String(this.etag++);
      const json = JSON.stringify({ ...(item as object), eTag: newTag });
      const cost = stringHeapBytes(key) + stringHeapBytes(json) + SLOT_OVERHEAD_BYTES;
      if (json.length > this.maxItemBytes)
        throw new StateItemTooLargeError(key, json.length, this.maxItemBytes);
      written.push([key, { json, eTag: newTag, touchedMs: now, cost }]);
    }
    for (const [key, slot] of written) {
      this.remove(key);
      this.totalBytes += slot.cost;
      this.touch(key, slot, now);
    }
    this.evict(now);
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.remove(key);
  }

  private remove(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    this.slots.delete(key);
    this.totalBytes -= slot.cost;
  }

  private live(key: string, now: number): Slot | undefined {
    const slot = this.slots.get(key);
    if (slot && now - slot.touchedMs >= this.options.ttlMs) {
      this.remove(key);
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
    while (
      this.slots.size > this.options.maxItems ||
      (this.totalBytes > this.maxBytes && this.slots.size > 1)
    )
      this.remove(this.slots.keys().next().value!);
    if (now < this.nextSweepMs) return;
    this.nextSweepMs = now + SWEEP_INTERVAL_MS;
    for (const [key, slot] of this.slots) {
      if (now - slot.touchedMs < this.options.ttlMs) break;
      this.remove(key);
    }
  }
}
