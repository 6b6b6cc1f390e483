/**
 * In-memory Bot Framework `Storage` with a ceiling: at most `maxItems` keys and `maxBytes` (keys and
 * items counted by their heap bytes), each forgotten after `ttlMs` without a read or write; past a
 * ceiling the least recently used go first. An item over `maxItemBytes` is refused. Unlike botbuilder's MemoryStorage it cannot grow without end as
 * new users and conversations arrive. Items are copied in and out (JSON); eTags follow the rules in
 * `etag.ts` (real compare-and-set; `'*'` or none: unconditional).
 */
import type { Storage, StoreItems } from 'botbuilder';
import { LRUCache } from 'lru-cache';
import { eTagAllowsWrite, eTagConflict } from './etag';
import { stringHeapBytes } from './heapBytes';
import { DEFAULT_STATE_MAX_ITEM_BYTES, StateItemTooLargeError } from './stateLimits';

export interface BoundedMemoryStorageOptions {
  maxItems: number;
  ttlMs: number;
  /** Bytes of keys and items together (STATE_MAX_BYTES); default 64 MB (the server passes its setting). */
  maxBytes?: number;
  /** Largest item (its JSON), in bytes; default 64 KB (ours are under 4 KB). */
  maxItemBytes?: number;
  now?: () => number;
}

/** Expired items are dropped when read, and all of them at most once a second on a write. */
const PURGE_INTERVAL_MS = 1000;

interface Slot {
  json: string;
  eTag: string;
  /** Heap bytes of the key and the JSON, plus the slot's own overhead. */
  cost: number;
}

export const DEFAULT_STATE_MAX_BYTES = 64 * 1024 * 1024;
/** Per item beyond its key and JSON: the slot object and the cache's entry. */
const SLOT_OVERHEAD_BYTES = 120;

export class BoundedMemoryStorage implements Storage {
  /** Least recently used first past maxItems or maxBytes; unused for ttlMs = gone. */
  private readonly slots: LRUCache<string, Slot>;
  private etag = 1;
  private nextPurgeMs = 0;
  private readonly maxBytes: number;
  private readonly maxItemBytes: number;
  private readonly now: () => number;

  constructor(options: BoundedMemoryStorageOptions) {
    if (!(options.maxItems >= 1)) throw new RangeError('maxItems must be at least 1');
    if (!(options.ttlMs >= 1)) throw new RangeError('ttlMs must be at least 1');
    this.now = options.now ?? Date.now;
    this.maxBytes = options.maxBytes ?? DEFAULT_STATE_MAX_BYTES;
    this.maxItemBytes = options.maxItemBytes ?? DEFAULT_STATE_MAX_ITEM_BYTES;
    this.slots = new LRUCache<string, Slot>({
      max: options.maxItems,
      maxSize: this.maxBytes,
      sizeCalculation: (slot) => slot.cost,
      ttl: options.ttlMs,
      updateAgeOnGet: true,
      // The clock as given (tests move it by hand), read afresh each time.
      perf: { now: this.now },
      ttlResolution: 0
    });
  }

  get size(): number {
    return this.slots.size;
  }

  /** Bytes held (what STATE_MAX_BYTES bounds). */
  get bytes(): number {
    return this.slots.calculatedSize;
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    for (const key of keys) {
      const slot = this.slots.get(key);
      if (slot) items[key] = JSON.parse(slot.json);
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    // Check every eTag first so a conflict leaves nothing half-written.
    const written: [string, Slot][] = [];
    for (const [key, item] of Object.entries(changes)) {
      const eTag = (item as { eTag?: unknown } | undefined)?.eTag;
      if (!eTagAllowsWrite(eTag, this.slots.peek(key)?.eTag)) throw eTagConflict(key);
      const newTag = String(this.etag++);
      const json = JSON.stringify({ ...(item as object), eTag: newTag });
      const cost = stringHeapBytes(key) + stringHeapBytes(json) + SLOT_OVERHEAD_BYTES;
      // An item over the whole budget would not be kept at all: refuse it rather than lose it.
      if (json.length > this.maxItemBytes || cost > this.maxBytes)
        throw new StateItemTooLargeError(key, json.length, Math.min(this.maxItemBytes, this.maxBytes));
      written.push([key, { json, eTag: newTag, cost }]);
    }
    for (const [key, slot] of written) this.slots.set(key, slot);
    const now = this.now();
    if (now >= this.nextPurgeMs) {
      this.nextPurgeMs = now + PURGE_INTERVAL_MS;
      this.slots.purgeStale();
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.slots.delete(key);
  }
}
