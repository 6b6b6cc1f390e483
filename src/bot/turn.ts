/**
 * One turn of the conversation as the handlers see it: the activity, one knowledge snapshot, the
 * state (read once, saved once by FaoBot.run) and the reply helpers. Handlers in `handlers/` take a
 * Turn and send replies through it; none of them touches storage or the adapter.
 */
import { randomBytes } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { isSupportedLocale, resolveLocale, type Locale, type TextScript } from '../language/locale';
import type { Logger } from '../logging/logger';
import type { KnowledgeView } from '../runtime/knowledgeStore';
import type { Translate } from '../language/i18n';
import type { Option } from './options';
import { renderReply } from './render';
import { textReply, type Reply } from './replies';
import type { TurnState } from './state';

export interface UserProfile {
  /** Language the user chose explicitly; wins over everything else. */
  locale?: Locale;
}

/** Per conversation: what the last reply offered, and the language it was in. */
export interface ConversationData {
  pending?: Option[];
  locale?: Locale;
  /**
   * A random id for this conversation's log lines (`chat`), so `kb suggest` can follow a question to
   * the did-you-mean pick or the 👎 after it. Random, never derived from the channel's user or
   * conversation ids (a WeChat conversation id is the user's OpenID): it names no one.
   */
  chat?: string;
}

/** What every turn may use: fixed for the life of the bot. */
export interface BotServices {
  translate: Translate;
  logger: Logger;
  defaultLocale: Locale;
  maxMessageChars: number;
  /** The clock, for "the office is closed now". */
  now: () => Date;
}

export class Turn {
  readonly started = performance.now();

  constructor(
    readonly context: TurnContext,
    readonly view: KnowledgeView,
    readonly state: TurnState<UserProfile, ConversationData>,
    readonly services: BotServices
  ) {}

  /** This conversation's log id (see ConversationData.chat), created on its first logged event. */
  chat(): string {
    const stored = this.state.conversation.chat;
    if (typeof stored === 'string' && stored !== '') return stored;
    const created = randomBytes(9).toString('base64url');
    // A turn of the same conversation that saved first may have created one: keep that one.
    this.state.updateConversation((conversation) =>
      conversation.chat ? conversation : { ...conversation, chat: created }
    );
    return created;
  }

  t(locale: Locale, key: string, values?: Record<string, unknown>): string {
    return this.services.translate(locale, key, values);
  }

  /**
   * Explicit choice > script of the text > the language this conversation was in > channel locale > default.
   * A text in a language we do not speak gets the explicit choice or the default.
   */
  resolve(script: TextScript): Locale {
    const { profile, conversation } = this.state;
    const { defaultLocale } = this.services;
    if (script === 'unsupported') return profile.locale ?? defaultLocale;
    const channelLocale = this.context.activity.locale;
    return resolveLocale({
      explicit: isSupportedLocale(profile.locale) ? profile.locale : undefined,
      script,
      // Chinese text common to both scripts keeps this conversation's Chinese variant, or else the
      // channel's: an English answer in between says nothing about Simplified vs Traditional.
      channelLocale:
        script === 'zh' && conversation.locale === 'en'
          ? channelLocale
          : (conversation.locale ?? channelLocale),
      defaultLocale
    });
  }

  /** Sends a reply rendered for the channel and remembers the options it offered. */
  async reply(reply: Reply, locale: Locale): Promise<void> {
    const pending = reply.options ?? [];
    this.state.updateConversation((conversation) => ({ ...conversation, pending, locale }));
    await this.send(reply, locale);
  }

  /** A reply that leaves the pending options in place, so "2" still works after "your message was empty". */
  async say(text: string, locale: Locale): Promise<void> {
    await this.send(textReply(text), locale);
  }

  private async send(reply: Reply, locale: Locale): Promise<void> {
    const { activity } = renderReply(
      reply,
      this.context.activity.channelId,
      locale,
      this.services.translate,
      this.view.knowledge.office.phones
    );
    await this.context.sendActivity(activity);
  }
}
