/**
 * The WeChat channel as a Bot Framework adapter: FaoBot runs its usual turn on a TurnContext; what it
 * sends is collected here and leaves either passively, in the HTTP response to WeChat's push, or
 * through the customer-service message API.
 *
 * The 5-second rule: WeChat waits 5 s for the answer to a push, then retries (3 times) and finally
 * tells the user the account "cannot provide service". A turn that finishes within the passive window
 * (WECHAT_PASSIVE_REPLY_MS, 4 s by default; turns take well under 1 s) is answered in the response.
 * Otherwise the push is answered `success` (WeChat then waits no more and does not retry) and
 * everything the turn sends goes through the customer-service API as it comes. A reply too long for
 * one message is split: the first part in the response, the rest through the API.
 */
import {
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse
} from 'botbuilder';
import { normalizeLocale, type Locale } from '../../language/locale';
import { LogEvents, type Logger } from '../../logging/logger';
import { WeChatApiError } from './api';
import { activityText, splitMessage } from './outbound';

/** Sends one text message to a follower through the customer-service API. */
export type SendText = (openId: string, text: string) => Promise<void>;

export interface WeChatAdapterOptions {
  sendText: SendText;
  logger: Logger;
  /** The apology a failed turn sends, in the user's language. */
  errorText: (locale: Locale) => string;
  defaultLocale: Locale;
}

/** How a push's turn went, for the HTTP response. */
export interface PushTurn {
  /** The passive reply's text; undefined: answer `success` (nothing to say, or too late). */
  passive?: string;
  /** True when the turn outlived the passive window. */
  late: boolean;
  /**
   * Sends what the response did not carry (the rest of a long reply, or everything of a late turn)
   * through the API; call it once the response is written. Resolves when the turn and its sends are done.
   */
  release(): Promise<void>;
}

/** Replies of one turn: buffered for the passive reply, then (released) sent through the API in order. */
class Outbox {
  private buffered: string[] = [];
  private live = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly send: (text: string) => Promise<void>) {}

  add(text: string): void {
    if (this.live) this.enqueue(splitMessage(text));
    else this.buffered.push(text);
  }

  /** The passive reply: everything said so far as one message (its first part when too long). */
  takePassive(): string | undefined {
    const [first, ...rest] = splitMessage(this.buffered.join('\n\n'));
    this.buffered = rest;
    return first;
  }

  /** From now on replies go through the API, starting with what is buffered (joined: fewer messages). */
  goLive(): void {
    if (this.live) return;
    this.live = true;
    const waiting = this.buffered.join('\n\n');
    this.buffered = [];
    if (waiting) this.enqueue(splitMessage(waiting));
  }

  drained(): Promise<void> {
    return this.queue;
  }

  private enqueue(chunks: readonly string[]): void {
    for (const chunk of chunks) this.queue = this.queue.then(() => this.send(chunk));
  }
}

const OUTBOX = Symbol('WeChatAdapter.outbox');

export class WeChatAdapter extends BotAdapter {
  constructor(private readonly options: WeChatAdapterOptions) {
    super();
    this.onTurnError = async (context: TurnContext, error: Error) => {
      options.logger.error(
        {
          event: LogEvents.turnError,
          err: { message: error.message, stack: error.stack },
          channel: context.activity.channelId
        },
        'turn failed'
      );
      const locale = normalizeLocale(context.activity.locale) ?? options.defaultLocale;
      await context.sendActivity(options.errorText(locale));
    };
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const outbox = context.turnState.get(OUTBOX) as Outbox | undefined;
    if (!outbox) throw new Error('WeChat replies can only be sent from a turn this adapter runs');
    return activities.map((activity, index) => {
      // Typing indicators, traces and delays have no WeChat form; only what users read is sent.
      const text = activityText(activity);
      if (text) outbox.add(text);
      return { id: `${context.activity.id ?? 'wechat'}:${Date.now()}:${index}` };
    });
  }

  async updateActivity(): Promise<void> {
    throw new Error('WeChat cannot change a message once it is sent');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('WeChat cannot delete a sent message');
  }

  /** A proactive turn (within WeChat's 48 hours after the user last wrote): replies go through the API. */
  async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: 'event', name: 'continueConversation' },
      reference,
      true
    );
    const outbox = this.outboxFor(activity);
    outbox.goLive();
    const context = new TurnContext(this, activity);
    context.turnState.set(OUTBOX, outbox);
    await this.runMiddleware(context, logic);
    await outbox.drained();
  }

  /** Runs the turn for one push, waiting at most `passiveWindowMs` for the passive reply. */
  async processPush(
    activity: Partial<Activity>,
    logic: (context: TurnContext) => Promise<void>,
    passiveWindowMs: number
  ): Promise<PushTurn> {
    const outbox = this.outboxFor(activity);
    const context = new TurnContext(this, activity);
    context.turnState.set(OUTBOX, outbox);
    // The turn's own errors reach onTurnError; one from onTurnError itself is logged, never thrown here.
    const turn = this.runMiddleware(context, logic).catch((error: unknown) => {
      this.options.logger.error(
        { event: LogEvents.turnError, err: { message: errorMessage(error) }, channel: activity.channelId },
        'turn error handler failed'
      );
    });
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      turn.then(() => true),
      new Promise<boolean>(
        (resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, passiveWindowMs)))
      )
    ]);
    clearTimeout(timer);
    const release = async (): Promise<void> => {
      outbox.goLive();
      await turn;
      await outbox.drained();
    };
    return { passive: inTime ? outbox.takePassive() : undefined, late: !inTime, release };
  }

  private outboxFor(activity: Partial<Activity>): Outbox {
    const openId = activity.from?.id ?? activity.conversation?.id ?? '';
    return new Outbox(async (text) => {
      try {
        await this.options.sendText(openId, text);
      } catch (error) {
        // The user is not told twice and nothing retries here: the API client already retried.
        this.options.logger.warn(
          {
            event: LogEvents.wechatSendFailed,
            errcode: error instanceof WeChatApiError ? error.errcode : undefined,
            err: { message: errorMessage(error) }
          },
          'customer-service message not sent'
        );
      }
    });
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
