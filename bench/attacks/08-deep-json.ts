/**
 * Issue 14 attack 8, full size: an activity nested ~4,100 levels was accepted and every later
 * GET .../activities of its conversation was a 500. Now every JSON body nested past MAX_JSON_DEPTH
 * (64) is 400 before it is parsed. 5,000 deep posts (Direct Line and /api/messages), then the
 * attacked conversation must still read, and visitors be served throughout.
 */
import type { Attack, AttackResult } from './types';
import {
  activities,
  closeAgents,
  flood,
  postActivity,
  request,
  RSS_LIMIT_MB,
  sampleRss,
  startChat,
  visitor
} from './lib';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { n: value };
  return value;
}

export default {
  name: '8 deeply nested JSON (4,100 levels)',
  async run(ctx): Promise<AttackResult> {
    const server = await ctx.startServer({ RATE_LIMIT_PER_SECOND: '0' });
    const rss = sampleRss(server);
    const others = visitor(server.url, '127.0.9.1');
    // Serialized once: stringifying 4,100 levels per request would make the attacker, not the server, the bottleneck.
    const deep = JSON.stringify({ type: 'message', text: 'hi', channelData: nested(4100) });
    const deepForBot = JSON.stringify({
      type: 'message',
      text: 'hi',
      channelId: 'test',
      channelData: nested(4100)
    });
    const chat = await startChat(server.url, '127.0.0.2');
    let accepted = 0;
    let requests = 2;
    try {
      await flood(
        60_000,
        8,
        async (n) => {
          const reply =
            n % 2
              ? await postActivity(server.url, chat, deep, '127.0.0.2')
              : await request(server.url, {
                  method: 'POST',
                  path: '/api/messages',
                  from: '127.0.0.2',
                  body: deepForBot
                });
          requests++;
          if (reply.status !== 400) accepted++;
        },
        5000
      );
      const after = await activities(server.url, chat, '127.0.0.2');
      requests++;
      const served = await others.stop();
      const peakRssMb = rss.stop();
      return {
        attack: this.name,
        requests,
        peakRssMb,
        errorsForOthers: served.errors,
        held: accepted === 0 && after.status === 200 && served.errors === 0 && peakRssMb < RSS_LIMIT_MB,
        note: `deep bodies not refused: ${accepted}; the conversation reads ${after.status}; ${served.visits} visits`
      };
    } finally {
      closeAgents();
    }
  }
} satisfies Attack;
