import { Writable } from 'node:stream';
import type { Activity } from 'botbuilder';
import pino from 'pino';
import { createBotAdapter } from '../../src/channels/botAdapter';
import { loadConfig } from '../../src/config';
import { waitFor } from '../helpers/wait';

function adapterFor(env: Record<string, string> = {}) {
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      cb();
    }
  });
  const adapter = createBotAdapter(loadConfig(env, '/srv'), pino({ level: 'info' }, sink), (locale) =>
    locale === 'en' ? 'Sorry, something went wrong.' : '抱歉，出错了。'
  );
  return { adapter, logs };
}

const activity = {
  type: 'message',
  id: 'conv|0000001',
  text: 'hello',
  channelId: 'directline',
  serviceUrl: 'http://localhost/v3/directline',
  conversation: { id: 'conv', isGroup: false, conversationType: 'personal', name: '' },
  from: { id: 'dl_user', name: '', role: 'user' },
  recipient: { id: 'fao-assistant', name: 'FAO Assistant', role: 'bot' },
  locale: 'en-US'
};

describe('ChannelAdapter.runTurn', () => {
  it('returns the replies of a turn instead of sending them', async () => {
    const { adapter } = adapterFor();
    const replies = await adapter.runTurn(activity, async (context) => {
      expect(context.activity.deliveryMode).toBe('expectReplies');
      await context.sendActivity('one');
      await context.sendActivity('two');
    });
    expect(replies.map((r) => r.text)).toEqual(['one', 'two']);
    expect(replies[0]).toMatchObject({ replyToId: 'conv|0000001', conversation: { id: 'conv' } });
  });

  it('runs the adapter error handler when the bot throws, so the user still gets an answer', async () => {
    const { adapter, logs } = adapterFor();
    const replies = await adapter.runTurn(activity, async () => {
      throw new Error('boom');
    });
    expect(replies.map((r) => r.text)).toEqual(['Sorry, something went wrong.']);
    expect(logs.some((l) => l.event === 'turn.error' && l.channel === 'directline')).toBe(true);
  });

  it('needs no network even when Azure Bot credentials are configured', async () => {
    const { adapter } = adapterFor({
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'pw'
    });
    const replies = await adapter.runTurn(activity, async (context) => {
      await context.sendActivity('fine');
    });
    expect(replies.map((r) => r.text)).toEqual(['fine']);
  });
});

describe('typing indicator', () => {
  it('is sent to the channel during a slow normal turn, never during an expectReplies turn', async () => {
    const { adapter, logs } = adapterFor();
    // Outgoing activities of normal turns are recorded instead of POSTed to the serviceUrl.
    const sent: string[] = [];
    jest.spyOn(adapter, 'sendActivities').mockImplementation(async (_context, activities) => {
      sent.push(...activities.map((a) => a.type ?? ''));
      return activities.map((_, i) => ({ id: `sent-${i}` }));
    });
    const typingSent = () => sent.includes('typing');
    // Both turns run at once and stay open until the normal one has had its typing indicator.
    const [normal, buffered] = await Promise.all([
      adapter.processActivityDirect('', { ...activity } as Activity, async (context) => {
        await waitFor(typingSent, "the normal turn's typing indicator");
        await context.sendActivity('normal answer');
      }),
      adapter.runTurn(activity, async (context) => {
        await waitFor(typingSent, "the normal turn's typing indicator");
        await context.sendActivity('answer');
      })
    ]);
    expect(normal).toBeUndefined();
    expect(sent[0]).toBe('typing');
    expect(sent.filter((type) => type === 'message')).toHaveLength(1);
    expect(buffered.map((r) => r.type)).toEqual(['message']);
    expect(logs.filter((l) => l.event === 'turn.error')).toEqual([]);
  });
});
