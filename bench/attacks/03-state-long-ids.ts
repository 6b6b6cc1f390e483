/**
 * Issue 14 attack 3, full size: bot state grown with long ids. Before: 125 KB conversation.id /
 * from.id values, 11,568 requests, 3.65 GB RSS kept for 24 h. Now ids over 256 characters are 400,
 * and state is bounded by STATE_MAX_BYTES (32 MB); this also sends 20,000 turns with ids at the cap.
 */
import type { Attack, AttackResult } from './types';
import { closeAgents, flood, request, RSS_LIMIT_MB, sampleRss } from './lib';

function activity(conversationId: string, userId: string, text = 'service passport') {
  return {
    type: 'message',
    id: 'a1',
    text,
    deliveryMode: 'expectReplies',
    channelId: 'test',
    serviceUrl: 'http://127.0.0.1:1',
    conversation: { id: conversationId },
    from: { id: userId, name: 'User' },
    recipient: { id: 'bot', name: 'FAO Assistant' }
  };
}

export default {
  name: '3 state with long ids (/api/messages)',
  async run(ctx): Promise<AttackResult> {
    const server = await ctx.startServer({ RATE_LIMIT_PER_SECOND: '0' });
    const rss = sampleRss(server);
    let requests = 0;
    let accepted = 0;
    let othersErrors = 0;
    let othersDone = 0;
    const long = 'x'.repeat(125_000);
    try {
      // 11,568 requests with 125 KB ids, as measured before.
      await flood(
        120_000,
        16,
        async (n) => {
          const reply = await request(server.url, {
            method: 'POST',
            path: '/api/messages',
            from: '127.0.0.2',
            body: activity(`${long}${n}`, `${long}${n}`)
          });
          requests++;
          if (reply.status === 200) accepted++;
        },
        11_568
      );
      // 20,000 turns with ids at the 256-character cap, and a visitor now and then.
      await flood(
        180_000,
        16,
        async (n) => {
          const id = `${'c'.repeat(250)}${String(n).padStart(6, '0')}`;
          await request(server.url, {
            method: 'POST',
            path: '/api/messages',
            from: '127.0.0.2',
            body: activity(id, id)
          });
          requests++;
          if (n % 200 === 0) {
            const visit = await request(server.url, {
              method: 'POST',
              path: '/api/messages',
              body: activity(`visitor-${n}`, `visitor-${n}`)
            });
            othersDone++;
            if (visit.status !== 200) othersErrors++;
          }
        },
        20_000
      );
    } finally {
      closeAgents();
    }
    const peakRssMb = rss.stop();
    return {
      attack: this.name,
      requests,
      peakRssMb,
      errorsForOthers: othersErrors,
      held: accepted === 0 && othersErrors === 0 && peakRssMb < RSS_LIMIT_MB,
      note: `125 KB ids accepted: ${accepted} of 11568; then 20,000 turns at 256-char ids; ${othersDone} visits`
    };
  }
} satisfies Attack;
