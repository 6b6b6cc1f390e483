/**
 * The local Direct Line service: tokens, conversations and their activity streams. Knows the
 * protocol, not HTTP (routes.ts maps outcomes to status codes) and not the bot (turns go to `runTurn`).
 */
import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { LogEvents, type Logger } from '../../logging/logger';
import type { PublicContacts } from '../../logging/redact';
import {
  acceptUserActivity,
  checkClientActivity,
  conversationStartActivity,
  markTranscriptMasked,
  streamReplies,
  transcriptCopy,
  type StreamContext
} from './activities';
import type {
  ActivityPage,
  ConversationRecord,
  ConversationStore,
  StreamActivity
} from './conversationStore';
import { issueToken, verifyToken, type TokenClaims } from './tokens';
import type { ActivityFeed } from '../../storage/activityFeed';
import type { RateLimitDecision } from '../../http/rateLimit';

export interface TokenResponse {
  conversationId: string;
  token: string;
  expires_in: number;
  /** The user id bound into the token; the page gives it to Web Chat as `userID`. */
  userId: string;
}

export type Failure =
  | { error: 'unauthorized'; message: string }
  | { error: 'forbidden'; message: string }
  | { error: 'notFound'; message: string }
  | { error: 'badRequest'; message: string }
  | { error: 'tooLarge'; message: string }
  | { error: 'busy'; message: string; retryAfterSeconds: number }
  | { error: 'notReady'; message: string };

export type Outcome<T> = ({ ok: true } & T) | ({ ok: false } & Failure);

/** A per-client allowance (a token bucket, in memory or on Redis). */
export interface ClientQuota {
  take(client: string): RateLimitDecision | Promise<RateLimitDecision>;
}

/** Longest conversation id accepted in a URL: ours are 22 characters; a longer one is a misuse (400). */
export const MAX_CONVERSATION_ID_CHARS = 128;

export interface DirectLineServiceOptions {
  store: ConversationStore;
  /** Runs one turn through the bot and returns its replies. */
  runTurn: (activity: Partial<Activity>) => Promise<Partial<Activity>[]>;
  /** False while the knowledge base has not loaded. */
  ready: () => boolean;
  /** New conversations per client address; none = no quota. */
  newConversations?: ClientQuota;
  tokenSecret: string;
  tokenTtlSeconds: number;
  /** Largest activity a client may post, in bytes of JSON. */
  maxActivityBytes: number;
  logger: Logger;
  /** Wakes the conversation's streams (on every instance) when activities are added; typing goes through it. */
  feed?: ActivityFeed<StreamActivity>;
  /** A turn taking longer than this shows the typing indicator on open streams, in milliseconds. */
  typingDelayMs?: number;
  now?: () => number;
  /** The office's own contacts, kept as typed in the transcript (the live knowledge's, when loaded). */
  publicContacts?: () => PublicContacts;
}

/** Repeats the typing indicator while a turn runs (Web Chat hides it after about 5 seconds). */
const TYPING_REPEAT_MS = 3000;

/** Turns queued per conversation before further posts are refused. */
const MAX_QUEUED_TURNS = 5;

