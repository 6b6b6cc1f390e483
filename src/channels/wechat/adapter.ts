/**
 * A push's turn and where its replies go. The turn itself runs through the one Bot Framework adapter
 * (src/channels/botAdapter.ts, `runTurn`: in-process, `expectReplies`), so FaoBot, its middleware and
 * its error handling are the same as on every channel; this class decides how the replies leave:
 * passively, in the HTTP response to WeChat's push, or through the customer-service message API.
 *
 * The 5-second rule: WeChat waits 5 s for the answer to a push, then retries (3 times) and finally
 * tells the user the account "cannot provide service". A turn that finishes within the passive window
 * (WECHAT_PASSIVE_REPLY_MS, 4 s by default; turns take well under 1 s) is answered in the response.
 * Otherwise the push is answered `success` (WeChat then waits no more and does not retry) and the
 * turn's replies go through the customer-service API when it ends. A reply too long for one message
 * is split: the first part in the response, the rest through the API.
 */
import type { Activity } from 'botbuilder';
import { LogEvents, type Logger } from '../../logging/logger';
import { WeChatApiError } from './api';
import { activityText, splitMessage } from './outbound';

/** Sends one text message to a follower through the customer-service API. */
export type SendText = (openId: string, text: string) => Promise<void>;

export interface WeChatTurnsOptions {
  /** The bot's turn through the one adapter (`adapter.runTurn(activity, bot.run)`): its replies. */
  runTurn: (activity: Partial<Activity>) => Promise<Partial<Activity>[]>;
  sendText: SendText;
  logger: Logger;
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

export class WeChatTurns {
  constructor(private readonly options: WeChatTurnsOptions) {}

  /** Runs the turn for one push, waiting at most `passiveWindowMs` for the passive reply. */
  async processPush(activity: Partial<Activity>, passiveWindowMs: number): Promise<PushTurn> {
    const { logger } = this.options;
    // The turn's own errors are answered by the adapter's onTurnError (an apology among the replies);
    // anything that escapes it is logged here and leaves the user without a reply, never a crash.
    const messages = this.options.runTurn(activity).then(
      (replies) => {
        const texts = replies.map(activityText).filter((t): t is string => t !== undefined);
        // One message (or as few as the byte limit allows): WeChat counts customer-service messages.
        return splitMessage(texts.join('\n\n'));
      },
      (error: unknown) => {
        logger.error(
          { event: LogEvents.turnError, err: { message: errorMessage(error) }, channel: activity.channelId },
          'turn failed'
        );
        return [] as string[];
      }
    );
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      messages.then(() => true),
      new Promise<boolean>(
        (resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, passiveWindowMs)))
      )
    ]);
    clearTimeout(timer);
    const openId = activity.from?.id ?? '';
    const send = async (chunks: readonly string[]) => {
      for (const chunk of chunks) await this.send(openId, chunk);
    };
    if (!inTime) return { late: true, release: async () => send(await messages) };
    const [passive, ...rest] = await messages;
    return { passive, late: false, release: () => send(rest) };
  }

  private async send(openId: string, text: string): Promise<void> {
    try {
      await this.options.sendText(openId, text);
    } catch (error) {
      // Not retried here: the API client already retried what is worth retrying.
      this.options.logger.warn(
        {
          event: LogEvents.wechatSendFailed,
          errcode: error instanceof WeChatApiError ? error.errcode : undefined,
          err: { message: errorMessage(error) }
        },
        'customer-service message not sent'
      );
    }
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
