/** Shapes Direct Line activities: checks what a client posts and stamps what goes into the stream. Pure. */
import type { Activity, ChannelAccount } from 'botbuilder';
import { maskPersonalData, scanPersonalData } from '../../logging/redact';

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

/**
 * The user's activity as the server accepts it: the server decides id, time, conversation and who
 * sent it (the token's user); the client's own fields, `channelData.clientActivityID` among them,
 * stay as posted so Web Chat can match the echo to what it sent.
 */
export function acceptUserActivity(client: Partial<Activity>, ctx: StreamContext): Partial<Activity> {
  // The server assigns these; a client's own values are dropped.
  const rest: Partial<Activity> = { ...client };
  delete rest.id;
  delete rest.deliveryMode;
  delete rest.serviceUrl;
  const from = typeof client.from === 'object' && client.from !== null ? client.from : ({} as ChannelAccount);
  return {
    ...rest,
    channelId: CHANNEL_ID,
    serviceUrl: SERVICE_URL,
    timestamp: new Date(ctx.nowIso),
    conversation: { id: ctx.conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: { ...from, id: ctx.userId, role: 'user' },
    recipient: BOT_ACCOUNT,
    locale: typeof client.locale === 'string' && client.locale ? client.locale : ctx.locale
  };
}

/** Set in channelData of the activity the bot gets when the transcript copy of it is masked. */
export const TRANSCRIPT_MASKED = 'transcriptMasked';

/**
 * The user's activity as the conversation's transcript keeps it (and serves it back): personal numbers
 * and addresses in its text replaced by [passport], [id-card], ... marks. The bot still gets the text as
 * typed, to tell the user that such numbers are not needed.
 */
export function transcriptCopy(activity: Partial<Activity>): Partial<Activity> {
  if (typeof activity.text !== 'string') return activity;
  const scan = scanPersonalData(activity.text);
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
