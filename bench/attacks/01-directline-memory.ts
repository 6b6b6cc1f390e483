/**
 * Issue 14 attack 1, full size: out of memory through the Direct Line store. Many conversations each
 * get 8 posts - half the attack's 32 KB body of padded channelData (`[{},{},...]`, 10,800 times; the
 * object graph was ~20x its JSON; now refused at the door), half 7.5 KB texts (accepted and kept) - with the rate limit off, so only the size
 * budget (DIRECTLINE_MAX_BYTES, default 32 MB, with STATE_MAX_BYTES 32 MB) stands between the attack and the heap. Measured
 * before: RSS 137 -> 652 MB at 100 conversations, death at 762. Held: RSS under 512 MB throughout and
 * every visitor served.
 */
import type { Attack, AttackResult } from './types';
import { closeAgents, flood, postActivity, RSS_LIMIT_MB, sampleRss, startChat, visitor } from './lib';

const CONVERSATIONS = 2000;
const POSTS_PER_CONVERSATION = 8;

const padded = { type: 'message', text: 'hi', channelData: Array.from({ length: 10_800 }, () => ({})) };
// The largest text a post may carry (activities over 8 KB are 413): these are accepted and kept.
const long = { type: 'message', text: 'x'.repeat(7_500) };

export default {
  name: '1 Direct Line store memory (32 KB bodies, rate limit off)',
  async run(ctx): Promise<AttackResult> {
    const server = await ctx.startServer({ RATE_LIMIT_PER_SECOND: '0' });
    const rss = sampleRss(server);
    const others = visitor(server.url, '127.0.9.1');
    let requests = 0;
    let refused = 0;
    try {
      await flood(
        120_000,
        16,
        async (n) => {
          // Ten addresses: one alone may hold only its share (20%); together they can fill the whole budget.
          const from = `127.0.5.${(n % 10) + 1}`;
          const chat = await startChat(server.url, from);
          requests += 2;
          for (let i = 0; i < POSTS_PER_CONVERSATION; i++) {
            const posted = await postActivity(server.url, chat, n % 2 ? padded : long, from);
            requests++;
            if (posted.status !== 200) refused++;
          }
        },
        CONVERSATIONS
      );
    } finally {
      closeAgents();
    }
    const served = await others.stop();
    const peakRssMb = rss.stop();
    return {
      attack: this.name,
      requests,
      peakRssMb,
      errorsForOthers: served.errors,
      held: peakRssMb < RSS_LIMIT_MB && served.errors === 0,
      note: `${CONVERSATIONS} conversations x ${POSTS_PER_CONVERSATION} posts (${refused} refused); ${served.visits} visits`
    };
  }
} satisfies Attack;
