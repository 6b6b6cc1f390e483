/**
 * "Something happened in conversation X": how a WebSocket stream learns, at once, that the
 * conversation it serves has new activities, whichever instance stored them. The feed carries no
 * stored activities (streams read those from the conversation store after their watermark, so
 * nothing is skipped or doubled); it may carry ephemeral ones that are never stored (typing).
 * One contract, two implementations: in this process (below) and on Redis pub/sub.
 */
export type FeedListener<T> = (ephemeral: readonly T[]) => void;

export interface ActivityFeed<T = object> {
  /** Wakes every listener of the conversation, on every instance; `ephemeral` is delivered as is. */
  publish(conversationId: string, ephemeral?: readonly T[]): Promise<void>;
  /**
   * Listens to a conversation; returns the function that stops listening. Listeners are also
   * called (with no ephemeral activities) when the feed may have missed a wake-up, e.g. after a
   * reconnect, so they re-read the store.
   */
  subscribe(conversationId: string, listener: FeedListener<T>): () => void;
  close(): Promise<void>;
}

/** Listeners per conversation; shared by both implementations. */
export class FeedListeners<T> {
  private readonly byConversation = new Map<string, Set<FeedListener<T>>>();

  /** Adds a listener; `first` is true when it is the conversation's first. */
  add(conversationId: string, listener: FeedListener<T>): { first: boolean } {
    let set = this.byConversation.get(conversationId);
    const first = !set;
    if (!set) this.byConversation.set(conversationId, (set = new Set()));
    set.add(listener);
    return { first };
  }

  /** Removes a listener; `last` is true when the conversation has none left. */
  remove(conversationId: string, listener: FeedListener<T>): { last: boolean } {
    const set = this.byConversation.get(conversationId);
    if (!set || !set.delete(listener)) return { last: false };
    if (set.size > 0) return { last: false };
    this.byConversation.delete(conversationId);
    return { last: true };
  }

  deliver(conversationId: string, ephemeral: readonly T[]): void {
    for (const listener of this.byConversation.get(conversationId) ?? []) listener(ephemeral);
  }

  deliverAll(): void {
    for (const [id] of this.byConversation) this.deliver(id, []);
  }

  clear(): void {
    this.byConversation.clear();
  }
}

/** The feed of a single instance (no REDIS_URL): publishing calls the listeners directly. */
export class MemoryActivityFeed<T = object> implements ActivityFeed<T> {
  private readonly listeners = new FeedListeners<T>();

  async publish(conversationId: string, ephemeral: readonly T[] = []): Promise<void> {
    this.listeners.deliver(conversationId, ephemeral);
  }

  subscribe(conversationId: string, listener: FeedListener<T>): () => void {
    this.listeners.add(conversationId, listener);
    return () => void this.listeners.remove(conversationId, listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
