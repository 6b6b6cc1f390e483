import type { Storage, StoreItems } from 'botbuilder';
import { StateAccessor, StateConflictError, stateKeys } from '../../src/bot/state';
import { BoundedMemoryStorage } from '../../src/storage/boundedMemoryStorage';
import { ABSENT_ETAG } from '../../src/storage/etag';
import { MemoryStorage } from 'botbuilder';

interface Profile {
  locale?: string;
}
interface Conversation {
  pending?: string[];
  locale?: string;
  count?: number;
}

/** A real storage that also records the calls made to it. */
function recordingStorage(inner: Storage = new BoundedMemoryStorage({ maxItems: 100, ttlMs: 60_000 })): {
  storage: Storage;
  reads: string[][];
  writes: StoreItems[];
} {
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
const CONVERSATION = 'webchat/conversations/c1';

describe('stateKeys', () => {
  it('uses the keys of botbuilder UserState and ConversationState', () => {
    expect(stateKeys(activity)).toEqual({ user: 'webchat/users/u1', conversation: CONVERSATION });
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

describe('StateAccessor', () => {
  it('reads both items in one call and writes nothing when nothing changed', async () => {
    const { storage, reads, writes } = recordingStorage();
    const accessor = new StateAccessor<Profile, Conversation>(storage);
    const state = await accessor.load(activity);
    expect(reads).toEqual([['webchat/users/u1', CONVERSATION]]);
    expect(state.profile).toEqual({});
    expect(state.conversation).toEqual({});
    await accessor.save(state);
    expect(writes).toEqual([]);
  });

  it('writes only what changed, in one call, with the eTag it read; the next turn reads it back', async () => {
    const { storage, writes } = recordingStorage();
    const accessor = new StateAccessor<Profile, Conversation>(storage);
    const first = await accessor.load(activity);
    first.updateConversation((c) => ({ ...c, pending: ['a', 'b'] }));
    expect(first.conversation.pending).toEqual(['a', 'b']);
    await accessor.save(first);
    // Read as absent: written create-only.
    expect(writes).toEqual([
      { [CONVERSATION]: { conversation: { pending: ['a', 'b'] }, eTag: ABSENT_ETAG } }
    ]);

    const second = await accessor.load(activity);
    expect(second.conversation.pending).toEqual(['a', 'b']);
    second.updateProfile((p) => ({ ...p, locale: 'zh-Hant' }));
    second.updateConversation((c) => ({ ...c, locale: 'zh-Hant' }));
    await accessor.save(second);
    const eTag = (await storage.read([CONVERSATION]))[CONVERSATION].eTag;
    expect(writes[1]).toEqual({
      'webchat/users/u1': { profile: { locale: 'zh-Hant' }, eTag: ABSENT_ETAG },
      [CONVERSATION]: { conversation: { pending: ['a', 'b'], locale: 'zh-Hant' }, eTag: expect.any(String) }
    });
    expect(writes[1]![CONVERSATION].eTag).not.toBe(eTag);
    // Saving again writes nothing: the change is stored.
    await accessor.save(second);
    expect(writes).toHaveLength(2);
    expect((await accessor.load(activity)).profile).toEqual({ locale: 'zh-Hant' });
  });

  it('two concurrent turns of one conversation both keep their change (no lost write)', async () => {
    const { storage, writes } = recordingStorage();
    const accessor = new StateAccessor<Profile, Conversation>(storage);
    const setup = await accessor.load(activity);
    setup.updateConversation(() => ({ count: 0 }));
    await accessor.save(setup);

    // Both turns read the same version, then each changes it.
    const [a, b] = await Promise.all([accessor.load(activity), accessor.load(activity)]);
    a.updateConversation((c) => ({ ...c, count: (c.count ?? 0) + 1, locale: 'en' }));
    b.updateConversation((c) => ({ ...c, count: (c.count ?? 0) + 1, pending: ['x'] }));
    await Promise.all([accessor.save(a), accessor.save(b)]);

    const stored = await accessor.load(activity);
    expect(stored.conversation).toEqual({ count: 2, locale: 'en', pending: ['x'] });
    // One of them conflicted and wrote again on top of the other's write.
    expect(writes.filter((w) => w[CONVERSATION])).toHaveLength(4);
  });

  it('two concurrent first turns of a new conversation both keep their change (create only)', async () => {
    const { storage, writes } = recordingStorage();
    const accessor = new StateAccessor<Profile, Conversation>(storage);
    // Neither turn finds any stored state.
    const [a, b] = await Promise.all([accessor.load(activity), accessor.load(activity)]);
    a.updateConversation((c) => ({ ...c, locale: 'en' }));
    b.updateConversation((c) => ({ ...c, pending: ['x'] }));
    await Promise.all([accessor.save(a), accessor.save(b)]);
    expect((await accessor.load(activity)).conversation).toEqual({ locale: 'en', pending: ['x'] });
    // The second creator conflicted, re-read the first one's item and wrote on top of it.
    expect(writes.filter((w) => w[CONVERSATION])).toHaveLength(3);
  });

  it("still works over botbuilder's MemoryStorage, which knows no create-only eTag", async () => {
    const accessor = new StateAccessor<Profile, Conversation>(new MemoryStorage());
    const first = await accessor.load(activity);
    first.updateProfile(() => ({ locale: 'zh-Hans' }));
    await accessor.save(first);
    const second = await accessor.load(activity);
    expect(second.profile).toEqual({ locale: 'zh-Hans' });
    second.updateProfile(() => ({ locale: 'en' }));
    await accessor.save(second);
    expect((await accessor.load(activity)).profile).toEqual({ locale: 'en' });
  });

  it('with eTag "*" (what BotState.saveChanges writes) the same two turns lose a write: the case above guards', async () => {
    const storage = new BoundedMemoryStorage({ maxItems: 10, ttlMs: 60_000 });
    await storage.write({ [CONVERSATION]: { conversation: { count: 0 } } });
    const [a, b] = await Promise.all([storage.read([CONVERSATION]), storage.read([CONVERSATION])]);
    await storage.write({
      [CONVERSATION]: { conversation: { count: a[CONVERSATION].conversation.count + 1 }, eTag: '*' }
    });
    await storage.write({
      [CONVERSATION]: { conversation: { count: b[CONVERSATION].conversation.count + 1 }, eTag: '*' }
    });
    expect((await storage.read([CONVERSATION]))[CONVERSATION].conversation.count).toBe(1);
  });

  it('many concurrent turns: every increment is kept', async () => {
    const accessor = new StateAccessor<Profile, Conversation>(
      new BoundedMemoryStorage({ maxItems: 10, ttlMs: 60_000 }),
      { maxAttempts: 20 }
    );
    const setup = await accessor.load(activity);
    setup.updateConversation(() => ({ count: 0 }));
    await accessor.save(setup);
    const turns = await Promise.all(Array.from({ length: 8 }, () => accessor.load(activity)));
    for (const turn of turns) turn.updateConversation((c) => ({ ...c, count: (c.count ?? 0) + 1 }));
    await Promise.all(turns.map((turn) => accessor.save(turn)));
    expect((await accessor.load(activity)).conversation.count).toBe(8);
  });

  it('fails with StateConflictError when other writes keep winning, and never writes over them', async () => {
    const inner = new BoundedMemoryStorage({ maxItems: 10, ttlMs: 60_000 });
    await inner.write({ [CONVERSATION]: { conversation: { count: 0 } } });
    // Another writer gets in before every write of ours.
    const storage: Storage = {
      read: (keys) => inner.read(keys),
      delete: (keys) => inner.delete(keys),
      write: async (changes) => {
        await inner.write({ [CONVERSATION]: { conversation: { count: 100 }, eTag: '*' } });
        return inner.write(changes);
      }
    };
    const accessor = new StateAccessor<Profile, Conversation>(storage, { maxAttempts: 3 });
    const state = await accessor.load(activity);
    state.updateConversation((c) => ({ ...c, locale: 'en' }));
    await expect(accessor.save(state)).rejects.toThrow(StateConflictError);
    expect((await inner.read([CONVERSATION]))[CONVERSATION].conversation).toEqual({ count: 100 });
  });

  it('passes on storage errors that are not conflicts', async () => {
    const storage: Storage = {
      read: async () => ({}),
      delete: async () => undefined,
      write: async () => {
        throw new Error('disk on fire');
      }
    };
    const accessor = new StateAccessor<Profile, Conversation>(storage);
    const state = await accessor.load(activity);
    state.updateProfile(() => ({ locale: 'en' }));
    await expect(accessor.save(state)).rejects.toThrow('disk on fire');
  });

  it('a conversation reset replaces what is stored', async () => {
    const accessor = new StateAccessor<Profile, Conversation>(recordingStorage().storage);
    const first = await accessor.load(activity);
    first.updateConversation(() => ({ pending: ['a'] }));
    await accessor.save(first);
    const second = await accessor.load(activity);
    second.updateConversation(() => ({}));
    await accessor.save(second);
    expect((await accessor.load(activity)).conversation).toEqual({});
  });

  it('an activity without ids gets empty state that is never stored', async () => {
    const { storage, reads, writes } = recordingStorage();
    const accessor = new StateAccessor<Profile, Conversation>(storage);
    const state = await accessor.load({ channelId: 'webchat' });
    expect(reads).toEqual([]);
    state.updateConversation(() => ({ pending: ['a'] }));
    state.updateProfile(() => ({ locale: 'en' }));
    await accessor.save(state);
    expect(writes).toEqual([]);
  });

  it('ignores stored items of the wrong shape instead of failing the turn', async () => {
    const { storage } = recordingStorage();
    await storage.write({
      'webchat/users/u1': { profile: 'not an object' },
      [CONVERSATION]: { conversation: ['an', 'array'] }
    });
    const state = await new StateAccessor<Profile, Conversation>(storage).load(activity);
    expect(state.profile).toEqual({});
    expect(state.conversation).toEqual({});
  });
});
