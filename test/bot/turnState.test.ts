import type { Storage, StoreItems } from 'botbuilder';
import { BoundedMemoryStorage } from '../../src/bot/state/boundedMemoryStorage';
import { BotStateStore, stateKeys } from '../../src/bot/state/turnState';

interface Profile {
  locale?: string;
}
interface Conversation {
  pending?: string[];
}

/** A real storage that also records the calls made to it. */
function recordingStorage(): { storage: Storage; reads: string[][]; writes: StoreItems[] } {
  const inner = new BoundedMemoryStorage({ maxItems: 100, ttlMs: 60_000 });
  const reads: string[][] = [];
  const writes: StoreItems[] = [];
  const storage: Storage = {
    read: (keys) => {
      reads.push(keys);
      return inner.read(keys);
    },
    write: (changes) => {
      writes.push(JSON.parse(JSON.stringify(changes)) as StoreItems);
      return inner.write(changes);
    },
    delete: (keys) => inner.delete(keys)
  };
  return { storage, reads, writes };
}

const activity = { channelId: 'webchat', from: { id: 'u1' }, conversation: { id: 'c1' } };

describe('stateKeys', () => {
  it('uses the keys of botbuilder UserState and ConversationState', () => {
    expect(stateKeys(activity)).toEqual({
      user: 'webchat/users/u1',
      conversation: 'webchat/conversations/c1'
    });
  });

  it('leaves out a key whose id is missing, empty or not a string', () => {
    expect(stateKeys({ channelId: 'x', from: { id: '' }, conversation: { id: 42 } })).toEqual({
      user: undefined,
      conversation: undefined
    });
    expect(stateKeys({ channelId: 'x', from: null, conversation: { id: 'c' } })).toEqual({
      user: undefined,
      conversation: 'x/conversations/c'
    });
    expect(stateKeys({ from: { id: 'u' }, conversation: { id: 'c' } })).toEqual({});
  });
});

describe('BotStateStore', () => {
  it('reads both items in one call and writes nothing when nothing changed', async () => {
    const { storage, reads, writes } = recordingStorage();
    const store = new BotStateStore<Profile, Conversation>(storage);
    const state = await store.load(activity);
    expect(reads).toEqual([['webchat/users/u1', 'webchat/conversations/c1']]);
    expect(state.profile).toEqual({});
    expect(state.conversation).toEqual({});
    await store.save(state);
    expect(writes).toEqual([]);
  });

  it('writes only what was marked changed, and the next turn reads it back', async () => {
    const { storage, writes } = recordingStorage();
    const store = new BotStateStore<Profile, Conversation>(storage);
    const first = await store.load(activity);
    first.conversation.pending = ['a', 'b'];
    first.markConversationChanged();
    await store.save(first);
    expect(Object.keys(writes[0]!)).toEqual(['webchat/conversations/c1']);

    const second = await store.load(activity);
    expect(second.conversation.pending).toEqual(['a', 'b']);
    second.profile.locale = 'zh-Hant';
    second.markProfileChanged();
    await store.save(second);
    expect(Object.keys(writes[1]!)).toEqual(['webchat/users/u1']);
    // Saving again writes nothing: the change is stored.
    await store.save(second);
    expect(writes).toHaveLength(2);

    const third = await store.load(activity);
    expect(third.profile).toEqual({ locale: 'zh-Hant' });
  });

  it('resetConversation forgets the conversation and saves the empty state', async () => {
    const { storage } = recordingStorage();
    const store = new BotStateStore<Profile, Conversation>(storage);
    const first = await store.load(activity);
    first.conversation.pending = ['a'];
    first.markConversationChanged();
    await store.save(first);
    const second = await store.load(activity);
    second.resetConversation({});
    await store.save(second);
    expect((await store.load(activity)).conversation).toEqual({});
  });

  it('an activity without ids gets empty state that is never stored', async () => {
    const { storage, reads, writes } = recordingStorage();
    const store = new BotStateStore<Profile, Conversation>(storage);
    const state = await store.load({ channelId: 'webchat' });
    expect(reads).toEqual([]);
    state.conversation.pending = ['a'];
    state.markConversationChanged();
    state.markProfileChanged();
    await store.save(state);
    expect(writes).toEqual([]);
  });

  it('ignores stored items of the wrong shape instead of failing the turn', async () => {
    const { storage } = recordingStorage();
    await storage.write({
      'webchat/users/u1': { profile: 'not an object' },
      'webchat/conversations/c1': { conversation: ['an', 'array'] }
    });
    const state = await new BotStateStore<Profile, Conversation>(storage).load(activity);
    expect(state.profile).toEqual({});
    expect(state.conversation).toEqual({});
  });
});
