/**
 * What a WeChat push means for the bot: a Bot Framework activity, or nothing to answer. Pure.
 *
 * The bot knows nothing of WeChat: a text is a message, following the account is the welcome
 * (conversationUpdate), a menu click is a button press with the value of the README's button
 * contract, and everything the bot cannot read (pictures, stickers, locations, links, voice without
 * recognition) is a message with an attachment and no text, which it answers with "please type".
 */
import { ActivityTypes, type Activity } from 'botbuilder';
import { detectScript } from '../../language/script';
import type { XmlFields } from './xml';

export const WECHAT_CHANNEL_ID = 'wechat';
/** WeChat's users are mostly mainland Chinese: pushes without a telling script get Simplified Chinese. */
export const WECHAT_DEFAULT_LOCALE = 'zh-Hans';

/** A push's identity for answering it once: MsgId, else (events) sender + creation time. */
export function dedupeKey(fields: XmlFields): string | undefined {
  if (fields.MsgId) return `msg:${fields.MsgId}`;
  if (fields.FromUserName && fields.CreateTime) return `event:${fields.FromUserName}:${fields.CreateTime}`;
  return undefined;
}

/** Menu keys (knowledge/wechat-menu.yaml) -> the button values FaoBot takes from any channel. */
export function menuKeyValue(key: string): Record<string, string> | undefined {
  const [action, argument, ...rest] = key.split(':');
  if (rest.length > 0) return undefined;
  if (action === 'contact' && argument === undefined) return { action: 'contact' };
  if (action === 'topic' && argument) return { action: 'topic', topic: argument };
  if (action === 'language' && argument) return { action: 'language', locale: argument };
  return undefined;
}

export type InboundPush =
  | { kind: 'activity'; activity: Partial<Activity> }
  /** Nothing for the bot (unfollow, menu link opened, auto-reported location, unknown events). */
  | { kind: 'ignore'; reason: string }
  | { kind: 'invalid'; message: string };

/** Content types WeChat media arrive as; the bot only counts that something that is not text came. */
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  image: 'image/*',
  voice: 'audio/*',
  video: 'video/*',
  shortvideo: 'video/*',
  location: 'application/vnd.wechat.location',
  link: 'text/html',
  file: 'application/octet-stream'
};

function localeOf(text: string): string {
  const script = detectScript(text);
  return script === 'en' || script === 'zh-Hans' || script === 'zh-Hant' ? script : WECHAT_DEFAULT_LOCALE;
}

export function toActivity(fields: XmlFields, now: Date): InboundPush {
  const user = fields.FromUserName;
  const account = fields.ToUserName;
  const type = fields.MsgType;
  if (!user || !account || !type)
    return { kind: 'invalid', message: 'ToUserName, FromUserName and MsgType are required' };
  const created = /^\d{1,12}$/.test(fields.CreateTime ?? '')
    ? new Date(Number(fields.CreateTime) * 1000)
    : now;
  const base: Partial<Activity> = {
    channelId: WECHAT_CHANNEL_ID,
    id: fields.MsgId ?? `${user}:${fields.CreateTime ?? now.getTime()}`,
    timestamp: created,
    localTimestamp: created,
    // One WeChat user talks to one account: the OpenID is both the user and the conversation.
    from: { id: user, name: user, role: 'user' },
    recipient: { id: account, name: account, role: 'bot' },
    conversation: { id: user, isGroup: false, name: user, conversationType: 'personal' },
    serviceUrl: 'wechat:',
    locale: WECHAT_DEFAULT_LOCALE
  };
  const message = (text: string, extra: Partial<Activity> = {}): InboundPush => ({
    kind: 'activity',
    activity: {
      ...base,
      type: ActivityTypes.Message,
      text,
      textFormat: 'plain',
      locale: localeOf(text),
      ...extra
    }
  });

  switch (type) {
    case 'text':
      return message(fields.Content ?? '');
    case 'voice':
      // With speech recognition on (admin console), WeChat sends the words it heard.
      if (fields.Recognition?.trim()) return message(fields.Recognition);
      return message('', { attachments: [{ contentType: MEDIA_TYPES.voice! }] });
    case 'event':
      return eventActivity(fields, base, message);
    default:
      // Pictures and stickers (image), locations, links, videos, files: nothing the bot can read.
      return message('', { attachments: [{ contentType: MEDIA_TYPES[type] ?? 'application/octet-stream' }] });
  }
}

function eventActivity(
  fields: XmlFields,
  base: Partial<Activity>,
  message: (text: string, extra?: Partial<Activity>) => InboundPush
): InboundPush {
  const event = (fields.Event ?? '').toLowerCase();
  switch (event) {
    case 'subscribe':
      // Following the account (also by scanning a QR code) is joining the conversation.
      return {
        kind: 'activity',
        activity: {
          ...base,
          type: ActivityTypes.ConversationUpdate,
          membersAdded: [base.from!]
        }
      };
    case 'click': {
      const value = menuKeyValue(fields.EventKey ?? '');
      if (!value) return { kind: 'ignore', reason: 'unknownMenuKey' };
      return message('', { value });
    }
    default:
      // unsubscribe, VIEW (a menu link opened), LOCATION (reported every few seconds), SCAN by a
      // follower, template/mass send reports, ...: nothing the user is waiting an answer for.
      return { kind: 'ignore', reason: event || 'event' };
  }
}
