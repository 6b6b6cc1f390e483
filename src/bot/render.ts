/**
 * Turns a reply model into an activity the channel can show: suggested actions, a Hero card of buttons
 * or a numbered list; the contact card as a card or as plain text. Pure.
 */
import {
  ActionTypes,
  CardFactory,
  MessageFactory,
  type Activity,
  type Attachment,
  type CardAction
} from 'botbuilder';
import type { Locale } from '../language/locale';
import { channelCapabilities, type OptionStyle } from './channelCapabilities';
import { contactHeroCard, contactPlainText } from './contactCard';
import type { Translate } from '../language/i18n';
import type { Option } from './options';
import { linkPhones, webMarkdown } from './markdown';
import type { Reply } from './replies';

export interface RenderedReply {
  activity: Partial<Activity>;
  /** How the options were shown; numbered lists expect a number back. */
  style: OptionStyle | 'none';
}

export function optionAction(option: Option): CardAction {
  // messageBack: the value goes to the bot, the title shows in the transcript and is the text sent.
  return {
    type: ActionTypes.MessageBack,
    title: option.title,
    text: option.title,
    displayText: option.title,
    value: option.value
  };
}

/** Markdown to plain text for SMS and e-mail: links spelled out, emphasis marks dropped. */
export function toPlainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) =>
      label === url || url.startsWith('tel:') ? label : `${label} (${url})`
    )
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/__([^_]+)__/g, '$1')
    .replace(/(^|[\s(])[_*]([^_*\n]+)[_*](?=[\s).,;:!?]|$)/gm, '$1$2')
    .replace(/^#{1,6}\s+/gm, '');
}

export function numberedList(options: readonly Option[], locale: Locale, t: Translate): string {
  const lines = options.map((option, index) => `${index + 1}. ${option.title}`);
  return `${lines.join('\n')}\n${t(locale, 'options.replyWithNumber')}`;
}

export function renderReply(
  reply: Reply,
  channelId: string | undefined,
  locale: Locale,
  t: Translate,
  /** The office's phone numbers, made tappable (`tel:`) where cards and Markdown are shown. */
  phones: readonly string[] = []
): RenderedReply {
  const options = reply.options ?? [];
  const capabilities = channelCapabilities(channelId, options.length);
  const plain = !capabilities.cards;
  const parts = [plain ? toPlainText(reply.text) : webMarkdown(linkPhones(reply.text, phones))];
  const attachments: Attachment[] = [];

  if (reply.contact) {
    if (capabilities.cards) attachments.push(contactHeroCard(reply.contact, locale, t, phones));
    else parts.push(contactPlainText(reply.contact));
  }
  const style: RenderedReply['style'] = options.length === 0 ? 'none' : capabilities.options;
  if (style === 'numberedList') parts.push(numberedList(options, locale, t));
  if (style === 'heroCard') attachments.push(CardFactory.heroCard('', undefined, options.map(optionAction)));

  const text = parts.join('\n\n');
  const activity =
    style === 'suggestedActions'
      ? MessageFactory.suggestedActions(options.map(optionAction), text)
      : MessageFactory.text(text);
  if (attachments.length > 0) activity.attachments = attachments;
  activity.textFormat = plain ? 'plain' : 'markdown';
  activity.locale = locale;
  return { activity, style };
}
