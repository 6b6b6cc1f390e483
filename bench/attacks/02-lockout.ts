/**
 * Issue 14 attack 2, full size: new chats locked out. Before, a full store evicted only chats idle
 * for a minute, so holding the 1,000 conversations took ~18 req/s from one address and every new
 * visitor got 503. Now: the store (DIRECTLINE_MAX_CONVERSATIONS=1000 here, the old default, to fill
 * it quickly) ends its least recently used chat instead, and one address holds at most its share.
 * The attacker uses 20 addresses at the default limits, creating as fast as they let it and polling
 * everything it holds; visitors from other addresses must all get working chats.
 */
import type { Attack, AttackResult } from './types';
import {
  activities,
  closeAgents,
  flood,
  RSS_LIMIT_MB,
  sampleRss,
  startChat,
  visitor,
  type Chat
} from './lib';

const ATTACKER_ADDRESSES = Array.from({ length: 20 }, (_, i) => `127.0.3.${i + 1}`);

export default {
  name: '2 new chats locked out (store held from 20 addresses)',
  async run(ctx): Promise<AttackResult> {
    const server = await ctx.startServer({ DIRECTLINE_MAX_CONVERSATIONS: '1000' });
    const rss = sampleRss(server);
    const others = [visitor(server.url, '127.0.9.1'), visitor(server.url, '127.0.9.2')];
    const held: { chat: Chat; from: string }[] = [];
    let requests = 0;
    let created = 0;
    try {
      await flood(60_000, ATTACKER_ADDRESSES.length, async (n) => {
        const from = ATTACKER_ADDRESSES[n % ATTACKER_ADDRESSES.length]!;
        const chat = await startChat(server.url, from);
        requests += 2;
        if (chat.status === 201) {
          created++;
          held.push({ chat, from });
        }
        // Poll a slice of what is held, to keep it "in use" (the original attack polled everything).
        for (const h of held.slice(-20)) {
          await activities(server.url, h.chat, h.from);
          requests++;
        }
      });
      let live = 0;
      for (const h of held) if ((await activities(server.url, h.chat, h.from)).status === 200) live++;
      const served = await Promise.all(others.map((o) => o.stop()));
      const errors = served.reduce((sum, s) => sum + s.errors, 0);
      const peakRssMb = rss.stop();
      return {
        attack: this.name,
        requests,
        peakRssMb,
        errorsForOthers: errors,
        held: errors === 0 && peakRssMb < RSS_LIMIT_MB,
        note: `attacker created ${created}, still holds ${live} of 1000; ${served.reduce((s, v) => s + v.visits, 0)} visits`
      };
    } finally {
      closeAgents();
    }
  }
} satisfies Attack;
