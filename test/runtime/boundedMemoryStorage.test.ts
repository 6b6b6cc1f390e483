import { ConversationState, TestAdapter, UserState } from 'botbuilder';
import { BoundedMemoryStorage } from '../../src/bot/state/boundedMemoryStorage';

describe('BoundedMemoryStorage', () => {
  it('reads back copies of what was written, with an eTag', async () => {
    const storage = new BoundedMemoryStorage({ maxItems: 10, ttlMs: 60_000 });
    const item = { locale: 'en', nested: { n: 1 } };
    await storage.write({ a: item });
    item.nested.n = 2;
    const read = await storage.read(['a', 'missing']);
    expect(read).toEqual({ a: { locale: 'en', nested: { n: 1 }, eTag: '1' } });
    read.a.nested.n = 3;
    expect((await storage.read(['a'])).a.nested.n).toBe(1);
  });

  it('refuses a write with a stale eTag and accepts "*" and the current one', async () => {
    const storage = new BoundedMemoryStorage({ maxItems: 10, ttlMs: 60_000 });
    await storage.write({ a: { v: 1 } });
    const { a } = await storage.read(['a']);
    await storage.write({ a: { ...a, v: 2 } });
    await expect(storage.write({ a: { ...a, v: 3 } })).rejects.toThrow(/eTag conflict/);
    expect((await storage.read(['a'])).a.v).toBe(2);
    await storage.write({ a: { v: 4, eTag: '*' } });
    expect((await storage.read(['a'])).a.v).toBe(4);
  });

  it('keeps at most maxItems, dropping the least recently used', async () => {
    const storage = new BoundedMemoryStorage({ maxItems: 3, ttlMs: 60_000 });
    await storage.write({ a: { v: 'a' }, b: { v: 'b' }, c: { v: 'c' } });
    await storage.read(['a']); // a is now the most recently used
    await storage.write({ d: { v: 'd' } });
    expect(Object.keys(await storage.read(['a', 'b', 'c', 'd'])).sort()).toEqual(['a', 'c', 'd']);
    for (let i = 0; i < 10_000; i++) await storage.write({ [`user-${i}`]: { v: i } });
    expect(storage.size).toBe(3);
  });

  it('forgets items unused for ttlMs', async () => {
    let now = 0;
    const storage = new BoundedMemoryStorage({ maxItems: 10, ttlMs: 1000, now: () => now });
    await storage.write({ a: { v: 1 }, b: { v: 2 } });
    now = 900;
    await storage.read(['a']);
    now = 1500;
    expect(Object.keys(await storage.read(['a', 'b']))).toEqual(['a']);
    await storage.write({ c: { v: 3 } });
    now = 2600;
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
