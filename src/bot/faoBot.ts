/**
 * The conversation: one ActivityHandler that resolves the user's language, reads what was sent
 * (a button, a number, a command, a language switch or a question) and replies in a way the channel
 * can show. Knows Bot Framework and the knowledge model, never YAML.
 */
import { ActivityHandler, ActivityTypes, type Storage, type TurnContext } from 'botbuilder';
import type { KnowledgeEntry } from '../knowledge/types';
import { detectScript } from '../language/script';
import { isSupportedLocale, resolveLocale, type Locale, type TextScript } from '../language/locale';
import { LogEvents, type Logger } from '../logging/logger';
import { cutPersonalData, loggableText, removePersonalData, scanPersonalData } from '../logging/redact';
import type { KnowledgeSource, KnowledgeView } from '../runtime/knowledgeStore';
import { parseCommand } from './commands';
import { contactDetails, divisionFor } from './contactCard';
import type { Translate } from './i18n';
import { classifyInput, includesSensitiveNumbers, type RejectedInput } from './input';
import { parseLanguageRequest, requestedLocale } from './languageSwitch';
import { topicEntries, topicTitle } from './menu';
import { isOptionNumber, parseOptionValue, pickOption, type Option, type OptionValue } from './options';
import { renderReply } from './render';
import { BotStateStore, type TurnState } from './state/turnState';
import {
  answerReply,
  contactReply,
  menuReply,
  noMatchReply,
  suggestionReply,
  textReply,
  topicReply,
  welcomeReply,
  type Reply
} from './replies';

/** Longer than any option title: such a message is a question, not a pick. */
const MAX_OPTION_REPLY_CHARS = 200;

export interface UserProfile {
  /** Language the user chose explicitly; wins over everything else. */
  locale?: Locale;
}

/** Per conversation: what the last reply offered, and the language it was in. */
export interface ConversationData {
  pending?: Option[];
  locale?: Locale;
}

export interface FaoBotOptions {
  knowledge: KnowledgeSource;
  translate: Translate;
  /** Where user and conversation state live (any botbuilder Storage). */
  storage: Storage;
  logger: Logger;
  defaultLocale: Locale;
  maxMessageChars: number;
  /** The clock, for "the office is closed now"; injectable for tests. */
  now?: () => Date;
}

/** Everything one turn works with, read once at its start. */
interface Turn {
  context: TurnContext;
  view: KnowledgeView;
  state: TurnState<UserProfile, ConversationData>;
  started: number;
}

/** Where a turn's loaded state waits on the TurnContext until `run` saves it. */
const TURN_STATE = Symbol('FaoBot.turnState');

function loadedState(context: TurnContext): TurnState<UserProfile, ConversationData> | undefined {
  return context.turnState.get(TURN_STATE) as TurnState<UserProfile, ConversationData> | undefined;
}

const KNOWN_ACTIVITY_TYPES: ReadonlySet<string> = new Set(Object.values(ActivityTypes));

const REJECTION_KEYS: Record<RejectedInput['kind'], string> = {
  empty: 'input.empty',
  attachmentOnly: 'input.attachmentOnly',
  tooLong: 'input.tooLong',
  emojiOnly: 'input.emojiOnly'
};

export class FaoBot extends ActivityHandler {
  private readonly state: BotStateStore<UserProfile, ConversationData>;
  private readonly now: () => Date;

