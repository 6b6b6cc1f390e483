/**
 * Issue 14 attack 3: bot state grew to gigabytes with long ids (125 KB conversation.id / from.id,
 * kept for 24 h). Ids longer than 256 characters are refused with 400, and state is bounded by bytes
 * (STATE_MAX_BYTES), least recently used first, not only by the number of items.
 */
import { BoundedMemoryStorage } from '../../src/storage/boundedMemoryStorage';
import { StateItemTooLargeError } from '../../src/storage/stateLimits';
import { oversizedIdField } from '../../src/channels/activityIds';
import { messageActivity, postActivity, startApp } from '../helpers/server';

describe('oversizedIdField', () => {
  it.each([
    [{ conversation: { id: 'c'.repeat(256) }, from: { id: 'u' } }, undefined],
    [{ conversation: { id: 'c'.repeat(257) } }, 'conversation.id'],
    [{ from: { id: 'u'.repeat(125_000) } }, 'from.id'],
    [{ recipient: { id: 42 } }, 'recipient.id'],
    [{ id: 'x'.repeat(300), channelId: 'test' }, 'id'],
    [{ channelId: 'c'.repeat(1000) }, 'channelId'],
    [{ conversation: null, from: {} }, undefined]
  ])('case %#', (activity, field) => {
    expect(oversizedIdField(activity)).toBe(field);
  });
});

describe('BoundedMemoryStorage by bytes', () => {
  it('holds keys and items within maxBytes, dropping the least recently used; the newest stays', async () => {
    const storage = new BoundedMemoryStorage({ maxItems: 1_000_000, maxBytes: 64 * 1024, ttlMs: 60_000 });
    await storage.write({ keep: { v: 'kept' } });
    for (let i = 0; i < 2000; i++) {
      await storage.write({ [`test/users/${'u'.repeat(200)}${i}`]: { v: 'x'.repeat(100) } });
      if (i % 100 === 0) await storage.read(['keep']); // in use: never the one to go
      expect(storage.bytes).toBeLessThanOrEqual(64 * 1024);
    }
    expect(storage.size).toBeLessThan(200);
    expect(Object.keys(await storage.read(['keep']))).toEqual(['keep']);
    expect(Object.keys(await storage.read([`test/users/${'u'.repeat(200)}1999`]))).toHaveLength(1);
    expect(Object.keys(await storage.read([`test/users/${'u'.repeat(200)}0`]))).toHaveLength(0);
    // Deleting and overwriting give their bytes back.
    const before = storage.bytes;
    await storage.write({ keep: { v: 'kept again' } });
    expect(storage.bytes - before).toBeLessThan(10);
  });

  it('refuses an item over maxItemBytes, writing nothing of the batch', async () => {
    const storage = new BoundedMemoryStorage({ maxItems: 10, maxItemBytes: 1024, ttlMs: 60_000 });
    await expect(storage.write({ a: { v: 1 }, b: { v: 'x'.repeat(2000) } })).rejects.toThrow(
      StateItemTooLargeError
    );
    expect(await storage.read(['a', 'b'])).toEqual({});
  });
});

describe('long ids over HTTP', () => {
  it('refuses 125 KB ids with 400, answers normal ones, and state stays within its byte budget', async () => {
    const storage = new BoundedMemoryStorage({ maxItems: 20_000, maxBytes: 256 * 1024, ttlMs: 86_400_000 });
    const running = await startApp({ RATE_LIMIT_PER_SECOND: '0' }, { storage });
    try {
      for (const extra of [
        { conversation: { id: 'c'.repeat(125_000) } },
        { from: { id: 'u'.repeat(125_000), name: 'x' } },
        { recipient: { id: 'r'.repeat(300) } }
      ]) {
        const refused = await postActivity(running.baseUrl, messageActivity('service passport', extra));
        expect(refused.status).toBe(400);
      }
      expect(storage.size).toBe(0);
      // 600 turns with ids at the cap: 1,200 state items of ~0.8 KB would be ~1 MB unbounded.
      for (let i = 0; i < 600; i++) {
        const answered = await postActivity(
          running.baseUrl,
          messageActivity('service passport', {
            conversation: { id: `${'c'.repeat(250)}${String(i).padStart(6, '0')}`.slice(-256) },
            from: { id: `${'u'.repeat(250)}${String(i).padStart(6, '0')}`.slice(-256), name: 'User' }
          })
        );
        expect(answered.status).toBe(200);
      }
      expect(storage.bytes).toBeLessThanOrEqual(256 * 1024);
      expect(storage.size).toBeGreaterThan(100);
    } finally {
      await running.close();
    }
  });
});
