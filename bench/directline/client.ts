/**
 * Bench chat clients for the local Direct Line endpoint, behaving as Web Chat does: a stream client
 * (WebSocket on the streamUrl) or a polling client (GET activities every second, Direct Line JS's
 * default interval). Each reports, per message, the time from posting it to receiving the bot's
 * reply - what a user waits for.
 */
import WebSocket from 'ws';

interface Activity {
  id: string;
  type: string;
  replyToId?: string;
  from?: { role?: string };
  channelData?: { clientActivityID?: string };
}

export type Mode = 'stream' | 'poll';

export const POLL_INTERVAL_MS = 1000;

async function json<T>(response: Response): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

export class BenchChat {
  private token = '';
  private conversationId = '';
  private streamUrl = '';
  private watermark = '';
  private socket: WebSocket | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private sequence = 0;
  private stopped = false;
  /** clientActivityID -> when it was posted; server id -> when it was posted; replyToId -> resolver. */
  private readonly sentAt = new Map<string, number>();
  private readonly idSentAt = new Map<string, number>();
  private readonly waiting = new Map<string, (ms: number) => void>();
  private readonly early = new Map<string, number>();
  private welcomed!: Promise<void>;
  private welcome: () => void = () => undefined;

  constructor(
    private readonly baseUrl: string,
    readonly mode: Mode
  ) {}

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' };
  }

  /** Token, conversation, stream or poller; resolves when the welcome has arrived. */
  async start(): Promise<void> {
    this.welcomed = new Promise((resolve) => (this.welcome = resolve));
    const generated = await json<{ token: string }>(
      await fetch(`${this.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' })
    );
    this.token = generated.token;
    const started = await json<{ conversationId: string; streamUrl?: string }>(
      await fetch(`${this.baseUrl}/v3/directline/conversations`, {
        method: 'POST',
        headers: this.headers(),
        body: JSON.stringify({ locale: 'en-US' })
      })
    );
    this.conversationId = started.conversationId;
    this.streamUrl = started.streamUrl ?? '';
    if (this.mode === 'stream') await this.openStream();
    else this.schedulePoll(0);
    await this.welcomed;
  }

  /** Opens the stream only (for the capacity run): resolves once the upgrade succeeded. */
  private openStream(): Promise<void> {
    if (!this.streamUrl) throw new Error('the server offered no streamUrl');
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.streamUrl, { perMessageDeflate: false });
      this.socket = socket;
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.on('message', (data: WebSocket.RawData) => {
        const text = data.toString();
        if (!text) return;
        this.receive((JSON.parse(text) as { activities: Activity[] }).activities);
      });
    });
  }

  private schedulePoll(delayMs: number): void {
    this.pollTimer = setTimeout(() => void this.poll(), delayMs);
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    try {
      const page = await json<{ activities: Activity[]; watermark: string }>(
        await fetch(
          `${this.baseUrl}/v3/directline/conversations/${this.conversationId}/activities?watermark=${this.watermark}`,
          { headers: this.headers() }
        )
      );
      this.watermark = page.watermark;
      this.receive(page.activities);
    } catch {
      // counted as a slow reply by the waiting message, if any
    }
    if (!this.stopped) this.schedulePoll(POLL_INTERVAL_MS);
  }

  private receive(activities: Activity[]): void {
    const now = performance.now();
    for (const activity of activities) {
      const clientId = activity.channelData?.clientActivityID;
      if (clientId && this.sentAt.has(clientId)) {
        this.idSentAt.set(activity.id, this.sentAt.get(clientId)!);
        this.sentAt.delete(clientId);
      }
      if (activity.from?.role === 'bot' && activity.type === 'message') {
        this.welcome();
        const to = activity.replyToId;
        if (!to) continue;
        const sent = this.idSentAt.get(to);
        const resolve = this.waiting.get(to);
        if (sent !== undefined && resolve) {
          this.idSentAt.delete(to);
          this.waiting.delete(to);
          resolve(now - sent);
        } else if (sent !== undefined) this.early.set(to, now - sent);
      }
    }
  }

  /** Posts a message; resolves with the milliseconds until its reply reached this client. */
  async ask(text: string): Promise<number> {
    const clientActivityID = `bench-${++this.sequence}`;
    const sent = performance.now();
    this.sentAt.set(clientActivityID, sent);
    const posted = await json<{ id: string }>(
      await fetch(`${this.baseUrl}/v3/directline/conversations/${this.conversationId}/activities`, {
        method: 'POST',
        headers: this.headers(),
        body: JSON.stringify({
          type: 'message',
          text,
          from: { id: 'bench' },
          channelData: { clientActivityID }
        })
      })
    );
    // Polling may deliver the echo after the POST returns: the send time is known from here on.
    if (!this.idSentAt.has(posted.id) && !this.early.has(posted.id)) this.idSentAt.set(posted.id, sent);
    const early = this.early.get(posted.id);
    if (early !== undefined) {
      this.early.delete(posted.id);
      return early;
    }
    return new Promise((resolve) => this.waiting.set(posted.id, resolve));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    this.socket?.terminate();
  }
}

/** Opens many idle streams for the capacity run (no welcome wait: only the upgrade counts). */
export async function openIdleStream(baseUrl: string): Promise<BenchChat> {
  const chat = new BenchChat(baseUrl, 'stream');
  await chat.start();
  return chat;
}
