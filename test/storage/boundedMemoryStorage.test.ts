import { ConversationState, TestAdapter, UserState } from 'botbuilder';
import { BoundedMemoryStorage } from '../../src/storage/boundedMemoryStorage';
import { describeStorageContract } from '../helpers/storageContract';

describeStorageContract(
  'BoundedMemoryStorage',
  () => new BoundedMemoryStorage({ maxItems: 100, ttlMs: 60_000 })
);

describe('BoundedMemoryStorage', () => {
  it('keeps at most maxItems, dropping the least recently used', async () => {
    const storage = new BoundedMemoryStorage({ maxItems: 3, ttlMs: 60_000 });
    await storage.write({ a: { v: 'a' }, b: { v: 'b' }, c: { v: 'c' } });
    await storage.read(['a']); // a is now the most recently used
    await storage.write({ d: { v: 'd' } });
    expect(Object.keys(await storage.read(['a', 'b', 'c', 'd'])).sort()).toEqual(['a', 'c', 'd']);
    for (let i = 0; i < 10_000; i++) await storage.write({ [`user-${i}`]: { v: i } });
    const all = ['a', 'c', 'd', ...Array.from({ length: 10_000 }, (_, i) => `user-${i}`)];
    expect(Object.keys(await storage.read(all))).toEqual(['user-9997', 'user-9998', 'user-9999']);
  });

  it('forgets items unused for ttlMs', async () => {
    const start = 1_700_000_000_000; // a real clock's value (lru-cache reads a start of 0 as "no time")
    let now = start;
    const storage = new BoundedMemoryStorage({ maxItems: 10, ttlMs: 1000, now: () => now });
    await storage.write({ a: { v: 1 }, b: { v: 2 } });
    now = start + 900;
    await storage.read(['a']);
    now = start + 1500;
    expect(Object.keys(await storage.read(['a', 'b']))).toEqual(['a']);
    await storage.write({ c: { v: 3 } });
    now = start + 2600;
    await storage.write({ d: { v: 4 } }); // expired items are swept on write
    expect(storage.size).toBe(1);
  });

  it('deletes keys and rejects bad options', async () => {
    const storage = new BoundedMemoryStorage({ maxItems: 10, ttlMs: 1000 });
    await storage.write({ a: { v: 1 } });
    await storage.delete(['a']);
    expect(await storage.read(['a'])).toEqual({});
    expect(() => new BoundedMemoryStorage({ maxItems: 0, ttlMs: 1 })).toThrow(RangeError);
  });

  it('works as the storage of UserState and ConversationState in a real turn', async () => {
    const storage = new BoundedMemoryStorage({ maxItems: 100, ttlMs: 60_000 });
    const userState = new UserState(storage);
    const conversationState = new ConversationState(storage);
    const count = userState.createProperty<number>('count');
    const turns = conversationState.createProperty<number>('turns');
    const adapter = new TestAdapter(async (context) => {
      const n = (await count.get(context, 0)) + 1;
      await count.set(context, n);
      await turns.set(context, (await turns.get(context, 0)) + 1);
      await context.sendActivity(`n=${n}`);
      await userState.saveChanges(context);
      await conversationState.saveChanges(context);
    });
    await adapter.send('hi').assertReply('n=1').send('again').assertReply('n=2').startTest();
    expect(storage.size).toBe(2);
  });
});
