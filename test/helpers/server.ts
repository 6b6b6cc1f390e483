/** Starts the real app (restify + CloudAdapter + bot) on an ephemeral loopback port for HTTP tests. */
import { Writable } from 'node:stream';
import pino from 'pino';
import { createApp, type App, type AppOptions } from '../../src/app';
import { loadConfig, type AppConfig } from '../../src/config';

export interface RunningApp {
  app: App;
  baseUrl: string;
  config: AppConfig;
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export const FIXTURE_KNOWLEDGE = `${__dirname}/../fixtures/knowledge`;

export async function startApp(
  env: Record<string, string> = {},
  options: AppOptions = {}
): Promise<RunningApp> {
  // Short keep-alive: closing waits for idle client sockets to expire, as a graceful stop does.
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE,
    KEEP_ALIVE_TIMEOUT_MS: '1000',
    ...env
  });
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      callback();
    }
  });
  const app = createApp(config, pino({ level: 'info' }, sink), options);
  const port = await app.listen();
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    logs,
    close: async () => void (await app.close())
  };
}

let sequence = 0;

/** A message activity as a channel would post it, asking for replies in the HTTP response. */
export function messageActivity(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  sequence++;
  return {
    type: 'message',
    id: `activity-${sequence}`,
    text,
    deliveryMode: 'expectReplies',
    channelId: 'test',
    serviceUrl: 'http://127.0.0.1:1',
    conversation: { id: `conversation-${sequence}` },
    from: { id: 'user-1', name: 'User' },
    recipient: { id: 'bot', name: 'FAO Assistant' },
    ...extra
  };
}

export interface Replies {
  status: number;
  activities: {
    type: string;
    text?: string;
    locale?: string;
    suggestedActions?: { actions: { title: string; value?: unknown }[] };
    attachments?: unknown[];
  }[];
}

export async function postActivity(baseUrl: string, activity: Record<string, unknown>): Promise<Replies> {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity)
  });
  const body = (await response.json().catch(() => ({}))) as { activities?: Replies['activities'] };
  return { status: response.status, activities: body.activities ?? [] };
}
