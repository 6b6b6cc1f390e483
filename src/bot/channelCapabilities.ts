/**
 * What a channel can show. Pure.
 *
 * Channels Bot Framework knows (sms, email, msteams, webchat, ...) are judged by Bot Framework's own
 * channel table (botbuilder-dialogs' supportsSuggestedActions / supportsCardActions), copied below,
 * a test comparing the two for every channel. Why a copy: the server uses nothing else of
 * botbuilder-dialogs, and loading it (its recognizers) costs each process 17 MB of heap and 37 MB of
 * RSS (measured 2026-12-04 on the built server after 20 turns: 185 MB RSS without it, 222 MB with),
 * which puts an instance over the operator's 200 MB budget (bench/RESULTS.md, Targets). Our own channels (WeChat) have their own table in the same
 * terms. Other channel ids (a custom client) and Bot Framework's "test" channel (TestAdapter) are assumed
 * to be rich clients, as Direct Line clients are.
 */
import { Channels } from 'botbuilder';

export type OptionStyle = 'suggestedActions' | 'heroCard' | 'numberedList';

export interface ChannelCapabilities {
  /** How a list of choices is shown. */
  readonly options: OptionStyle;
  /** Whether cards (the contact card) are shown as cards; otherwise as plain text. */
  readonly cards: boolean;
}

/** Most buttons a channel shows as suggested actions / on a card; absent: not at all. */
export interface ChannelLimits {
  readonly suggestedActions?: number;
  readonly cardActions?: number;
}

/** Bot Framework's table (botbuilder-dialogs 4.23, lib/choices/channel.js); channels not listed support neither. */
export const CHANNEL_LIMITS: ReadonlyMap<string, ChannelLimits> = new Map<string, ChannelLimits>([
  [Channels.Facebook, { suggestedActions: 10, cardActions: 3 }],
  [Channels.Skype, { suggestedActions: 10, cardActions: 3 }],
  [Channels.Line, { suggestedActions: 13, cardActions: 99 }],
  [Channels.Kik, { suggestedActions: 20 }],
  [Channels.Msteams, { cardActions: 50 }],
  [Channels.Slack, { cardActions: 100 }],
  [Channels.Telegram, { suggestedActions: 100, cardActions: 100 }],
  [Channels.Emulator, { suggestedActions: 100, cardActions: 100 }],
  [Channels.Directline, { suggestedActions: 100, cardActions: 100 }],
  [Channels.DirectlineSpeech, { suggestedActions: 100, cardActions: 100 }],
  [Channels.Webchat, { suggestedActions: 100, cardActions: 100 }]
]);

/**
 * Channels of our own (src/channels/), which Bot Framework's table does not know: their limits, in
 * the same terms. WeChat: a passive text reply or customer-service text message has no buttons or
 * cards, so options are a numbered list (a reply "2" picks the second, as on SMS) and cards are text.
 */
export const OWN_CHANNEL_LIMITS: ReadonlyMap<string, ChannelLimits> = new Map<string, ChannelLimits>([
  ['wechat', {}]
]);

const NO_LIMITS: ChannelLimits = {};
const KNOWN_CHANNELS: ReadonlySet<string> = new Set<string>(Object.values(Channels));

// Shared, frozen results: this runs on every reply, and callers only read them.
const RICH: ChannelCapabilities = Object.freeze({ options: 'suggestedActions', cards: true });
const RESULTS: Readonly<Record<OptionStyle, readonly [ChannelCapabilities, ChannelCapabilities]>> = {
  suggestedActions: [Object.freeze({ options: 'suggestedActions', cards: false }), RICH],
  heroCard: [
    Object.freeze({ options: 'heroCard', cards: false }),
    Object.freeze({ options: 'heroCard', cards: true })
  ],
  numberedList: [
    Object.freeze({ options: 'numberedList', cards: false }),
    Object.freeze({ options: 'numberedList', cards: true })
  ]
};

export function channelCapabilities(channelId: string | undefined, optionCount: number): ChannelCapabilities {
  const id = channelId ?? '';
  const own = OWN_CHANNEL_LIMITS.get(id);
  if (!own && (id === Channels.Test || !KNOWN_CHANNELS.has(id))) return RICH;
  const limits = own ?? CHANNEL_LIMITS.get(id) ?? NO_LIMITS;
  const cards = limits.cardActions !== undefined && 1 <= limits.cardActions;
  let options: OptionStyle = 'numberedList';
  if (limits.suggestedActions !== undefined && optionCount <= limits.suggestedActions)
    options = 'suggestedActions';
  else if (limits.cardActions !== undefined && optionCount <= limits.cardActions) options = 'heroCard';
  return RESULTS[options][cards ? 1 : 0];
}
