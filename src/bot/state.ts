/**
 * The bot's state, through botbuilder's `Storage` contract: the user's profile and the
 * conversation's data, read together once per turn and written together once at its end, with
 * real eTags.
 *
 * Why not botbuilder's UserState + ConversationState: their `saveChanges` writes with eTag `'*'`,
 * so of two turns of one conversation running at once (two browser tabs, two server instances
 * sharing Redis) the later silently overwrites what the earlier stored. Here a turn records its
 * changes as functions of the stored value (`updateConversation(c => ({ ...c, locale }))`) and
 * writes with the eTags it read; when another turn wrote first, the write conflicts, the accessor
 * reads the fresh items, applies the same changes to them and writes again (up to `maxAttempts`),
 * so both turns' changes are kept. If it still conflicts, saving fails with `StateConflictError`
 * (the turn's error handler answers) rather than dropping a change.
 *
 * Storage keys and item shapes are UserState's and ConversationState's
 * (`{channelId}/users/{userId}` holding `{ profile }`, `{channelId}/conversations/{conversationId}`
 * holding `{ conversation }`), so any botbuilder `Storage` plugs in. State read as absent is written
 * with `ABSENT_ETAG` (create only): the contract has no such eTag, so this project's stores
 * (storage/etag.ts) refuse it when another turn created the item first, and botbuilder's own stores
 * simply create the item (unguarded, as they would be anyway).
 */
import type { Storage, StoreItem, StoreItems, TurnContext } from 'botbuilder';
import { ABSENT_ETAG, isETagConflict } from '../storage/etag';

/** Where an activity's state lives; a key is missing when the activity lacks the ids it needs. */
export interface StateKeys {
  user?: string;
  conversation?: string;
}

/** What identifies an activity's user and conversation; a structural subset of Bot Framework's Activity. */
export interface StateAddress {
  channelId?: unknown;
  from?: { id?: unknown } | null;
  conversation?: { id?: unknown } | null;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** The storage keys botbuilder's UserState and ConversationState would use. Pure. */
export function stateKeys(activity: StateAddress): StateKeys {
  const channel = activity.channelId;
  if (!nonEmpty(channel)) return {};
  const userId = activity.from?.id;
  const conversationId = activity.conversation?.id;
  return {
    user: nonEmpty(userId) ? `${channel}/users/${userId}` : undefined,
    conversation: nonEmpty(conversationId) ? `${channel}/conversations/${conversationId}` : undefined
  };
}

function plainObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A change to one part of the state: a pure function from the stored value to the new one. */
export type StateChange<T> = (current: T) => T;

/** Saving kept conflicting with other turns' writes. */
export class StateConflictError extends Error {
  constructor(attempts: number) {
    super(`State changed by other turns ${attempts} times while saving; this turn's change was not saved`);
    this.name = 'StateConflictError';
  }
}

/** One part of the state (profile or conversation) as this turn sees it. */
class Part<T extends object> {
  readonly changes: StateChange<T>[] = [];
  constructor(
    readonly key: string | undefined,
    readonly field: 'profile' | 'conversation',
    public value: T,
    public eTag: string | undefined
  ) {}

  /** Takes the stored item (or none) as the new base. */
  rebase(item: StoreItem | undefined): void {
    this.value = (plainObject(item?.[this.field]) ?? {}) as T;
    this.eTag = typeof item?.eTag === 'string' ? item.eTag : undefined;
    for (const change of this.changes) this.value = change(this.value);
  }

  /** The changes are stored: nothing left to write. */
  saved(): void {
    this.changes.length = 0;
  }
}

/** One turn's view of the state: read once, changed through `update*`, saved once. */
export class TurnState<Profile extends object, Conversation extends object> {
  /** @internal */ readonly parts: { profile: Part<Profile>; conversation: Part<Conversation> };

  constructor(keys: StateKeys, items: StoreItems) {
    const profile = new Part<Profile>(keys.user, 'profile', {} as Profile, undefined);
    const conversation = new Part<Conversation>(
      keys.conversation,
      'conversation',
      {} as Conversation,
      undefined
    );
    profile.rebase(keys.user ? items[keys.user] : undefined);
    conversation.rebase(keys.conversation ? items[keys.conversation] : undefined);
    this.parts = { profile, conversation };
  }

