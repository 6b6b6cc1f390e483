/**
 * Shared by the attack files: raw HTTP from a chosen loopback address (Linux routes all of 127/8 to
 * the loopback, so one machine plays many clients), Direct Line chats, a well-behaved visitor that
 * counts what fails for it while an attack runs, and an RSS sampler.
 */
import http from 'node:http';
import type { AttackServer } from './types';

const agents = new Map<string, http.Agent>();

/** A keep-alive agent per source address (the server limits per address). */
function agentFor(localAddress: string): http.Agent {
  let agent = agents.get(localAddress);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, maxSockets: 64, localAddress });
    agents.set(localAddress, agent);
  }
  return agent;
}

export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** One request; network errors come back as status 0 (the attack counts them, never crashes on them). */
export function request<T = Record<string, unknown>>(
  baseUrl: string,
  options: {
    method: string;
    path: string;
    from?: string;
    token?: string;
    /** A value to send as JSON, or a string sent as it is. */
    body?: unknown;
    timeoutMs?: number;
  }
): Promise<Reply<T>> {
  const url = new URL(baseUrl);
  const payload =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: options.path,
        agent: agentFor(options.from ?? '127.0.0.1'),
        timeout: options.timeoutMs ?? 10_000,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(payload !== undefined
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {})
        }
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          let body = {} as T;
          try {
            const text = Buffer.concat(chunks).toString('utf8');
            if (text) body = JSON.parse(text) as T;
          } catch {
            // not JSON: the status is what counts
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('error', () => resolve({ status: 0, body: {} as T }));
      }
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: {} as T }));
    req.end(payload);
  });
}

export interface Chat {
  token: string;
  id: string;
  /** Status of POST /conversations. */
  status: number;
}

export async function startChat(baseUrl: string, from = '127.0.0.1'): Promise<Chat> {
  const generated = await request<{ token?: string; conversationId?: string }>(baseUrl, {
    method: 'POST',
    path: '/v3/directline/tokens/generate',
    from
  });
  if (generated.status !== 200) return { token: '', id: '', status: generated.status };
  const token = generated.body.token ?? '';
  const started = await request(baseUrl, {
    method: 'POST',
    path: '/v3/directline/conversations',
    from,
    token,
    body: { locale: 'en' }
  });
  return { token, id: generated.body.conversationId ?? '', status: started.status };
}

export function postActivity(baseUrl: string, chat: Chat, body: unknown, from = '127.0.0.1') {
  return request<{ id?: string }>(baseUrl, {
    method: 'POST',
    path: `/v3/directline/conversations/${chat.id}/activities`,
    from,
    token: chat.token,
    body
  });
}

export function activities(baseUrl: string, chat: Chat, from = '127.0.0.1', watermark = '') {
  return request<{ activities?: { from?: { role?: string }; replyToId?: string }[]; watermark?: string }>(
    baseUrl,
    {
      method: 'GET',
      path: `/v3/directline/conversations/${chat.id}/activities?watermark=${watermark}`,
      from,
      token: chat.token
    }
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A real visitor, over and over until `stop()`: opens a chat, asks a question, polls once a second
 * (as Web Chat does) until the answer is there. Anything that fails, or an answer later than 10 s,
 * counts as an error for others.
 */
export function visitor(
  baseUrl: string,
  from = '127.0.0.1'
): { stop(): Promise<{ visits: number; errors: number }> } {
  let running = true;
  let visits = 0;
  let errors = 0;
  const loop = (async () => {
    while (running) {
      visits++;
      const started = Date.now();
      const chat = await startChat(baseUrl, from);
      if (chat.status !== 201) {
        errors++;
        await sleep(500);
        continue;
      }
      const sent = await postActivity(
        baseUrl,
        chat,
        { type: 'message', text: 'How do I apply for a service passport?', from: { id: 'visitor' } },
        from
      );
      if (sent.status !== 200) {
        errors++;
        continue;
      }
      let answered = false;
      while (!answered && Date.now() - started < 10_000) {
        const page = await activities(baseUrl, chat, from);
        if (page.status !== 200) break;
        answered = (page.body.activities ?? []).some(
          (a) => a.from?.role === 'bot' && a.replyToId === sent.body.id
        );
        if (!answered) await sleep(1000);
      }
      if (!answered) errors++;
      await sleep(500);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { visits, errors };
    }
  };
}

/** Samples a server's RSS every 100 ms until stopped; returns the peak in MB. */
export function sampleRss(server: AttackServer): { stop(): number } {
  let peak = 0;
  const sample = () => {
    try {
      peak = Math.max(peak, server.rssMb());
    } catch {
      // exited
    }
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    }
  };
}

/** Runs `task` with `concurrency` workers until `durationMs` passes or `maxTasks` have started. */
export async function flood(
  durationMs: number,
  concurrency: number,
  task: (n: number) => Promise<void>,
  maxTasks = Number.POSITIVE_INFINITY
): Promise<number> {
  const deadline = Date.now() + durationMs;
  let started = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline && started < maxTasks) await task(started++);
    })
  );
  return started;
}

/** The process limit the issue names: an instance must stay under it. */
export const RSS_LIMIT_MB = 512;
