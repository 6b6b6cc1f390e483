/**
 * Ids a channel posts to /api/messages become bot state keys (`<channel>/conversations/<id>`,
 * `<channel>/users/<id>`) kept for STATE_TTL_SECONDS: 125 KB ids made 11,568 requests hold 3.65 GB.
 * Real channels' ids are far shorter, Teams' `a:...` personal conversation ids (about 130-150
 * characters) being the longest we know of, so the cap leaves them room. Pure.
 */
export const MAX_ACTIVITY_ID_CHARS = 256;

const ID_FIELDS: readonly { path: string; read: (a: ActivityIds) => unknown }[] = [
  { path: 'id', read: (a) => a.id },
  { path: 'channelId', read: (a) => a.channelId },
  { path: 'replyToId', read: (a) => a.replyToId },
  { path: 'conversation.id', read: (a) => a.conversation?.id },
  { path: 'from.id', read: (a) => a.from?.id },
  { path: 'recipient.id', read: (a) => a.recipient?.id }
];

interface ActivityIds {
  id?: unknown;
  channelId?: unknown;
  replyToId?: unknown;
  conversation?: { id?: unknown } | null;
  from?: { id?: unknown } | null;
  recipient?: { id?: unknown } | null;
}

/** The first id field longer than `max` characters (or not text), or undefined when all are fine. */
export function oversizedIdField(activity: ActivityIds, max = MAX_ACTIVITY_ID_CHARS): string | undefined {
  for (const field of ID_FIELDS) {
    const value = field.read(activity);
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || value.length > max) return field.path;
  }
  return undefined;
}
