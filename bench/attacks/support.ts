/** Shared by the attack files: well-behaved visitors measured during an attack, and small HTTP helpers. */
import type { AttackServer } from './types';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let sequence = 0;

/** A message activity as a channel posts it, replies in the response (expectReplies). */
export function activity(text: string): Record<string, unknown> {
  sequence++;
  return {
    type: 'message',
    id: `attack-${sequence}`,
    text,
    deliveryMode: 'expectReplies',
    channelId: 'test',
    serviceUrl: 'http://127.0.0.1:1',
    conversation: { id: `attack-conversation-${sequence}` },
    from: { id: `attack-user-${sequence}` },
    recipient: { id: 'bot' }
  };
}

/** POST /api/messages as the client at `ip` (the server trusts one proxy hop: TRUST_PROXY=1). */
export async function ask(
  url: string,
  text: string,
  ip: string,
  timeoutMs = 10_000
): Promise<{ status: number; replies: string[] }> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify(activity(text)),
    signal: AbortSignal.timeout(timeoutMs)
  });
  const body = (await response.json().catch(() => ({}))) as { activities?: { text?: string }[] };
  return { status: response.status, replies: (body.activities ?? []).map((a) => a.text ?? '') };
}

export interface Visitors {
  /** Questions asked and how many of them failed (error, timeout, or not the expected answer). */
  stop(): Promise<{ asked: number; failed: number; longestMs: number }>;
}

/**
 * Well-behaved visitors during an attack: `count` of them, each asking `question` about once a
 * second from its own address, expecting a reply matching `expected`.
 */
export function visitors(url: string, question: string, expected: RegExp, count = 5): Visitors {
  let running = true;
  let asked = 0;
  let failed = 0;
  let longestMs = 0;
  const one = async (index: number) => {
    while (running) {
      const started = performance.now();
      try {
        const { status, replies } = await ask(url, question, `203.0.113.${index + 1}`);
        if (status !== 200 || !replies.some((r) => expected.test(r))) failed++;
      } catch {
        failed++;
      }
      asked++;
      longestMs = Math.max(longestMs, performance.now() - started);
      await sleep(1000);
    }
  };
  const all = Array.from({ length: count }, (_, i) => one(i));
  return {
    stop: async () => {
      running = false;
      await Promise.all(all);
      return { asked, failed, longestMs: Math.round(longestMs) };
    }
  };
}

/** Samples a server's RSS every 100 ms until stopped; the highest value. */
export function rssPeak(server: AttackServer): () => number {
  let peak = server.rssMb();
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, server.rssMb());
    } catch {
      // exited
    }
  }, 100);
  return () => {
    clearInterval(timer);
    return peak;
  };
}
