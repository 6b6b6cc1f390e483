/**
 * The contract every state `Storage` here must keep (the rules in src/storage/etag.ts), as a jest
 * suite any implementation can run: `describeStorageContract('Redis', () => makeRedisStorage())`.
 * `create` gets a fresh, empty store per test; `cleanup` (optional) runs after each.
 */
import type { Storage } from 'botbuilder';
import { ABSENT_ETAG } from '../../src/storage/etag';

export function describeStorageContract(
  name: string,
  create: () => Storage | Promise<Storage>,
  cleanup?: (storage: Storage) => void | Promise<void>
): void {
  describe(`${name}: the Storage contract`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await create();
    });
    afterEach(async () => {
      await cleanup?.(storage);
    });

    const key = (suffix: string) => `contract/${suffix}`;

    it('reads back a copy of what was written, with an eTag, and nothing for unknown keys', async () => {
      const item = { locale: 'en', nested: { n: 1, list: ['a', 'b'] } };
      await storage.write({ [key('a')]: item });
      item.nested.n = 2;
      const read = await storage.read([key('a'), key('missing')]);
      expect(Object.keys(read)).toEqual([key('a')]);
      expect(read[key('a')]).toMatchObject({ locale: 'en', nested: { n: 1, list: ['a', 'b'] } });
      expect(typeof read[key('a')].eTag).toBe('string');
      expect(read[key('a')].eTag).not.toBe('*');
      read[key('a')].nested.n = 3;
      expect((await storage.read([key('a')]))[key('a')].nested.n).toBe(1);
    });

    it('gives every write a new eTag', async () => {
      await storage.write({ [key('a')]: { v: 1 } });
      const first = (await storage.read([key('a')]))[key('a')].eTag as string;
      await storage.write({ [key('a')]: { v: 2 } });
      const second = (await storage.read([key('a')]))[key('a')].eTag as string;
      expect(second).not.toBe(first);
    });

    it('writes with the current eTag, and refuses a stale one with the eTag-conflict error, writing nothing', async () => {
      await storage.write({ [key('a')]: { v: 1 } });
      const read = (await storage.read([key('a')]))[key('a')];
      await storage.write({ [key('a')]: { ...read, v: 2 } });
      await expect(storage.write({ [key('a')]: { ...read, v: 3 } })).rejects.toThrow(
        `Storage: error writing "${key('a')}" due to eTag conflict.`
      );
      expect((await storage.read([key('a')]))[key('a')].v).toBe(2);
    });

    it('a conflict on one key of a write leaves the other keys of that write unwritten', async () => {
      await storage.write({ [key('a')]: { v: 1 }, [key('b')]: { v: 1 } });
      const stale = (await storage.read([key('a')]))[key('a')];
      await storage.write({ [key('a')]: { v: 2 } });
      await expect(
        storage.write({ [key('b')]: { v: 'changed', eTag: '*' }, [key('a')]: { ...stale, v: 3 } })
      ).rejects.toThrow(/eTag conflict/);
      const after = await storage.read([key('a'), key('b')]);
      expect(after[key('a')].v).toBe(2);
      expect(after[key('b')].v).toBe(1);
    });

    it("writes unconditionally with eTag '*' or none", async () => {
      await storage.write({ [key('a')]: { v: 1 } });
      await storage.write({ [key('a')]: { v: 2, eTag: '*' } });
      expect((await storage.read([key('a')]))[key('a')].v).toBe(2);
      await storage.write({ [key('a')]: { v: 3 } });
      expect((await storage.read([key('a')]))[key('a')].v).toBe(3);
    });

    it('refuses an eTag for an item that is no longer stored (compare-and-set, not create)', async () => {
      await storage.write({ [key('a')]: { v: 1 } });
      const read = (await storage.read([key('a')]))[key('a')];
      await storage.delete([key('a')]);
      await expect(storage.write({ [key('a')]: { ...read, v: 2 } })).rejects.toThrow(/eTag conflict/);
      expect(await storage.read([key('a')])).toEqual({});
    });

    it('creates with ABSENT_ETAG only where no item is stored; of two such creators exactly one wins', async () => {
      await storage.write({ [key('a')]: { v: 1, eTag: ABSENT_ETAG } });
      expect((await storage.read([key('a')]))[key('a')]).toMatchObject({ v: 1, eTag: expect.any(String) });
      expect((await storage.read([key('a')]))[key('a')].eTag).not.toBe(ABSENT_ETAG);
      await expect(storage.write({ [key('a')]: { v: 2, eTag: ABSENT_ETAG } })).rejects.toThrow(
        /eTag conflict/
      );
      expect((await storage.read([key('a')]))[key('a')].v).toBe(1);
      const outcomes = await Promise.allSettled(
        [1, 2, 3].map((v) => storage.write({ [key('b')]: { v, eTag: ABSENT_ETAG } }))
      );
      const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i + 1] : []));
      expect(won).toHaveLength(1);
      expect((await storage.read([key('b')]))[key('b')].v).toBe(won[0]);
      // Gone again, it may be created again.
      await storage.delete([key('a')]);
      await storage.write({ [key('a')]: { v: 3, eTag: ABSENT_ETAG } });
      expect((await storage.read([key('a')]))[key('a')].v).toBe(3);
    });

    it('of two concurrent writers with the same eTag, exactly one wins', async () => {
      await storage.write({ [key('a')]: { v: 0 } });
      const read = (await storage.read([key('a')]))[key('a')];
      const outcomes = await Promise.allSettled(
        [1, 2, 3, 4].map((v) => storage.write({ [key('a')]: { ...read, v } }))
      );
      const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i + 1] : []));
      expect(won).toHaveLength(1);
      expect((await storage.read([key('a')]))[key('a')].v).toBe(won[0]);
    });

    it('deletes keys, and deleting an unknown key is no error', async () => {
      await storage.write({ [key('a')]: { v: 1 }, [key('b')]: { v: 2 } });
      await storage.delete([key('a'), key('never')]);
      expect(Object.keys(await storage.read([key('a'), key('b')]))).toEqual([key('b')]);
    });

    it('keeps keys with unusual characters apart', async () => {
      const keys = ['webchat/users/a:b', 'webchat/users/a%3Ab', 'emulator/conversations/ü 空 😀', 'x/*'];
      await storage.write(Object.fromEntries(keys.map((k, i) => [k, { i }])));
      const read = await storage.read(keys);
      expect(keys.map((k) => read[k]?.i)).toEqual([0, 1, 2, 3]);
      await storage.delete(keys);
    });
  });
}
