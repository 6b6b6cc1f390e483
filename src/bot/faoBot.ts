/**
 * The conversation: one ActivityHandler that resolves the user's language, classifies the input,
 * asks the matcher and replies. Knows Bot Framework and the knowledge model, never YAML.
 */
import { ActivityHandler, type StatePropertyAccessor, type TurnContext, type UserState } from 'botbuilder';
import type { KnowledgeEntry } from '../knowledge/types';
import { detectScript } from '../language/script';
import { resolveLocale, type Locale } from '../language/locale';
import { LogEvents, type Logger } from '../logging/logger';
import { loggableText, removePersonalData } from '../logging/redact';
import type { KnowledgeSource } from '../runtime/knowledgeStore';
import type { Translate } from './i18n';
import { classifyInput } from './input';
import { answerActivity, isChooseEntryValue, officePhones, suggestionActivity, textActivity } from './replies';

export interface UserProfile {
  /** Language the user chose explicitly; wins over everything else. */
  locale?: Locale;
}

export interface FaoBotOptions {
  knowledge: KnowledgeSource;
  translate: Translate;
  userState: UserState;
  logger: Logger;
  defaultLocale: Locale;
  maxMessageChars: number;
}

export class FaoBot extends ActivityHandler {
  private readonly profile: StatePropertyAccessor<UserProfile>;

  constructor(private readonly options: FaoBotOptions) {
    super();
    this.profile = options.userState.createProperty<UserProfile>('profile');

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const humans = (context.activity.membersAdded ?? []).filter((m) => m.id !== botId);
      if (humans.length > 0) await this.sendWelcome(context);
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
  }

  /** Saves user state after every turn, as the BotBuilder samples do. */
  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.options.userState.saveChanges(context, false);
  }

  private async localeFor(context: TurnContext, text: string): Promise<{ locale: Locale; unsupported: boolean }> {
    const profile = await this.profile.get(context, {});
    const script = detectScript(text);
    const locale = resolveLocale({
      explicit: profile.locale,
      script,
      channelLocale: context.activity.locale,
      defaultLocale: this.options.defaultLocale
    });
    return { locale, unsupported: script === 'unsupported' && !profile.locale };
  }

  private async sendWelcome(context: TurnContext): Promise<void> {
    const { locale } = await this.localeFor(context, '');
    const { knowledge } = this.options.knowledge.current();
    const t = this.options.translate;
    const text = `${t(locale, 'welcome', { office: knowledge.office.name[locale] })}\n\n${t(locale, 'privacyNote')}`;
    await context.sendActivity(textActivity(text, locale));
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const started = performance.now();
    const { activity } = context;
    const t = this.options.translate;
    const view = this.options.knowledge.current(); // one snapshot for the whole turn
    const input = classifyInput(activity.text, activity.attachments?.length ?? 0, this.options.maxMessageChars);
    // Over-long text still tells its language; only its start is examined.
    const sample = input.kind === 'text' ? input.text : typeof activity.text === 'string' ? activity.text.slice(0, 2000) : '';
    const { locale, unsupported } = await this.localeFor(context, sample);
    const log = this.options.logger;

    // A did-you-mean button carries the entry id: answer exactly that entry.
    if (isChooseEntryValue(activity.value)) {
      const entry = view.knowledge.byId.get(activity.value.entryId);
      if (entry) {
        log.info({ event: LogEvents.suggestionChosen, entryId: entry.id, locale }, 'suggestion chosen');
        await this.sendAnswer(context, entry, locale);
        return;
      }
    }

    if (input.kind !== 'text') {
      const key = { empty: 'input.empty', attachmentOnly: 'input.attachmentOnly', tooLong: 'input.tooLong' }[input.kind];
      const values = input.kind === 'tooLong' ? { length: input.length, limit: this.options.maxMessageChars } : {};
      log.info({ event: LogEvents.messageRejected, reason: input.kind, locale }, 'message rejected');
      await context.sendActivity(textActivity(t(locale, key, values), locale));
      return;
    }
    if (unsupported) {
      log.info({ event: LogEvents.messageRejected, reason: 'unsupportedLanguage', locale }, 'message rejected');
      await context.sendActivity(textActivity(t(locale, 'input.unsupportedLanguage'), locale));
      return;
    }

    const result = view.matcher.match(removePersonalData(input.text));
    const top = result.candidates[0];
    const base = {
      locale,
      score: top ? round(top.score) : 0,
      text: loggableText(input.text),
      channel: activity.channelId
    };
    const latencyMs = () => round(performance.now() - started);

    if (result.decision === 'answer' && top) {
      const entry = view.knowledge.byId.get(top.id)!;
      log.info({ event: LogEvents.messageAnswered, entryId: entry.id, ...base, latencyMs: latencyMs() }, 'answered');
      await this.sendAnswer(context, entry, locale);
    } else if (result.decision === 'suggest') {
      const entries = result.candidates
        .slice(0, 3)
        .map((c) => view.knowledge.byId.get(c.id))
        .filter((e): e is KnowledgeEntry => e !== undefined);
      log.info(
        { event: LogEvents.messageSuggested, entryIds: entries.map((e) => e.id), ...base, latencyMs: latencyMs() },
        'suggested'
      );
      await context.sendActivity(suggestionActivity(entries, locale, t));
    } else {
      log.info({ event: LogEvents.messageUnmatched, ...base, latencyMs: latencyMs() }, 'unmatched');
      await context.sendActivity(
        textActivity(t(locale, 'noMatch', { phones: officePhones(view.knowledge, locale) }), locale)
      );
    }
  }

  private async sendAnswer(context: TurnContext, entry: KnowledgeEntry, locale: Locale): Promise<void> {
    await context.sendActivity(answerActivity(entry, locale, this.options.translate));
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
