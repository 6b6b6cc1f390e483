import { Channels } from 'botbuilder';
// The server no longer loads botbuilder-dialogs (a devDependency now): its helpers are the reference here.
import { supportsCardActions, supportsSuggestedActions } from 'botbuilder-dialogs';
import { CHANNEL_LIMITS, channelCapabilities, OWN_CHANNEL_LIMITS } from '../../src/bot/channelCapabilities';

/** What channelCapabilities answered when it called botbuilder-dialogs' helpers. */
function reference(id: string, optionCount: number): { options: string; cards: boolean } {
  if (id === Channels.Test) return { options: 'suggestedActions', cards: true };
  const cards = supportsCardActions(id, 1);
  if (supportsSuggestedActions(id, optionCount)) return { options: 'suggestedActions', cards };
  if (supportsCardActions(id, optionCount)) return { options: 'heroCard', cards };
  return { options: 'numberedList', cards };
}

describe('channel capabilities match Bot Framework channel helpers', () => {
  const counts = [0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 14, 19, 20, 21, 49, 50, 51, 98, 99, 100, 101, 1000];
  it.each(Object.values(Channels))('%s', (id) => {
    for (const count of counts) expect(channelCapabilities(id, count)).toEqual(reference(id, count));
  });

  it('lists only channel ids Bot Framework knows', () => {
    const known = new Set<string>(Object.values(Channels));
    for (const id of CHANNEL_LIMITS.keys()) expect(known.has(id)).toBe(true);
  });

  it('our own channels are not Bot Framework ids (its table stays the judge of its channels)', () => {
    const known = new Set<string>(Object.values(Channels));
    for (const id of OWN_CHANNEL_LIMITS.keys()) expect(known.has(id)).toBe(false);
  });

  it('wechat: numbered lists and text, however many options', () => {
    for (const count of counts)
      expect(channelCapabilities('wechat', count)).toEqual({ options: 'numberedList', cards: false });
  });

  it('treats unknown channels as rich clients', () => {
    expect(channelCapabilities('my-custom-client', 1000)).toEqual({
      options: 'suggestedActions',
      cards: true
    });
    expect(channelCapabilities(undefined, 3)).toEqual({ options: 'suggestedActions', cards: true });
    expect(channelCapabilities('', 3)).toEqual({ options: 'suggestedActions', cards: true });
  });
});
