/**
 * In-process cost of one /api/messages turn (CloudAdapter.processActivityDirect + bot, no HTTP), for profiling our own work:
 * `tsx bench/http/turnCost.ts [seconds]` prints microseconds per turn for the bench question mix,
 * and for a bare echo turn on the same adapter as a floor.
 */
import { readFileSync } from 'node:fs';
import { ActivityHandler, type Activity } from 'botbuilder';
import pino from 'pino';
import { createApp } from '../../src/app';
import { parse } from '../../src/cli/args';
import { createBotAdapter } from '../../src/channels/botAdapter';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logging/logger';
import { activity, benchKnowledgeDir, QUESTIONS } from '../common';

/** CPU time of this process's main thread (Linux): unlike wall time, not inflated by other load. */
function mainThreadCpuMs(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in 1/100 s
  } catch {
    return NaN;
  }
}

async function main(): Promise<void> {
  const [secondsArg, only] = parse(process.argv.slice(2), {}).positionals; // only: 'ours' or 'echo' while profiling one of them
  const seconds = Number(secondsArg ?? 3);
  const config = loadConfig(
    { KNOWLEDGE_DIR: benchKnowledgeDir().dir, KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'info' },
    process.cwd()
  );
  // Synchronous, like the server's own stdout logger.
  const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: true }));
  const app = createApp(config, logger);
  const adapter = createBotAdapter(config, logger, () => 'error');
  const echo = new ActivityHandler().onMessage(async (context, next) => {
    await context.sendActivity(`Echo: ${context.activity.text}`);
    await next();
  });
  const bodies = Array.from({ length: 5000 }, (_, i) =>
    JSON.stringify(activity(QUESTIONS[i % QUESTIONS.length]!, i))
  );

  async function measure(name: string, run: (a: Activity) => Promise<unknown>): Promise<void> {
    let n = 0;
    const until = performance.now() + seconds * 1000;
    // warm-up
    for (let i = 0; i < 2000; i++) await run(JSON.parse(bodies[i % bodies.length]!) as Activity);
    const start = performance.now();
    const cpuStart = mainThreadCpuMs();
    const concurrency = Number(process.env.TURN_CONCURRENCY ?? 1);
    while (performance.now() < until) {
      for (let i = 0; i < 200; i += concurrency) {
        const batch: Promise<unknown>[] = [];
        for (let j = 0; j < concurrency; j++, n++)
          batch.push(run(JSON.parse(bodies[n % bodies.length]!) as Activity));
        await Promise.all(batch);
      }
    }
    const us = ((performance.now() - start) * 1000) / n;
    const cpuUs = ((mainThreadCpuMs() - cpuStart) * 1000) / n;
    console.log(`${name}: ${us.toFixed(1)} us per turn, ${cpuUs.toFixed(1)} us main-thread CPU (${n} turns)`);
  }
  for (let round = 0; round < 2; round++) {
    if (only !== 'ours')
      await measure('echo turn', (a) => adapter.processActivityDirect('', a, (c) => echo.run(c)));
    if (only !== 'echo')
      await measure('our turn', (a) => adapter.processActivityDirect('', a, (c) => app.bot.run(c)));
  }
  await app.close();
  const stop = (globalThis as { __stopAlloc?: () => Promise<void> }).__stopAlloc;
  if (stop) await stop();
}

void main();
