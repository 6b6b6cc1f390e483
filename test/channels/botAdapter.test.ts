import { Writable } from 'node:stream';
import pino from 'pino';
import { createBotAdapter } from '../../src/channels/botAdapter';
import { loadConfig } from '../../src/config';

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
  it('is not added to the replies of a slow expectReplies turn: it would arrive after the answer', async () => {
    const { adapter, logs } = adapterFor();
    const sent = jest.spyOn(adapter, 'sendActivities');
    const replies = await adapter.runTurn(activity, async (context) => {
      await new Promise((resolve) => setTimeout(resolve, 700));
      await context.sendActivity('answer');
    });
    expect(replies.map((r) => r.type)).toEqual(['message']);
    // Nor is it sent to the channel's serviceUrl behind the turn's back (which fails and logs an error).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sent.mock.calls.flatMap(([, activities]) => activities.map((a) => a.type))).not.toContain(
      'typing'
    );
    expect(logs.filter((l) => l.event === 'turn.error')).toEqual([]);
  });
});
