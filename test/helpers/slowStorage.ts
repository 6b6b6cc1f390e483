/** Bot state (bounded, in memory) whose reads can be made slow or failing: turns that outlive WeChat's window, or fail. */
import type { Storage, StoreItems } from 'botbuilder';
import { BoundedMemoryStorage } from '../../src/storage/boundedMemoryStorage';

export class SlowStorage implements Storage {
  delayMs = 0;
  failReads = false;
  private readonly inner = new BoundedMemoryStorage({ maxItems: 1000, ttlMs: 60_000 });
  async read(keys: string[]): Promise<StoreItems> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.failReads) throw new Error('state store failed');
    return this.inner.read(keys);
  }
  write(changes: StoreItems): Promise<void> {
    return this.inner.write(changes);
  }
  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}
