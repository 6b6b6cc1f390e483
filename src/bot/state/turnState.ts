/**
 * The bot's state for one turn: the user's profile and the conversation's data, read together in
 * one storage call and written back together in one, and only what the turn changed.
 *
 * Why not botbuilder's UserState + ConversationState: they read the two items separately and hash
 * each (JSON plus SHA-256) on read and again on save to find out whether it changed, which cost more
 * than answering the question. Here the bot says what it changed. Storage keys and item shapes are
 * the same as theirs (`{channelId}/users/{userId}` holding `{ profile }`, `{channelId}/conversations/
 * {conversationId}` holding `{ conversation }`), so any botbuilder `Storage` still plugs in.
 */
import type { Storage, StoreItems } from 'botbuilder';

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

/** One turn's view of the state: read once, changed in place, saved once. */
export class TurnState<Profile extends object, Conversation extends object> {
  private profileChanged = false;
  private conversationChanged = false;

  constructor(
    readonly keys: StateKeys,
    public profile: Profile,
    public conversation: Conversation
  ) {}

  /** Call after changing `profile`, so the change is saved. */
  markProfileChanged(): void {
    this.profileChanged = true;
  }

  /** Call after changing `conversation`, so the change is saved. */
  markConversationChanged(): void {
    this.conversationChanged = true;
  }

  /** Forgets everything about this conversation (the "restart" command). */
  resetConversation(empty: Conversation): void {
    this.conversation = empty;
    this.conversationChanged = true;
  }

  /** The storage writes this turn needs: only changed items that have a key. */
  changes(): StoreItems {
    const changes: StoreItems = {};
    // eTag '*': last writer wins, as botbuilder's BotState writes.
    if (this.profileChanged && this.keys.user) changes[this.keys.user] = { profile: this.profile, eTag: '*' };
    if (this.conversationChanged && this.keys.conversation)
      changes[this.keys.conversation] = { conversation: this.conversation, eTag: '*' };
    return changes;
  }

  /** After a save: nothing is pending any more. */
  markSaved(): void {
    this.profileChanged = false;
    this.conversationChanged = false;
  }
}

export class BotStateStore<Profile extends object, Conversation extends object> {
  constructor(private readonly storage: Storage) {}

  /**
   * Reads the user's and the conversation's state in one call. An activity without a user or
   * conversation id gets empty state that is never saved: it can still be answered.
   */
  async load(activity: StateAddress): Promise<TurnState<Profile, Conversation>> {
    const keys = stateKeys(activity);
    const wanted = [keys.user, keys.conversation].filter(nonEmpty);
    const items = wanted.length > 0 ? await this.storage.read(wanted) : {};
    const profile = plainObject(plainObject(keys.user ? items[keys.user] : undefined)?.profile);
    const conversation = plainObject(
      plainObject(keys.conversation ? items[keys.conversation] : undefined)?.conversation
    );
    return new TurnState<Profile, Conversation>(
      keys,
      (profile ?? {}) as Profile,
      (conversation ?? {}) as Conversation
    );
  }

  /** Writes what the turn changed, in one call; nothing when nothing changed. */
  async save(state: TurnState<Profile, Conversation>): Promise<void> {
    const changes = state.changes();
    if (Object.keys(changes).length === 0) return;
    await this.storage.write(changes);
    state.markSaved();
  }
}
