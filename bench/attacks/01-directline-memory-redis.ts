/**
 * Issue 14 attack 1 on Redis (issue 15: the size budgets hold on Redis too): the same flood as
 * 01-directline-memory against a server with REDIS_URL, so the conversations and their activities
 * live in Redis. Held: the deployment's byte counter stays within DIRECTLINE_MAX_BYTES, Redis's own
 * memory within the budget plus its overhead, the server under 512 MB, and every visitor served.
 * Needs `redis-server` on the PATH (Debian: apt-get install redis-server); skipped without it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createClient } from 'redis';
import { freePort } from '../common';
import type { Attack, AttackResult } from './types';
import { closeAgents, flood, postActivity, RSS_LIMIT_MB, sampleRss, startChat, visitor } from './lib';

const BUDGET_MB = 32;
const CONVERSATIONS = 2000;
// The largest text a post may carry (activities over 8 KB are 413): these are accepted and kept.
const long = { type: 'message', text: 'x'.repeat(7_500) };
const padded = { type: 'message', text: 'hi', channelData: Array.from({ length: 10_800 }, () => ({})) };

export default {
  name: '1 Direct Line store memory, on Redis',
  async run(ctx): Promise<AttackResult> {
    if (spawnSync('redis-server', ['--version']).status !== 0)
      return {
        attack: this.name,
        requests: 0,
        peakRssMb: 0,
        errorsForOthers: 0,
        held: false,
        note: 'redis-server not installed'
      };
    const port = await freePort();
    const redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore'
      }
    );
    const client = createClient({ url: `redis://127.0.0.1:${port}` });
    try {
      for (let i = 0; i < 50; i++) {
        try {
          await client.connect();
          break;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      const baseline = Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1] ?? 0);
      const server = await ctx.startServer({
        RATE_LIMIT_PER_SECOND: '0',
        REDIS_URL: `redis://127.0.0.1:${port}`,
        REDIS_KEY_PREFIX: 'attack:'
      });
      const rss = sampleRss(server);
      const others = visitor(server.url, '127.0.9.1');
      let requests = 0;
      let peakRedisMb = 0;
      let peakCounterMb = 0;
      const probe = setInterval(() => {
        void client.info('memory').then((info) => {
          const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
          peakRedisMb = Math.max(peakRedisMb, (used - baseline) / 1024 / 1024);
        });
        void client.get('attack:dl:bytes').then((bytes) => {
          peakCounterMb = Math.max(peakCounterMb, Number(bytes ?? 0) / 1024 / 1024);
        });
      }, 250);
      try {
        await flood(
          180_000,
          16,
          async (n) => {
            // Ten addresses: one alone may hold only its share (20%); together they can fill the whole budget.
            const from = `127.0.5.${(n % 10) + 1}`;
            const chat = await startChat(server.url, from);
            requests += 2;
            for (let i = 0; i < 8; i++) {
              await postActivity(server.url, chat, n % 2 ? padded : long, from);
              requests++;
            }
          },
          CONVERSATIONS
        );
      } finally {
        clearInterval(probe);
        closeAgents();
      }
      const served = await others.stop();
      const peakRssMb = rss.stop();
      return {
        attack: this.name,
        requests,
        peakRssMb,
        errorsForOthers: served.errors,
        // Redis keeps each stream entry with its own overhead (~1.5x the JSON): allow half again.
        held:
          peakCounterMb <= BUDGET_MB &&
          peakRedisMb <= BUDGET_MB * 1.5 &&
          peakRssMb < RSS_LIMIT_MB &&
          served.errors === 0,
        note: `byte counter peak ${peakCounterMb.toFixed(1)} MB of ${BUDGET_MB}; Redis used_memory +${peakRedisMb.toFixed(1)} MB; ${served.visits} visits`
      };
    } finally {
      await client.quit().catch(() => undefined);
      redis.kill('SIGKILL');
    }
  }
} satisfies Attack;
