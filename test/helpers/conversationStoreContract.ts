/**
 * The Direct Line conversation store contract: every implementation (in memory, on Redis) must
 * pass the same suite. `make` builds a store with the given limits on a clock the test controls.
 */
import type {
  ConversationStore,
  EvictionReason,
  StoreLimits
} from '../../src/channels/directline/conversationStore';

export type ContractLimits = StoreLimits;

export type MakeStore = (
  limits: ContractLimits,
  now: () => number,
  onEvict: (reason: EvictionReason) => void
) => Promise<ConversationStore>;

const message = (text: string) => ({ type: 'message', text });

export function conversationStoreContract(name: string, make: MakeStore): void {
  describe(`ConversationStore contract: ${name}`, () => {
    const opened: ConversationStore[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    async function store(limits: Partial<ContractLimits> = {}) {
      const clock = { now: 1_000_000 };
      const evictions: EvictionReason[] = [];
      const made = await make(
        {
          ttlMs: 60_000,
          maxConversations: 3,
          maxActivities: 5,
          maxBytes: 1_000_000,
          totalBytes: 100_000_000,
          clientShare: 1,
          ...limits
        },
        () => clock.now,
        (reason) => evictions.push(reason)
      );
      opened.push(made);
      // Every conversation comes from one client address unless a test says otherwise.
      const s = {
        ...made,
        create: (init: { id: string; userId: string; locale?: string; client?: string }) =>
          made.create({ client: '203.0.113.1', ...init }),
        get: (id: string) => made.get(id),
        append: (...args: Parameters<ConversationStore['append']>) => made.append(...args),
        activitiesAfter: (id: string, watermark: number) => made.activitiesAfter(id, watermark),
        sweep: () => made.sweep()
      };
      return { s, clock, evictions };
    }

    it('gives activities ids and increasing watermarks, and pages from a watermark', async () => {
      const { s } = await store();
      expect((await s.create({ id: 'c1', userId: 'u1', locale: 'en' })).status).toBe('created');
      const again = await s.create({ id: 'c1', userId: 'u1' });
      expect(again).toMatchObject({
        status: 'exists',
        conversation: { id: 'c1', userId: 'u1', locale: 'en' }
      });
      const stored = await s.append('c1', [message('a'), message('b')]);
      expect(stored!.map((a) => a.id)).toEqual(['c1|0000001', 'c1|0000002']);
      expect(await s.activitiesAfter('c1', 0)).toMatchObject({
        watermark: '2',
        activities: [
          { id: 'c1|0000001', text: 'a' },
          { id: 'c1|0000002', text: 'b' }
        ]
      });
      expect(await s.activitiesAfter('c1', 1)).toMatchObject({ watermark: '2', activities: [{ text: 'b' }] });
      expect(await s.activitiesAfter('c1', 2)).toEqual({ watermark: '2', activities: [] });
      expect(await s.activitiesAfter('nope', 0)).toBeUndefined();
      expect(await s.append('nope', [message('x')])).toBeUndefined();
    });

    it('keeps activities as they were given (unicode, nested values, empty arrays)', async () => {
      const { s } = await store();
      await s.create({ id: 'c1', userId: 'u1' });
      const activity = {
        type: 'message',
        text: '公務護照 😀 "quoted"',
        attachments: [],
        channelData: { clientActivityID: 'x1', nested: { list: [1, 2.5, null, true] } }
      };
      await s.append('c1', [activity]);
      const [back] = (await s.activitiesAfter('c1', 0))!.activities;
      expect(back).toEqual({ ...activity, id: 'c1|0000001' });
    });

    it('when full, the least recently used conversation ends: a new visitor is never refused', async () => {
      const { s, clock, evictions } = await store();
      for (const id of ['a', 'b', 'c']) expect((await s.create({ id, userId: id })).status).toBe('created');
      clock.now += 1000;
      await s.get('a'); // a is polled; b is now the least recently used
      clock.now += 1000;
      expect((await s.create({ id: 'd', userId: 'd', client: '198.51.100.7' })).status).toBe('created');
      expect(await s.get('b')).toBeUndefined();
      expect(await s.get('a')).toBeDefined();
      expect(await s.get('d')).toBeDefined();
      expect(evictions).toEqual(['full']);
      // ... and the owner of b learns that its chat has ended.
      expect(await s.activitiesAfter('b', 0)).toBeUndefined();
      expect(await s.append('b', [message('x')])).toBeUndefined();
    });

    it('idle conversations make room first', async () => {
      const { s, clock, evictions } = await store();
      for (const id of ['a', 'b', 'c']) expect((await s.create({ id, userId: id })).status).toBe('created');
      clock.now += 50_000;
      await s.get('a');
      clock.now += 20_000; // b and c are now idle past the TTL
      expect((await s.create({ id: 'd', userId: 'd' })).status).toBe('created');
      expect((await s.create({ id: 'e', userId: 'e' })).status).toBe('created');
      expect(await s.get('a')).toBeDefined();
      expect(await s.get('b')).toBeUndefined();
      expect(evictions).toEqual([]);
    });

    it('holds all conversations within the total byte budget, ending the least recently used', async () => {
      const { s, clock, evictions } = await store({ maxConversations: 100, totalBytes: 20_000 });
      const big = message('x'.repeat(3000));
      for (let i = 0; i < 12; i++) {
        await s.create({ id: `c${i}`, userId: 'u', client: `192.0.2.${i}` });
        await s.append(`c${i}`, [big]);
        clock.now += 10;
      }
      const alive: string[] = [];
      for (let i = 0; i < 12; i++) if (await s.activitiesAfter(`c${i}`, 0)) alive.push(`c${i}`);
      // About 3.1 KB each: at most 6 fit in 20 KB, and the newest are the ones kept.
      expect(alive.length).toBeGreaterThanOrEqual(4);
      expect(alive.length).toBeLessThanOrEqual(6);
      expect(alive).toContain('c11');
      expect(alive).not.toContain('c0');
      expect(evictions.every((reason) => reason === 'full')).toBe(true);
      // The conversation being written is never the one to go, even when it alone is over.
      await s.append('c11', [message('y'.repeat(25_000))]);
      expect(await s.get('c11')).toBeDefined();
    });

    it("one client address holds at most its share: over it, its own oldest chats end, nobody else's", async () => {
      const { s, clock, evictions } = await store({ maxConversations: 10, clientShare: 0.3 });
      await s.create({ id: 'other', userId: 'o', client: '198.51.100.1' });
      for (let i = 0; i < 8; i++) {
        clock.now += 10;
        expect((await s.create({ id: `flood${i}`, userId: 'f', client: '203.0.113.66' })).status).toBe(
          'created'
        );
      }
      const flood: string[] = [];
      for (let i = 0; i < 8; i++) if (await s.get(`flood${i}`)) flood.push(`flood${i}`);
      expect(flood).toEqual(['flood5', 'flood6', 'flood7']);
      expect(await s.get('other')).toBeDefined();
      expect(evictions).toEqual(Array(5).fill('clientShare'));

      // The byte share too: 30% of 20 KB, about two of these conversations.
      const bytes = await store({
        maxConversations: 100,
        maxBytes: 5000,
        totalBytes: 20_000,
        clientShare: 0.3
      });
      await bytes.s.create({ id: 'other', userId: 'o', client: '198.51.100.1' });
      await bytes.s.append('other', [message('o'.repeat(2000))]);
      for (let i = 0; i < 6; i++) {
        bytes.clock.now += 10;
        await bytes.s.create({ id: `f${i}`, userId: 'f', client: '203.0.113.66' });
        await bytes.s.append(`f${i}`, [message('x'.repeat(2500))]);
      }
      expect(await bytes.s.get('other')).toBeDefined();
      expect(await bytes.s.get('f0')).toBeUndefined();
      expect(await bytes.s.get('f5')).toBeDefined();
      expect(bytes.evictions.length).toBeGreaterThan(0);
      expect(bytes.evictions.every((reason) => reason === 'clientShare')).toBe(true);
    });

    it('a client whose chats ended to make room gets its whole share back', async () => {
      const { s, clock, evictions } = await store({ maxConversations: 4, clientShare: 0.5 });
      const create = async (id: string, client: string) => {
        clock.now += 10;
        expect((await s.create({ id, userId: id, client })).status).toBe('created');
      };
      await create('a1', '203.0.113.10');
      await create('a2', '203.0.113.10');
      for (const [id, client] of [
        ['b1', '198.51.100.2'],
        ['c1', '198.51.100.3'],
        ['d1', '198.51.100.4'],
        ['e1', '198.51.100.5']
      ] as const)
        await create(id, client);
      expect(await s.get('a1')).toBeUndefined();
      expect(await s.get('a2')).toBeUndefined();
      // Both of its chats are gone, so the address holds nothing: two new ones fit in its share.
      await create('a3', '203.0.113.10');
      await create('a4', '203.0.113.10');
      expect(await s.get('a3')).toBeDefined();
      expect(await s.get('a4')).toBeDefined();
      expect(evictions).toEqual(Array(4).fill('full'));
    });

    it('forgets a conversation idle past the TTL, even before a sweep; the sweep counts what it forgot', async () => {
      const { s, clock } = await store();
      await s.create({ id: 'c1', userId: 'u1' });
      clock.now += 59_000;
      expect(await s.get('c1')).toBeDefined(); // polling keeps it alive
      clock.now += 59_000;
      expect(await s.activitiesAfter('c1', 0)).toBeDefined();
      clock.now += 60_000;
      expect(await s.get('c1')).toBeUndefined();
      await s.create({ id: 'c2', userId: 'u2' });
      clock.now += 61_000;
      expect(await s.sweep()).toBe(1);
      expect(await s.get('c2')).toBeUndefined();
    });

    it('keeps only the newest activities per conversation, by count and by bytes', async () => {
      const { s } = await store({ maxActivities: 5 });
      await s.create({ id: 'c1', userId: 'u1' });
      for (let i = 1; i <= 12; i++) await s.append('c1', [message(`m${i}`)]);
      const page = await s.activitiesAfter('c1', 0);
      expect(page!.watermark).toBe('12');
      expect(page!.activities.map((a) => a.text)).toEqual(['m8', 'm9', 'm10', 'm11', 'm12']);

      const small = await store({ maxBytes: 600 });
      await small.s.create({ id: 'c2', userId: 'u2' });
      for (let i = 0; i < 10; i++) await small.s.append('c2', [message('x'.repeat(150))]);
      const kept = (await small.s.activitiesAfter('c2', 0))!.activities;
      expect(kept.length).toBe(2);
      expect(kept.map((a) => a.id)).toEqual(['c2|0000009', 'c2|0000010']);
    });
  });
}
