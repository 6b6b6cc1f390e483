import {
  MemoryConversationStore,
  type MemoryStoreLimits
} from '../../src/channels/directline/conversationStore';

function store(limits: Partial<MemoryStoreLimits> = {}) {
  const clock = { now: 1_000_000 };
  const s = new MemoryConversationStore(
    { ttlMs: 60_000, maxConversations: 3, maxActivities: 5, maxBytes: 1_000_000, ...limits },
    () => clock.now
  );
  return { s, clock };
}

const message = (text: string) => ({ type: 'message', text });

describe('MemoryConversationStore', () => {
  let current: MemoryConversationStore | undefined;
  afterEach(async () => current?.close());

  it('gives activities ids and increasing watermarks, and pages from a watermark', async () => {
    const { s } = store();
    current = s;
    expect((await s.create({ id: 'c1', userId: 'u1', locale: 'en' })).status).toBe('created');
    expect((await s.create({ id: 'c1', userId: 'u1' })).status).toBe('exists');
    const stored = await s.append('c1', [message('a'), message('b')]);
    expect(stored!.map((a) => a.id)).toEqual(['c1|0000001', 'c1|0000002']);
    expect(await s.activitiesAfter('c1', 0)).toMatchObject({
      watermark: '2',
      activities: [{ text: 'a' }, { text: 'b' }]
    });
    expect(await s.activitiesAfter('c1', 1)).toMatchObject({ watermark: '2', activities: [{ text: 'b' }] });
    expect(await s.activitiesAfter('c1', 2)).toEqual({ watermark: '2', activities: [] });
    expect(await s.activitiesAfter('nope', 0)).toBeUndefined();
    expect(await s.append('nope', [message('x')])).toBeUndefined();
  });

  it('when full, a conversation unused for a minute makes room for a new one', async () => {
    const { s, clock } = store();
    current = s;
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
    const { s, clock } = store();
    current = s;
    for (const id of ['a', 'b', 'c']) expect((await s.create({ id, userId: id })).status).toBe('created');
    expect(await s.create({ id: 'd', userId: 'd' })).toEqual({ status: 'full' });
    clock.now += 50_000;
    await s.get('c'); // c stays in use
    clock.now += 20_000; // a and b are now idle past the TTL
    expect((await s.create({ id: 'd', userId: 'd' })).status).toBe('created');
    expect(await s.get('a')).toBeUndefined();
    expect(await s.get('c')).toBeDefined();
    expect(s.size).toBe(2);
  });

  it('forgets a conversation idle past the TTL, even before a sweep', async () => {
    const { s, clock } = store();
    current = s;
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
    expect(s.size).toBe(0);
  });

  it('keeps only the newest activities per conversation, by count and by bytes', async () => {
    const { s } = store({ maxActivities: 5 });
    current = s;
    await s.create({ id: 'c1', userId: 'u1' });
    for (let i = 1; i <= 12; i++) await s.append('c1', [message(`m${i}`)]);
    const page = await s.activitiesAfter('c1', 0);
    expect(page!.watermark).toBe('12');
    expect(page!.activities.map((a) => a.text)).toEqual(['m8', 'm9', 'm10', 'm11', 'm12']);

    const small = store({ maxBytes: 400 });
    await small.s.create({ id: 'c2', userId: 'u2' });
    for (let i = 0; i < 10; i++) await small.s.append('c2', [message('x'.repeat(150))]);
    const kept = (await small.s.activitiesAfter('c2', 0))!.activities;
    expect(kept.length).toBe(2);
    expect(kept.map((a) => a.id)).toEqual(['c2|0000009', 'c2|0000010']);
    await small.s.close();
  });
});
