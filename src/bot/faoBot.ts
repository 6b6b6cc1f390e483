/**
 * The conversation: an ActivityHandler. `onMessage` reads what was sent (a button, a number, a
 * command, a language switch or a question) and hands it to a small handler in `handlers/`;
 * `onMembersAdded` welcomes. Every handler gets a `Turn` (activity, knowledge snapshot, state,
 * reply helpers). State is read once per turn and saved once, in `run`, as the BotBuilder samples
 * save theirs. Knows Bot Framework and the knowledge model, never YAML.
 */
import { ActivityHandler, ActivityTypes, type Storage, type TurnContext } from 'botbuilder';
import type { Locale } from '../language/locale';
import { detectScript } from '../language/script';
import { LogEvents, type Logger } from '../logging/logger';
import { removePersonalData } from '../logging/redact';
import type { KnowledgeSource } from '../runtime/knowledgeStore';
import { parseCommand } from './commands';
import { answerQuestion } from './handlers/question';
import { runCommand } from './handlers/command';
import { switchLanguage } from './handlers/language';
import { chooseOption } from './handlers/option';
import type { Translate } from '../language/i18n';
import { classifyInput, type RejectedInput } from './input';
import { parseLanguageRequest, requestedLocale } from './languageSwitch';
import { typedMenuOption } from './menu';
import { isOptionNumber, parseOptionValue, pickOption } from './options';
import { welcomeReply } from './replies';
import { StateAccessor } from './state';
import { Turn, type BotServices, type ConversationData, type UserProfile } from './turn';

export type { ConversationData, UserProfile } from './turn';

/** Longer than any option title: such a message is a question, not a pick. */
const MAX_OPTION_REPLY_CHARS = 200;

export interface FaoBotOptions {
  knowledge: KnowledgeSource;
  translate: Translate;
  /** Where user and conversation state live (any botbuilder Storage with real eTags). */
  storage: Storage;
  logger: Logger;
  defaultLocale: Locale;
  maxMessageChars: number;
  /** The clock, for "the office is closed now"; injectable for tests. */
  now?: () => Date;
}

const KNOWN_ACTIVITY_TYPES: ReadonlySet<string> = new Set(Object.values(ActivityTypes));

const REJECTION_KEYS: Record<RejectedInput['kind'], string> = {
  empty: 'input.empty',
  attachmentOnly: 'input.attachmentOnly',
  tooLong: 'input.tooLong',
  emojiOnly: 'input.emojiOnly'
};

export class FaoBot extends ActivityHandler {
  private readonly state: StateAccessor<UserProfile, ConversationData>;
  private readonly services: BotServices;

  constructor(private readonly options: FaoBotOptions) {
    super();
    this.state = new StateAccessor(options.storage);
    this.services = {
      translate: options.translate,
      logger: options.logger,
      defaultLocale: options.defaultLocale,
      maxMessageChars: options.maxMessageChars,
      now: options.now ?? (() => new Date())
    };

    this.onMessage(async (context, next) => {
      await this.handleMessage(await this.turn(context));
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      // Channels send arrays of accounts; anything else (a client's junk) welcomes nobody.
      const added: unknown = context.activity.membersAdded;
      const humans = (Array.isArray(added) ? (added as unknown[]) : []).filter(
        (m) => typeof m === 'object' && m !== null && (m as { id?: unknown }).id !== botId
      );
      if (humans.length > 0) {
        const turn = await this.turn(context);
        const locale = turn.resolve('none');
        await turn.reply(welcomeReply(turn.view.knowledge, locale, this.services.translate), locale);
      }
      await next();
    });

    // Types Bot Framework defines but this bot has no use for (typing, installationUpdate, ...) pass
    // silently; a type nobody defines gets a plain answer rather than silence.
    this.onUnrecognizedActivityType(async (context, next) => {
      if (!KNOWN_ACTIVITY_TYPES.has(context.activity.type)) {
        const turn = await this.turn(context);
        const locale = turn.resolve('none');
        this.services.logger.info(
          { event: LogEvents.messageRejected, reason: 'unsupportedActivity', locale },
          'message rejected'
        );
        await turn.say(turn.t(locale, 'input.unsupportedActivity'), locale);
      }
      await next();
    });
  }

  /** Runs the handlers, then saves what the turn changed in user and conversation state. */
  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.state.saveChanges(context);
  }

  /** A Turn over one knowledge snapshot; state is read only by turns that need it (typing never does). */
  private async turn(context: TurnContext): Promise<Turn> {
    const view = this.options.knowledge.current();
    return new Turn(context, view, await this.state.forTurn(context), this.services);
  }

  /**
   * Button > typed pick of a pending option > odd input > command > language request > a menu button's
   * title > small talk or a request for a person > question.
   */
  private async handleMessage(turn: Turn): Promise<void> {
    const { activity } = turn.context;
    const { maxMessageChars, logger } = this.services;
    // Only the start of an over-long message is ever examined: it gets the "too long" reply anyway,
    // and no text work may grow with what a client chooses to send.
    const text = typeof activity.text === 'string' ? activity.text.slice(0, maxMessageChars + 1) : '';
    const pending = turn.state.conversation.pending ?? [];

    // A button carries its value; on text channels a number or the option's title picks it.
    const typedChoice = text.length <= MAX_OPTION_REPLY_CHARS ? pickOption(text, pending) : undefined;
    const chosen = parseOptionValue(activity.value) ?? typedChoice?.value;
    if (chosen) return chooseOption(turn, chosen, detectScript(removePersonalData(text)));

    const input = classifyInput(activity.text, activity.attachments?.length ?? 0, maxMessageChars);
    if (input.kind !== 'text') {
      // Over-long text still tells its language; only its start is examined.
      const locale = turn.resolve(detectScript(text));
      const values = input.kind === 'tooLong' ? { length: input.length, limit: maxMessageChars } : {};
      logger.info({ event: LogEvents.messageRejected, reason: input.kind, locale }, 'message rejected');
      return turn.say(turn.t(locale, REJECTION_KEYS[input.kind], values), locale);
    }

    const command = parseCommand(input.text);
    if (command) return runCommand(turn, command, input.text);

    const language = parseLanguageRequest(input.text);
    if (language) return switchLanguage(turn, requestedLocale(language, turn.resolve('none')));

    // A button's title typed in any of our languages ("联系我们", "護照") does what the button does.
    const typedButton = typedMenuOption(input.text, turn.view.knowledge, this.services.translate);
    if (typedButton) return chooseOption(turn, typedButton.value, detectScript(input.text));

    if (isOptionNumber(input.text) && pending.length > 0) {
      const locale = turn.resolve('none');
      return turn.say(turn.t(locale, 'options.outOfRange', { count: pending.length }), locale);
    }

    await answerQuestion(turn, input.text);
  }
}
