/** Entry point: read .env and the environment, start the server, stop cleanly on signals. */
import dotenv from 'dotenv';
import { createApp } from './app';
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
  const app = createApp(config, logger);
  // The signal handlers below are installed in the same tick as listening starts, so before the
  // server can say `server.started`: a signal sent as soon as it is up is handled, never fatal
  // (Node's default for SIGHUP and SIGTERM is to exit at once).
  const listening = app.listen();

  // SIGHUP: reload the knowledge now (the watcher does it on its own; this is for scripts and when watching is off).
  process.on('SIGHUP', () => void app.reloadKnowledge('SIGHUP'));

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
      .then(() => app.close())
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
  await listening;
}

void main();
