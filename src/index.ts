/** Entry point: read .env and the environment, start the server, stop cleanly on signals. */
import dotenv from 'dotenv';
import { createApp, type App } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger, LogEvents } from './logging/logger';

async function main(): Promise<void> {
  dotenv.config({ quiet: true }); // .env is optional; real environment variables win
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  // The signal handlers come first, before the knowledge loads and the server listens: Node's default
  // for SIGHUP and SIGTERM is to exit at once, so a signal sent while the server starts is handled,
  // never fatal. A handler runs only once this synchronous start-up is done, so `app` and `listening`
  // are set by then; a stop still waits for listening to finish (or fail) before it closes.
  let app: App | undefined = undefined; // set below, before any handler can run
  let listening: Promise<unknown> = Promise.resolve();

  // SIGHUP: reload the knowledge now (the watcher does it on its own; this is for scripts and when watching is off).
  process.on('SIGHUP', () => void app?.reloadKnowledge('SIGHUP'));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(
      { event: LogEvents.serverStopping, signal },
      'stopping: no new connections, finishing requests in flight'
    );
    void listening
      .catch(() => undefined)
      .then(() => app?.close() ?? { abandonedRequests: 0 })
      .then((result) => {
        // A request cut at the deadline is a failure the exit code must show; idle sockets cut are not.
        const code = result.abandonedRequests > 0 ? 1 : 0;
        logger.info({ event: LogEvents.serverStopped, ...result }, 'stopped');
        // pino writes asynchronously to stdout; flush before leaving.
        logger.flush(() => process.exit(code));
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  app = createApp(config, logger);
  listening = app.listen();
  await listening;
}

void main();
