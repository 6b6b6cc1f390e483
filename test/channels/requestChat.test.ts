import { requestChat } from '../../src/channels/directline/requestChat';
import { issueToken } from '../../src/channels/directline/tokens';

const SECRET = 's'.repeat(40);
const NOW = 1_800_000_000_000;
const { token } = issueToken({ conversationId: 'conv1', userId: 'dl_u' }, SECRET, 1800, NOW);
const other = issueToken({ conversationId: 'conv2', userId: 'dl_u' }, SECRET, 1800, NOW).token;

describe('requestChat: which chat a request is counted on', () => {
  it.each([
    ['/v3/directline/conversations/conv1/activities?watermark=3', `Bearer ${token}`, 'conv1'],
    ['/v3/directline/conversations/conv1/activities', `Bearer ${token}`, 'conv1'],
    ['/v3/directline/conversations/conv1', `Bearer ${token}`, 'conv1'],
    [`/v3/directline/conversations/conv1/stream?watermark=&t=${token}`, undefined, 'conv1'],
    // Another conversation's token, a forged one, none: counted per address instead.
    ['/v3/directline/conversations/conv1/activities', `Bearer ${other}`, undefined],
    ['/v3/directline/conversations/conv1/activities', `Bearer ${token.slice(0, -2)}xx`, undefined],
    ['/v3/directline/conversations/conv1/activities', undefined, undefined],
    [`/v3/directline/conversations/conv1/activities?t=${token}`, undefined, undefined],
    // Starting a conversation and token requests are not a chat's own requests.
    ['/v3/directline/conversations', `Bearer ${token}`, undefined],
    ['/v3/directline/tokens/refresh', `Bearer ${token}`, undefined],
    ['/api/messages', `Bearer ${token}`, undefined],
    ['/v3/directline/conversations/%E0%A4%A/activities', `Bearer ${token}`, undefined]
  ])('case %#', (url, authorization, chat) => {
    expect(requestChat(url, authorization, SECRET, NOW + 1000)).toBe(chat);
  });

  it('an expired token counts per address', () => {
    expect(
      requestChat('/v3/directline/conversations/conv1/activities', `Bearer ${token}`, SECRET, NOW + 1801_000)
    ).toBeUndefined();
  });
});
