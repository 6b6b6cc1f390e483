/** Shapes Direct Line activities: checks what a client posts and stamps what goes into the stream. Pure. */
import type { Activity, ChannelAccount } from 'botbuilder';
import {
  maskPersonalData,
  NO_PUBLIC_CONTACTS,
  scanPersonalData,
  type PublicContacts
} from '../../logging/redact';

export const CHANNEL_ID = 'directline';
export const BOT_ACCOUNT: ChannelAccount = { id: 'fao-assistant', name: 'FAO Assistant', role: 'bot' };
/** Never called: replies come back in-process. The adapter still wants a URL to build a client for. */
export const SERVICE_URL = 'http://localhost/v3/directline';

/** What clients may post. Typing is accepted and dropped; the bot has nothing to say to it. */
const CLIENT_TYPES = new Set(['message', 'event', 'typing']);

export type ClientActivityCheck =
  { ok: true; activity: Partial<Activity> } | { ok: false; tooLarge: boolean; message: string };

export function checkClientActivity(body: unknown, maxBytes: number): ClientActivityCheck {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, tooLarge: false, message: 'Expected an activity (a JSON object)' };
  }
  const activity = body as Partial<Activity>;
  if (typeof activity.type !== 'string' || !CLIENT_TYPES.has(activity.type)) {
    return {
      ok: false,
      tooLarge: false,
      message: `Activity type must be one of ${[...CLIENT_TYPES].join(', ')}`
    };
  }
  if (activity.text !== undefined && activity.text !== null && typeof activity.text !== 'string') {
    return { ok: false, tooLarge: false, message: 'Activity text must be a string' };
  }
  if (Buffer.byteLength(JSON.stringify(activity)) > maxBytes) {
    return { ok: false, tooLarge: true, message: `Activity is larger than ${maxBytes} bytes` };
  }
  return { ok: true, activity };
}

export interface StreamContext {
  conversationId: string;
  userId: string;
  /** The conversation's language, for activities that carry none. */
  locale?: string;
  nowIso: string;
}

/** Longest short field (ids, names, locales, timestamps) kept from a client activity. */
const MAX_FIELD_CHARS = 128;
/** Largest `value` (a button's payload) kept, in characters of JSON. */
const MAX_VALUE_CHARS = 2048;
/** Attachments the bot needs only to count (it answers that it reads text); at most this many. */
const MAX_ATTACHMENTS = 5;

function shortText(value: unknown, max = MAX_FIELD_CHARS): string | undefined {
  return typeof value === 'string' && value.length <= max ? value : undefined;
}

/** Drops undefined fields (a stored activity carries only what it has). */
function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The fields of a client activity the server keeps, each capped: what the bot reads and what Web Chat
 * needs to show the echo (`channelData.clientActivityID` to match it to what it sent, `messageBack`'s
 * display text, the postBack flag). Anything else a client sends (arbitrary channelData, entities,
 * attachment contents) would be stored and served back for every poll of the conversation. Pure.
 */
export function keptClientFields(client: Partial<Activity>): Partial<Activity> {
  const channelData = (
    typeof client.channelData === 'object' && client.channelData !== null ? client.channelData : {}
  ) as Record<string, unknown>;
  const messageBack = channelData.messageBack as { displayText?: unknown } | undefined;
  const displayText = shortText(messageBack?.displayText, 1000);
  const kept = defined({
    clientActivityID: shortText(channelData.clientActivityID),
    clientTimestamp: shortText(channelData.clientTimestamp),
    messageBack: displayText !== undefined ? { displayText } : undefined,
    postBack: channelData.postBack === true ? true : undefined
  });
  const valueJson = client.value === undefined ? undefined : JSON.stringify(client.value);
  const attachments = Array.isArray(client.attachments)
    ? client.attachments.slice(0, MAX_ATTACHMENTS).map((a: unknown) => {
        const attachment = (typeof a === 'object' && a !== null ? a : {}) as Record<string, unknown>;
        return defined({
          contentType: shortText(attachment.contentType) ?? 'application/octet-stream',
          name: shortText(attachment.name)
        });
      })
    : undefined;
  return defined({
    type: client.type,
    text: client.text,
    textFormat: shortText(client.textFormat, 16) as Activity['textFormat'] | undefined,
    locale: shortText(client.locale, 35),
    localTimestamp: shortText(client.localTimestamp, 64) as Activity['localTimestamp'] | undefined,
    localTimezone: shortText(client.localTimezone, 64),
    name: shortText(client.name),
    value: valueJson !== undefined && valueJson.length <= MAX_VALUE_CHARS ? client.value : undefined,
    attachments: attachments as Activity['attachments'] | undefined,
    channelData: Object.keys(kept).length > 0 ? kept : undefined
  }) as Partial<Activity>;
}

