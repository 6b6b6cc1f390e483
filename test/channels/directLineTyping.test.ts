/** The typing indicator on Direct Line streams: shown while a turn is slow, never stored, never for fast turns. */
import pino from 'pino';
import type { Activity } from 'botbuilder';
import {
  MemoryConversationStore,
  type StreamActivity
} from '../../src/channels/directline/conversationStore';
import { DirectLineService } from '../../src/channels/directline/service';
import { MemoryActivityFeed } from '../../src/storage/activityFeed';

function setup(turnMs: () => number) {
  const store = new MemoryConversationStore({
    ttlMs: 60_000,
    maxConversations: 10,
    maxActivities: 50,
    maxBytes: 1e6,
    totalBytes: 1e8,
    clientShare: 1
  });
  const feed = new MemoryActivityFeed<StreamActivity>();
  const service = new DirectLineService({
    store,
    feed,
    typingDelayMs: 50,
    runTurn: (activity: Partial<Activity>) =>
      new Promise((resolve) =>
        setTimeout(
          () =>
            resolve(activity.type === 'message' ? [{ type: 'message', text: `re: ${activity.text}` }] : []),
          turnMs()
        )
      ),
    ready: () => true,
    tokenSecret: 'x'.repeat(32),
    tokenTtlSeconds: 1800,
    maxActivityBytes: 32 * 1024,
    logger: pino({ level: 'silent' })
  });
  return { store, feed, service };
}

describe('typing indicator on streams', () => {
  it('a slow turn shows typing (from the bot, not stored) before the reply', async () => {
    let slow = 0;
    const { store, feed, service } = setup(() => slow);
    const { token, conversationId } = service.generateToken();
    await service.startConversation(token, 'en-US', '127.0.0.1');
    const events: string[] = [];
    feed.subscribe(conversationId, (ephemeral) => {
      for (const a of ephemeral) events.push(`${a.type}:${a.from?.role}`);
      if (ephemeral.length === 0) events.push('stored');
    });
    slow = 300;
    const posted = await service.postActivity(token, conversationId, { type: 'message', text: 'hi' });
    expect(posted.ok).toBe(true);
    // echo stored, then typing while the bot works, then the reply stored
    expect(events[0]).toBe('stored');
    expect(events).toContain('typing:bot');
    expect(events.indexOf('typing:bot')).toBeLessThan(events.lastIndexOf('stored'));
    const page = await store.activitiesAfter(conversationId, 0);
    expect(page!.activities.map((a) => a.type)).not.toContain('typing');
    await store.close();
  });

  it('a fast turn shows no typing', async () => {
    const { store, feed, service } = setup(() => 0);
    const { token, conversationId } = service.generateToken();
    await service.startConversation(token, 'en-US', '127.0.0.1');
    const ephemeral: StreamActivity[] = [];
    feed.subscribe(conversationId, (e) => ephemeral.push(...e));
    await service.postActivity(token, conversationId, { type: 'message', text: 'hi' });
    expect(ephemeral).toEqual([]);
    await store.close();
  });
});