function randomId(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export class DirectLineService {
  private readonly now: () => number;
  /** Per-conversation turn queues: replies keep the order of the messages they answer. */
  private readonly queues = new Map<string, { tail: Promise<unknown>; length: number }>();

  constructor(private readonly options: DirectLineServiceOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  /** A token for a new conversation. No state is kept until the conversation starts. */
  generateToken(): TokenResponse {
    return this.tokenFor(randomId(16), `dl_${randomId(12)}`);
  }

  refreshToken(token: string | undefined): Outcome<TokenResponse> {
    const auth = this.authorize(token);
    if (!auth.ok) return auth;
    return { ok: true, ...this.tokenFor(auth.claims.conv, auth.claims.user) };
  }

  /** POST /conversations: starts the token's conversation (the bot welcomes the user) or returns it. */
  async startConversation(
    token: string | undefined,
    locale: unknown,
    client: string
  ): Promise<Outcome<{ created: boolean; conversationId: string; token: string; expires_in: number }>> {
    const auth = this.authorize(token);
    if (!auth.ok) return auth;
    const { conv, user } = auth.claims;
    const ready = this.checkReady();
    if (!ready.ok) return ready;
    // Starting again (a reload of the page with the same token) is free; a new conversation uses quota.
    if (this.options.newConversations && !(await this.options.store.get(conv))) {
      const allowed = await this.options.newConversations.take(client);
      if (!allowed.allowed)
        return {
          ok: false,
          error: 'busy',
          message: 'Too many new chats from your network; please try again shortly',
          retryAfterSeconds: allowed.retryAfterSeconds
        };
    }
    const started = await this.options.store.create({
      id: conv,
      userId: user,
      client,
      locale:
        typeof locale === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/.test(locale)
          ? locale
          : undefined
    });
    const conversation = started.conversation;
    if (started.status === 'created') {
      await this.enqueue(conv, () =>
        this.turn(conversation, conversationStartActivity(this.context(conversation)))
      );
    }
    return {
      ok: true,
      created: started.status === 'created',
      conversationId: conv,
      token: token!,
      expires_in: this.ttl(auth.claims)
    };
  }

  /** GET /conversations/:id (reconnect). */
  async getConversation(
    token: string | undefined,
    conversationId: string
  ): Promise<Outcome<{ conversationId: string; token: string; expires_in: number }>> {
    const found = await this.conversation(token, conversationId);
    if (!found.ok) return found;
    return { ok: true, conversationId, token: token!, expires_in: this.ttl(found.claims) };
  }

  async getActivities(
    token: string | undefined,
    conversationId: string,
    watermark: unknown
  ): Promise<Outcome<ActivityPage>> {
    if (watermark !== undefined && typeof watermark !== 'string') {
      return { ok: false, error: 'badRequest', message: 'watermark must be given once' };
    }
    const mark = watermark ? watermark : '0';
    if (!/^\d{1,15}$/.test(mark))
      return { ok: false, error: 'badRequest', message: 'watermark must be a whole number' };
    const found = await this.conversation(token, conversationId);
    if (!found.ok) return found;
    const page = await this.options.store.activitiesAfter(conversationId, Number(mark));
    if (!page) return notFound();
    return { ok: true, ...page };
  }

  /** Echoes the user's activity into the stream, runs the turn and appends the replies. */
  async postActivity(
    token: string | undefined,
    conversationId: string,
    body: unknown
  ): Promise<Outcome<{ id: string }>> {
    const found = await this.conversation(token, conversationId);
    if (!found.ok) return found;
    const checked = checkClientActivity(body, this.options.maxActivityBytes);
    if (!checked.ok)
      return { ok: false, error: checked.tooLarge ? 'tooLarge' : 'badRequest', message: checked.message };
    const ready = this.checkReady();
    if (!ready.ok) return ready;
    const queue = this.queues.get(conversationId);
    if (queue && queue.length >= MAX_QUEUED_TURNS) {
      return {
        ok: false,
        error: 'busy',
        message: 'Please wait for the answers to your earlier messages',
        retryAfterSeconds: 1
      };
    }
    const accepted = acceptUserActivity(checked.activity, this.context(found.conversation));
    if (accepted.type === 'typing') return { ok: true, id: `${conversationId}|typing` };
    return this.enqueue(conversationId, async () => {
      // The transcript (kept and served back by GET .../activities) holds personal numbers masked.
      const [echo] =
        (await this.options.store.append(conversationId, [
          transcriptCopy(accepted, this.options.publicContacts?.())
        ])) ?? [];
      if (!echo) return notFound();
      await this.wake(conversationId);
      await this.turn(found.conversation, markTranscriptMasked({ ...accepted, id: echo.id }));
      return { ok: true as const, id: echo.id };
    });
  }

  private async turn(
    conversation: ConversationRecord,
    activity: Partial<Activity>
  ): Promise<StreamActivity[]> {
    let replies: Partial<Activity>[];
    const typing = this.showTypingWhileSlow(conversation);
    try {
      replies = await this.options.runTurn(activity);
    } catch (error) {
      // The adapter's own error handler answers bot failures; this is the adapter itself failing.
      this.options.logger.error(
        { event: LogEvents.turnError, channel: 'directline', err: { message: (error as Error).message } },
        'direct line turn failed'
      );
      return [];
    } finally {
      typing.stop();
    }
    const stored =
      (await this.options.store.append(
        conversation.id,
        streamReplies(replies, this.context(conversation))
      )) ?? [];
    if (stored.length > 0) await this.wake(conversation.id);
    return stored;
  }

  /** Tells the conversation's open streams, on any instance, that there is something new. */
  private async wake(conversationId: string, ephemeral: StreamActivity[] = []): Promise<void> {
    try {
      await this.options.feed?.publish(conversationId, ephemeral);
    } catch {
      // Streams also re-read on their own after the store comes back; polling clients never needed it.
    }
  }

  /**
   * The bot's typing indicator for open streams while a turn takes longer than typingDelayMs. It is
   * ephemeral (never stored): a polling client would only see it after the answer it announces.
   */
  private showTypingWhileSlow(conversation: ConversationRecord): { stop(): void } {
    if (!this.options.feed) return { stop: () => undefined };
    let timer: NodeJS.Timeout | undefined;
    let shown = 0;
    const send = () => {
      const [typing] = streamReplies([{ type: 'typing' }], this.context(conversation));
      void this.wake(conversation.id, [
        { ...typing!, id: `${conversation.id}|typing-${Date.now()}-${++shown}` }
      ]);
      timer = setTimeout(send, TYPING_REPEAT_MS);
    };
    timer = setTimeout(send, this.options.typingDelayMs ?? 500);
    return { stop: () => clearTimeout(timer) };
  }

  /** For a stream: the token is good for this conversation and the conversation exists. */
  async openStream(token: string | undefined, conversationId: string): Promise<Outcome<object>> {
    const found = await this.conversation(token, conversationId);
    return found.ok ? { ok: true } : found;
  }

  private enqueue<T>(conversationId: string, work: () => Promise<T>): Promise<T> {
    const queue = this.queues.get(conversationId) ?? { tail: Promise.resolve(), length: 0 };
    queue.length++;
    const result = queue.tail.then(work);
    queue.tail = result
      .catch(() => undefined)
      .finally(() => {
        queue.length--;
        if (queue.length === 0 && this.queues.get(conversationId) === queue)
          this.queues.delete(conversationId);
      });
    this.queues.set(conversationId, queue);
    return result;
  }

  private context(conversation: ConversationRecord): StreamContext {
    return {
      conversationId: conversation.id,
      userId: conversation.userId,
      locale: conversation.locale,
      nowIso: new Date(this.now()).toISOString()
    };
  }

  private tokenFor(conversationId: string, userId: string): TokenResponse {
    const { token } = issueToken(
      { conversationId, userId },
      this.options.tokenSecret,
      this.options.tokenTtlSeconds,
      this.now()
    );
    return { conversationId, token, expires_in: this.options.tokenTtlSeconds, userId };
  }

  private ttl(claims: TokenClaims): number {
    return Math.max(0, claims.exp - Math.floor(this.now() / 1000));
  }

  private authorize(token: string | undefined, conversationId?: string): Outcome<{ claims: TokenClaims }> {
    if (!token)
      return { ok: false, error: 'unauthorized', message: 'Missing "Authorization: Bearer <token>"' };
    const check = verifyToken(token, this.options.tokenSecret, this.now(), conversationId);
    if (check.ok) return { ok: true, claims: check.claims };
    const message = {
      malformed: 'Token is not valid',
      signature: 'Token is not valid',
      expired: 'Token has expired',
      conversation: 'Token is for another conversation'
    }[check.reason];
    return { ok: false, error: 'forbidden', message };
  }

  private async conversation(
    token: string | undefined,
    conversationId: string
  ): Promise<Outcome<{ claims: TokenClaims; conversation: ConversationRecord }>> {
    if (conversationId.length > MAX_CONVERSATION_ID_CHARS)
      return { ok: false, error: 'badRequest', message: 'Conversation id is too long' };
    const auth = this.authorize(token, conversationId);
    if (!auth.ok) return auth;
    const conversation = await this.options.store.get(conversationId);
    if (!conversation) return notFound();
    return { ok: true, claims: auth.claims, conversation };
  }

  private checkReady(): Outcome<object> {
    return this.options.ready()
      ? { ok: true }
      : { ok: false, error: 'notReady', message: 'Knowledge is not loaded yet' };
  }
}

function notFound(): { ok: false } & Failure {
  return {
    ok: false,
    error: 'notFound',
    // Direct Line JS reports a 404 as "conversation ended"; the chat page then starts a new chat.
    message: 'This chat has ended (after a long pause, or to make room); please start a new one'
  };
}