/**
 * The user's activity as the server accepts it: the server decides id, time, conversation and who
 * sent it (the token's user); of the client's own fields only those in `keptClientFields` stay,
 * `channelData.clientActivityID` among them so Web Chat can match the echo to what it sent.
 */
export function acceptUserActivity(client: Partial<Activity>, ctx: StreamContext): Partial<Activity> {
  const rest = keptClientFields(client);
  const from = (typeof client.from === 'object' && client.from !== null ? client.from : {}) as ChannelAccount;
  const name = shortText(from.name, 64);
  return {
    ...rest,
    channelId: CHANNEL_ID,
    serviceUrl: SERVICE_URL,
    timestamp: new Date(ctx.nowIso),
    conversation: { id: ctx.conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: { name: name ?? '', id: ctx.userId, role: 'user' },
    recipient: BOT_ACCOUNT,
    locale: rest.locale || ctx.locale
  };
}

/** Set in channelData of the activity the bot gets when the transcript copy of it is masked. */
export const TRANSCRIPT_MASKED = 'transcriptMasked';

/**
 * The user's activity as the conversation's transcript keeps it (and serves it back): personal numbers
 * and addresses in its text replaced by [passport], [id-card], ... marks. The bot still gets the text as
 * typed, to tell the user that such numbers are not needed.
 */
export function transcriptCopy(
  activity: Partial<Activity>,
  contacts: PublicContacts = NO_PUBLIC_CONTACTS
): Partial<Activity> {
  if (typeof activity.text !== 'string') return activity;
  // The office's own phones and e-mail are not personal data: the transcript keeps them as typed.
  const scan = scanPersonalData(activity.text, contacts);
  return scan.findings.length === 0 ? activity : { ...activity, text: maskPersonalData(scan) };
}

/** The activity for the bot, saying that the transcript keeps only the masked copy. */
export function markTranscriptMasked(activity: Partial<Activity>): Partial<Activity> {
  const channelData: unknown = activity.channelData;
  const own = typeof channelData === 'object' && channelData !== null ? channelData : {};
  return { ...activity, channelData: { ...own, [TRANSCRIPT_MASKED]: true } };
}

function userAccount(ctx: StreamContext): ChannelAccount {
  return { id: ctx.userId, name: '', role: 'user' };
}

/** The conversationUpdate a new conversation starts with, so the bot can welcome the user. */
export function conversationStartActivity(ctx: StreamContext): Partial<Activity> {
  return {
    type: 'conversationUpdate',
    channelId: CHANNEL_ID,
    serviceUrl: SERVICE_URL,
    timestamp: new Date(ctx.nowIso),
    conversation: { id: ctx.conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: userAccount(ctx),
    recipient: BOT_ACCOUNT,
    membersAdded: [BOT_ACCOUNT, userAccount(ctx)],
    locale: ctx.locale
  };
}

/** The bot's replies as clients see them; trace and invoke responses stay on the server. */
export function streamReplies(
  replies: readonly Partial<Activity>[],
  ctx: StreamContext
): Partial<Activity>[] {
  return replies
    .filter((r) => r.type !== 'trace' && r.type !== 'invokeResponse')
    .map((reply) => ({
      ...reply,
      channelId: CHANNEL_ID,
      timestamp: new Date(ctx.nowIso),
      conversation: { id: ctx.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: BOT_ACCOUNT,
      recipient: userAccount(ctx)
    }));
}
