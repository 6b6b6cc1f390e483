/**
 * The Direct Line conversation store contract: every implementation (in memory, on Redis) must
 * pass the same suite. `make` builds a store with the given limits on a clock the test controls.
 */
import type { ConversationStore } from '../../src/channels/directline/conversationStore';

export interface ContractLimits {
  ttlMs: number;
  maxConversations: number;
  maxActivities: number;
  maxBytes: number;
}

export type MakeStore = (limits: ContractLimits, now: () => number) => Promise<ConversationStore>;

const message = (text: string) => ({ type: 'message', text });

export function conversationStoreContract(name: string, make: MakeStore): void {
  describe(`ConversationStore contract: ${name}`, () => {
    const opened: ConversationStore[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    async function store(limits: Partial<ContractLimits> = {}) {
      const clock = { now: 1_000_000 };
      const s = await make(
        { ttlMs: 60_000, maxConversations: 3, maxActivities: 5, maxBytes: 1_000_000, ...limits },
        () => clock.now
      );
      opened.push(s);
      return { s, clock };
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

    it('when full, a conversation unused for a minute makes room for a new one', async () => {
      const { s, clock } = await store();
      for (const id of ['a', 'b', 'c']) expect((await s.create({ id, userId: id })).status).toBe('created');
      clock.now += 30_000;
      expect(await s.create({ id: 'd', userId: 'd' })).toEqual({ status: 'full' });
      await s.get('a'); // a is polled; b is the quietest
      clock.now += 31_000;
      await s.get('a');
      expect((await s.create({ id: 'd', userId: 'd' })).status).toBe('created');
      expect(await s.get('b')).toBeUndefined();
      expect(await s.get('a')).toBeDefined();
    });

    it('caps the number of conversations; idle ones make room', async () => {
      const { s, clock } = await store();
      for (const id of ['a', 'b', 'c']) expect((await s.create({ id, userId: id })).status).toBe('created');
      expect(await s.create({ id: 'd', userId: 'd' })).toEqual({ status: 'full' });
      clock.now += 50_000;
      await s.get('c'); // c stays in use
      clock.now += 20_000; // a and b are now idle past the TTL
      expect((await s.create({ id: 'd', userId: 'd' })).status).toBe('created');
      expect(await s.get('a')).toBeUndefined();
      expect(await s.get('c')).toBeDefined();
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

      const small = await store({ maxBytes: 400 });
      await small.s.create({ id: 'c2', userId: 'u2' });
      for (let i = 0; i < 10; i++) await small.s.append('c2', [message('x'.repeat(150))]);
      const kept = (await small.s.activitiesAfter('c2', 0))!.activities;
      expect(kept.length).toBe(2);
      expect(kept.map((a) => a.id)).toEqual(['c2|0000009', 'c2|0000010']);
    });
  });
}