  constructor(private readonly options: FaoBotOptions) {
    super();
    this.state = new BotStateStore(options.storage);
    this.now = options.now ?? (() => new Date());

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      // Channels send arrays of accounts; anything else (a client's junk) welcomes nobody.
      const added: unknown = context.activity.membersAdded;
      const humans = (Array.isArray(added) ? (added as unknown[]) : []).filter(
        (m) => typeof m === 'object' && m !== null && (m as { id?: unknown }).id !== botId
      );
      if (humans.length > 0) {
        const turn = await this.beginTurn(context);
        const locale = this.resolve(turn, 'none');
        await this.reply(turn, welcomeReply(turn.view.knowledge, locale, this.options.translate), locale);
      }
      await next();
    });

    // Types Bot Framework defines but this bot has no use for (typing, installationUpdate, ...) pass
    // silently; a type nobody defines gets a plain answer rather than silence.
    this.onUnrecognizedActivityType(async (context, next) => {
      if (!KNOWN_ACTIVITY_TYPES.has(context.activity.type)) {
        const turn = await this.beginTurn(context);
        const locale = this.resolve(turn, 'none');
        this.options.logger.info(
          { event: LogEvents.messageRejected, reason: 'unsupportedActivity', locale },
          'message rejected'
        );
        await context.sendActivity(
          renderReply(
            textReply(this.t(locale, 'input.unsupportedActivity')),
            context.activity.channelId,
            locale,
            this.options.translate
          ).activity
        );
      }
      await next();
    });
  }

  /**
   * Messages, nearly every turn, go straight to handleMessage rather than through ActivityHandler's
   * generic chain (Turn handlers, then Message handlers, then the default next event: several
   * async layers per turn, and this bot registers no handlers there). Other types take the usual route.
   */
  protected override async onTurnActivity(context: TurnContext): Promise<void> {
    if (context.activity.type === ActivityTypes.Message) {
      await this.handleMessage(await this.beginTurn(context));
      return;
    }
    await super.onTurnActivity(context);
  }

  /** Saves what the turn changed in user and conversation state, as the BotBuilder samples do. */
  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    const state = loadedState(context);
    if (state) await this.state.save(state);
  }

  private t(locale: Locale, key: string, values?: Record<string, unknown>): string {
    return this.options.translate(locale, key, values);
  }

  /** State is read only by turns that need it (a typing activity never does). */
  private async beginTurn(context: TurnContext): Promise<Turn> {
    const started = performance.now();
    let state = loadedState(context);
    if (!state) {
      state = await this.state.load(context.activity);
      context.turnState.set(TURN_STATE, state);
    }
    return {
      context,
      view: this.options.knowledge.current(), // one snapshot for the whole turn
      state,
      started
    };
  }

  /**
   * Explicit choice > script of the text > the language this conversation was in > channel locale > default.
   * A text in a language we do not speak gets the explicit choice or the default.
   */
  private resolve(turn: Turn, script: TextScript): Locale {
    if (script === 'unsupported') return turn.state.profile.locale ?? this.options.defaultLocale;
    const profileLocale = isSupportedLocale(turn.state.profile.locale)
      ? turn.state.profile.locale
      : undefined;
    return resolveLocale({
      explicit: profileLocale,
      script,
      // Chinese text common to both scripts keeps this conversation's Chinese variant, or else the
      // channel's: an English answer in between says nothing about Simplified vs Traditional.
      channelLocale:
        script === 'zh' && turn.state.conversation.locale === 'en'
          ? turn.context.activity.locale
          : (turn.state.conversation.locale ?? turn.context.activity.locale),
      defaultLocale: this.options.defaultLocale
    });
  }

  /** Sends a reply rendered for the channel and remembers the options it offered. */
  private async reply(turn: Turn, reply: Reply, locale: Locale): Promise<void> {
    const { activity } = renderReply(reply, turn.context.activity.channelId, locale, this.options.translate);
    turn.state.conversation.pending = reply.options ?? [];
    turn.state.conversation.locale = locale;
    turn.state.markConversationChanged();
    await turn.context.sendActivity(activity);
  }

  /** A reply that leaves the pending options in place, so "2" still works after "your message was empty". */
  private async say(turn: Turn, text: string, locale: Locale): Promise<void> {
    const { activity } = renderReply(
      textReply(text),
      turn.context.activity.channelId,
      locale,
      this.options.translate
    );
    await turn.context.sendActivity(activity);
  }

  private async handleMessage(turn: Turn): Promise<void> {
    const { activity } = turn.context;
    // Only the start of an over-long message is ever examined: it gets the "too long" reply anyway,
    // and no text work may grow with what a client chooses to send.
    const text =
      typeof activity.text === 'string' ? activity.text.slice(0, this.options.maxMessageChars + 1) : '';
    const pending = turn.state.conversation.pending ?? [];

    // A button carries its value; on text channels a number or the option's title picks it.
    const typedChoice = text.length <= MAX_OPTION_REPLY_CHARS ? pickOption(text, pending) : undefined;
    const chosen = parseOptionValue(activity.value) ?? typedChoice?.value;
    if (chosen) {
      await this.handleOption(turn, chosen, detectScript(removePersonalData(text)));
      return;
    }

    const input = classifyInput(
      activity.text,
      activity.attachments?.length ?? 0,
      this.options.maxMessageChars
    );
    if (input.kind !== 'text') {
      // Over-long text still tells its language; only its start is examined.
      const locale = this.resolve(turn, detectScript(text));
      const values =
        input.kind === 'tooLong' ? { length: input.length, limit: this.options.maxMessageChars } : {};
      this.options.logger.info(
        { event: LogEvents.messageRejected, reason: input.kind, locale },
        'message rejected'
      );
      await this.say(turn, this.t(locale, REJECTION_KEYS[input.kind], values), locale);
      return;
    }

    const command = parseCommand(input.text);
    if (command) {
      const locale = this.resolve(turn, detectScript(input.text));
      if (command === 'restart') {
        turn.state.resetConversation({});
      }
      const intro = this.t(locale, command === 'restart' ? 'commands.restarted' : 'commands.menu');
      await this.reply(turn, menuReply(turn.view.knowledge, intro, locale, this.options.translate), locale);
      return;
    }

    const language = parseLanguageRequest(input.text);
    if (language) {
      await this.switchLanguage(turn, requestedLocale(language, this.resolve(turn, 'none')));
      return;
    }

    if (isOptionNumber(input.text) && pending.length > 0) {
      const locale = this.resolve(turn, 'none');
      await this.say(turn, this.t(locale, 'options.outOfRange', { count: pending.length }), locale);
      return;
    }

    await this.answerQuestion(turn, input.text);
  }

  private async handleOption(turn: Turn, value: OptionValue, script: TextScript): Promise<void> {
    const { knowledge } = turn.view;
    const t = this.options.translate;
    if (value.action === 'language') {
      await this.switchLanguage(turn, value.locale);
      return;
    }
    const locale = this.resolve(turn, script);
    const log = this.options.logger;
    switch (value.action) {
      case 'answer': {
        const entry = knowledge.byId.get(value.entryId);
        if (!entry) break;
        log.info(
          { event: LogEvents.suggestionChosen, entryId: entry.id, locale, via: value.via ?? 'unknown' },
          'suggestion chosen'
        );
        await this.reply(turn, this.answer(turn, entry, locale), locale);
        return;
      }
      case 'topic': {
        const entries = topicEntries(knowledge, value.topic);
        if (entries.length === 0) break;
        const title = topicTitle(value.topic, locale, t) ?? value.topic;
        await this.reply(turn, topicReply(title, entries, locale, t), locale);
        return;
      }
      case 'contact': {
        const contact = contactDetails(
          knowledge,
          divisionFor(knowledge.office, undefined),
          this.now(),
          locale,
          t
        );
        await this.reply(turn, contactReply(contact, locale, t), locale);
        return;
      }
      case 'feedback': {
        const entry = knowledge.byId.get(value.entryId);
        if (!entry) break;
        log.info(
          { event: LogEvents.feedbackGiven, entryId: entry.id, locale, value: value.value },
          'feedback given'
        );
        if (value.value === 'helpful') {
          await this.reply(turn, textReply(this.t(locale, 'feedback.thanks')), locale);
        } else {
          const contact = contactDetails(
            knowledge,
            divisionFor(knowledge.office, entry),
            this.now(),
            locale,
            t
          );
          await this.reply(turn, { text: this.t(locale, 'feedback.sorry'), contact }, locale);
        }
        return;
      }
    }
    // The button belongs to knowledge that has since changed.
    await this.reply(turn, menuReply(knowledge, this.t(locale, 'options.stale'), locale, t), locale);
  }

  private async switchLanguage(turn: Turn, locale: Locale): Promise<void> {
    turn.state.profile.locale = locale;
    turn.state.markProfileChanged();
    this.options.logger.info({ event: LogEvents.languageChanged, locale }, 'language changed');
    const intro = this.t(locale, 'language.changed');
    await this.reply(turn, menuReply(turn.view.knowledge, intro, locale, this.options.translate), locale);
  }

  private answer(
    turn: Turn,
    entry: KnowledgeEntry,
    locale: Locale,
    alternatives: readonly KnowledgeEntry[] = []
  ): Reply {
    const { knowledge } = turn.view;
    const t = this.options.translate;
    const contact =
      entry.card === 'contact'
        ? contactDetails(knowledge, divisionFor(knowledge.office, entry), this.now(), locale, t)
        : undefined;
    return answerReply(entry, knowledge, locale, t, contact, alternatives);
  }

  private async answerQuestion(turn: Turn, text: string): Promise<void> {
    const { view, context } = turn;
    const t = this.options.translate;
    const log = this.options.logger;
    // Personal data never reaches the matcher, nor decides the language.
    const scan = scanPersonalData(text);
    const question = cutPersonalData(scan);
    const script = detectScript(question);
    const locale = this.resolve(turn, script);

    if (includesSensitiveNumbers(scan.findings)) {
      log.info(
        { event: LogEvents.messageRejected, reason: 'personalData', locale },
        'personal data in message'
      );
      await this.say(turn, this.t(locale, 'privacy.notStored'), locale);
      if (!/[\p{L}]/u.test(question)) {
        await this.reply(
          turn,
          menuReply(view.knowledge, this.t(locale, 'privacy.askQuestion'), locale, t),
          locale
        );
        return;
      }
    }
    if (script === 'unsupported') {
      log.info(
        { event: LogEvents.messageRejected, reason: 'unsupportedLanguage', locale },
        'message rejected'
      );
      await this.reply(
        turn,
        menuReply(view.knowledge, this.t(locale, 'input.unsupportedLanguage'), locale, t),
        locale
      );
      return;
    }

    const result = view.matcher.match(question);
    const top = result.candidates[0];
    const base = {
      locale,
      score: top ? round(top.score) : 0,
      text: loggableText(scan),
      channel: context.activity.channelId
    };
    const latencyMs = () => round(performance.now() - turn.started);

    if (result.decision === 'answer' && top) {
      const entry = view.knowledge.byId.get(top.id)!;
      log.info(
        { event: LogEvents.messageAnswered, entryId: entry.id, ...base, latencyMs: latencyMs() },
        'answered'
      );
      const alternatives = result.alternatives
        .map((id) => view.knowledge.byId.get(id))
        .filter((e): e is KnowledgeEntry => e !== undefined);
      await this.reply(turn, this.answer(turn, entry, locale, alternatives), locale);
    } else if (result.decision === 'suggest') {
      const entries = result.candidates
        .slice(0, 3)
        .map((c) => view.knowledge.byId.get(c.id))
        .filter((e): e is KnowledgeEntry => e !== undefined);
      log.info(
        {
          event: LogEvents.messageSuggested,
          entryIds: entries.map((e) => e.id),
          ...base,
          latencyMs: latencyMs()
        },
        'suggested'
      );
      await this.reply(turn, suggestionReply(entries, locale, t), locale);
    } else {
      // A weak candidate still hints at the division most likely to help.
      const hint = top ? view.knowledge.byId.get(top.id) : undefined;
      const division = divisionFor(view.knowledge.office, hint);
      log.info(
        { event: LogEvents.messageUnmatched, ...base, division: division?.id, latencyMs: latencyMs() },
        'unmatched'
      );
      const contact = contactDetails(view.knowledge, division, this.now(), locale, t);
      await this.reply(turn, noMatchReply(contact, locale, t), locale);
    }
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