  get profile(): Readonly<Profile> {
    return this.parts.profile.value;
  }

  get conversation(): Readonly<Conversation> {
    return this.parts.conversation.value;
  }

  /** Changes the user's profile now and at saving (applied again to fresh state after a conflict). */
  updateProfile(change: StateChange<Profile>): void {
    this.record(this.parts.profile, change);
  }

  /** Changes the conversation's data now and at saving (applied again to fresh state after a conflict). */
  updateConversation(change: StateChange<Conversation>): void {
    this.record(this.parts.conversation, change);
  }

  private record<T extends object>(part: Part<T>, change: StateChange<T>): void {
    part.value = change(part.value);
    part.changes.push(change);
  }
}

/** What saving needs of a Part, whatever its type. */
interface SavablePart {
  readonly field: string;
  readonly value: object;
  readonly eTag: string | undefined;
  rebase(item: StoreItem | undefined): void;
  saved(): void;
}

interface SavedPart {
  key: string;
  part: SavablePart;
}

export interface StateAccessorOptions {
  /**
   * Writes tried before giving up with StateConflictError (default 4). Every conflict means another
   * turn's write won, and a turn that has won writes no more, so of n turns saving at once each
   * needs at most n attempts: 4 covers a visitor's double clicks and a few tabs of one chat.
   */
  maxAttempts?: number;
}

/**
 * Reads and writes `TurnState` for turns. `forTurn` loads once per turn and keeps the state on the
 * TurnContext (as botbuilder's BotState does); `saveChanges` writes what the turn changed.
 */
export class StateAccessor<Profile extends object, Conversation extends object> {
  private readonly cacheKey = Symbol('StateAccessor.turnState');
  private readonly maxAttempts: number;

  constructor(
    private readonly storage: Storage,
    options: StateAccessorOptions = {}
  ) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  }

  /** The turn's state, read from storage on first use in the turn. */
  async forTurn(context: TurnContext): Promise<TurnState<Profile, Conversation>> {
    let state = context.turnState.get(this.cacheKey) as TurnState<Profile, Conversation> | undefined;
    if (!state) {
      state = await this.load(context.activity);
      context.turnState.set(this.cacheKey, state);
    }
    return state;
  }

  /** Saves what the turn changed, if it loaded state at all. */
  async saveChanges(context: TurnContext): Promise<void> {
    const state = context.turnState.get(this.cacheKey) as TurnState<Profile, Conversation> | undefined;
    if (state) await this.save(state);
  }

  /** Reads the user's and the conversation's state in one call (none for an activity without ids). */
  async load(activity: StateAddress): Promise<TurnState<Profile, Conversation>> {
    const keys = stateKeys(activity);
    const wanted = [keys.user, keys.conversation].filter(nonEmpty);
    return new TurnState<Profile, Conversation>(
      keys,
      wanted.length > 0 ? await this.storage.read(wanted) : {}
    );
  }

  /** Writes the changed parts in one call, with their eTags; on a conflict re-reads, re-applies, retries. */
  async save(state: TurnState<Profile, Conversation>): Promise<void> {
    const parts: SavedPart[] = [];
    for (const part of [state.parts.profile, state.parts.conversation])
      if (part.key !== undefined && part.changes.length > 0) parts.push({ key: part.key, part });
    if (parts.length === 0) return;
    for (let attempt = 1; ; attempt++) {
      const changes: StoreItems = {};
      for (const { key, part } of parts)
        changes[key] = { [part.field]: part.value, eTag: part.eTag ?? ABSENT_ETAG };
      try {
        await this.storage.write(changes);
        for (const { part } of parts) part.saved();
        return;
      } catch (error) {
        if (!isETagConflict(error)) throw error;
        if (attempt >= this.maxAttempts) throw new StateConflictError(attempt);
      }
      const fresh = await this.storage.read(parts.map(({ key }) => key));
      for (const { key, part } of parts) part.rebase(fresh[key]);
    }
  }
}
