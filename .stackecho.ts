import { ActivityHandler } from 'botbuilder';
import { createApp } from './src/app';
import { loadConfig } from './src/config';
import { createLogger } from './src/logging/logger';
import pino from 'pino';
const config = loadConfig({ ...process.env, KNOWLEDGE_DIR: 'knowledge', KNOWLEDGE_WATCH: 'false', RATE_LIMIT_PER_SECOND: '0' }, process.cwd());
const app = createApp(config, createLogger('info', pino.destination({ dest: '/dev/null', sync: true })));
const echo = new ActivityHandler().onMessage(async (context, next) => { await context.sendActivity(process.env.BIG ? (process.env.ZH ? "公务护照👍" : "x").repeat(Number(process.env.BIG)) : `Echo: ${context.activity.text}`); await next(); });
if (!process.env.REAL) (app.bot as unknown as { run: (c: unknown) => Promise<void> }).run = (c) => echo.run(c as never);
void app.listen();
if (process.env.SMALLRESP) {
  const real = app.bot.run.bind(app.bot);
  (app.bot as unknown as { run: (c: unknown) => Promise<void> }).run = async (c) => {
    const context = c as { bufferedReplyActivities: unknown[]; activity: { text: string } };
    await real(c as never);
    context.bufferedReplyActivities.length = 0;
    context.bufferedReplyActivities.push({ type: 'message', text: `Echo: ${context.activity.text}` });
  };
}
