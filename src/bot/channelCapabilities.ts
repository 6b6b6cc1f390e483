/**
 * What a channel can show, from botbuilder-dialogs' channel helpers. Pure.
 *
 * Channels Bot Framework knows (sms, email, msteams, webchat, ...) are judged by the helpers. Channel
 * ids it does not know (a custom client) and its own "test" channel (TestAdapter) are assumed to be rich
 * clients, as Direct Line clients are.
 */
import { Channels } from 'botbuilder';
import { supportsCardActions, supportsSuggestedActions } from 'botbuilder-dialogs';

export type OptionStyle = 'suggestedActions' | 'heroCard' | 'numberedList';

export interface ChannelCapabilities {
  /** How a list of choices is shown. */
  options: OptionStyle;
  /** Whether cards (the contact card) are shown as cards; otherwise as plain text. */
  cards: boolean;
}

const KNOWN_CHANNELS: ReadonlySet<string> = new Set(Object.values(Channels));

export function channelCapabilities(channelId: string | undefined, optionCount: number): ChannelCapabilities {
  const id = channelId ?? '';
  if (!KNOWN_CHANNELS.has(id) || id === Channels.Test) return { options: 'suggestedActions', cards: true };
  const cards = supportsCardActions(id, 1);
  let options: OptionStyle = 'numberedList';
  if (supportsSuggestedActions(id, optionCount)) options = 'suggestedActions';
  else if (supportsCardActions(id, optionCount)) options = 'heroCard';
  return { options, cards };
}
