/**
 * Issue 14 attack 10, full size: rate limiting was per address only while Web Chat polls once a
 * second, so about 20 chats fit behind one public address (an office, a carrier's NAT). Now 500 chats
 * behind one address poll every second for 30 s while one of their tokens floods (50 at once): every
 * poll of the 499 must answer 200, and the flood must be cut (429) by its token's limit.
 * Starting 500 chats from one address within seconds needs a larger new-conversation quota than the
 * default 60 a minute (in real life they arrive over the day); that is the only setting changed.
 */
import type { Attack, AttackResult } from './types';
import { activities, closeAgents, flood, RSS_LIMIT_MB, sampleRss, startChat, type Chat } from './lib';

const CHATS = 500;
const SECONDS = 30;

export default {
  name: '10 500 chats behind one address, one token flooding',
  async run(ctx): Promise<AttackResult> {
    const server = await ctx.startServer({
      DIRECTLINE_NEW_CONVERSATIONS_PER_MINUTE: '1000',
      RATE_LIMIT_BURST: '1200'
    });
    const rss = sampleRss(server);
    const chats: Chat[] = [];
    let requests = 0;
    try {
      await flood(
        120_000,
        20,
        async () => {
          chats.push(await startChat(server.url));
          requests += 2;
        },
        CHATS
      );
      const notStarted = chats.filter((c) => c.status !== 201).length;
      const [flooder, ...others] = chats;
      let polls = 0;
      let pollErrors = 0;
      let floodAnswered = 0;
      let floodCut = 0;
      const deadline = Date.now() + SECONDS * 1000;
      const floodDone = flood(SECONDS * 1000, 50, async () => {
        const reply = await activities(server.url, flooder!);
        requests++;
        if (reply.status === 200) floodAnswered++;
        else if (reply.status === 429) floodCut++;
      });
      // Each chat polls once a second, spread over the second as real pages are.
      await Promise.all(
        others.map(async (chat, i) => {
          await new Promise((resolve) => setTimeout(resolve, (i * 1000) / others.length));
          while (Date.now() < deadline) {
            const started = Date.now();
            const reply = await activities(server.url, chat);
            polls++;
            requests++;
            if (reply.status !== 200) pollErrors++;
            await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() - started))));
          }
        })
      );
      await floodDone;
      const peakRssMb = rss.stop();
      return {
        attack: this.name,
        requests,
        peakRssMb,
        errorsForOthers: pollErrors + notStarted,
        held: pollErrors === 0 && notStarted === 0 && floodCut > floodAnswered && peakRssMb < RSS_LIMIT_MB,
        note: `${polls} polls of ${others.length} chats; the flooding token: ${floodAnswered} answered, ${floodCut} cut (429)`
      };
    } finally {
      closeAgents();
    }
  }
} satisfies Attack;
