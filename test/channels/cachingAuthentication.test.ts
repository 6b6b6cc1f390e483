import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type TurnContext
} from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import { CachingBotFrameworkAuthentication } from '../../src/channels/cachingAuthentication';
import { messageActivity, startApp } from '../helpers/server';

/** A fake channel: records the replies a bot posts to its serviceUrl. */
async function startChannel(): Promise<{
  url: string;
  received: { path: string; body: { text?: string } }[];
  close(): Promise<void>;
}> {
  const received: { path: string; body: { text?: string } }[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(raw || '{}') });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  };
}

describe('CachingBotFrameworkAuthentication', () => {
  function adapterWithProbe() {
    const auth = new CachingBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication({}), 4);
    const adapter = new CloudAdapter(auth);
    const seen: { connector: unknown; tokens: unknown }[] = [];
    const logic = async (context: TurnContext) => {
      seen.push({
        connector: context.turnState.get(adapter.ConnectorClientKey),
        tokens: context.turnState.get(adapter.UserTokenClientKey)
      });
      await context.sendActivity('ok');
    };
    return { auth, adapter, seen, logic };
  }

  it('reuses the connector and token clients for the same service URL, and builds new ones for another', async () => {
    const { adapter, seen, logic } = adapterWithProbe();
    const turn = (serviceUrl: string) =>
      adapter.processActivityDirect('', messageActivity('hi', { serviceUrl }) as never, logic);
    await turn('http://127.0.0.1:1/a');
    await turn('http://127.0.0.1:1/a');
    await turn('http://127.0.0.1:1/b');
    expect(seen[0]!.connector).toBeDefined();
    expect(seen[1]!.connector).toBe(seen[0]!.connector);
    expect(seen[2]!.connector).not.toBe(seen[0]!.connector);
    expect(seen[1]!.tokens).toBe(seen[0]!.tokens);
  });

  it('keeps the cache bounded however many service URLs arrive', async () => {
    const { auth, adapter, logic } = adapterWithProbe();
    for (let i = 0; i < 20; i++)
      await adapter.processActivityDirect(
        '',
        messageActivity('hi', { serviceUrl: `http://127.0.0.1:1/${i}` }) as never,
        logic
      );
    expect(auth.connectorClients.size).toBe(4);
  });

  it('still delivers normal (not expectReplies) replies through the cached connector to the channel', async () => {
    const channel = await startChannel();
    const running = await startApp({ RATE_LIMIT_PER_SECOND: '0' });
    try {
      for (const text of ['service passport', '公务护照怎么办理？']) {
        const response = await fetch(`${running.baseUrl}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(messageActivity(text, { deliveryMode: undefined, serviceUrl: channel.url }))
        });
        expect(response.status).toBe(200);
      }
      expect(channel.received).toHaveLength(2);
      expect(channel.received[0]!.path).toMatch(
        /^\/v3\/conversations\/conversation-\d+\/activities\/activity-\d+$/
      );
      expect(channel.received[0]!.body.text).toMatch(/Service Passport is issued/);
      expect(channel.received[1]!.body.text).toMatch(/公务护照由/);
    } finally {
      await running.close();
      await channel.close();
    }
  });

  it('still refuses unauthenticated requests when the bot has credentials', async () => {
    const running = await startApp({
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'MultiTenant'
    });
    try {
      const response = await fetch(`${running.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(messageActivity('service passport'))
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'Unauthorized' });
      expect(running.logs.some((l) => l.event === 'auth.rejected')).toBe(true);
    } finally {
      await running.close();
    }
  });

  it('behaves like the stock adapter for an ActivityHandler turn with expectReplies', async () => {
    const stock = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const caching = new CloudAdapter(
      new CachingBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication({}))
    );
    const bot = new ActivityHandler().onMessage(async (context, next) => {
      await context.sendActivity(`echo ${context.activity.text}`);
      await next();
    });
    const activity = messageActivity('hello');
    const [a, b] = await Promise.all([
      stock.processActivityDirect('', { ...activity } as never, (c) => bot.run(c)),
      caching.processActivityDirect('', { ...activity } as never, (c) => bot.run(c))
    ]);
    expect(a).toEqual(b);
  });
});

describe('CachingBotFrameworkAuthentication: requests without a token', () => {
  const plain = { type: 'message', channelId: 'webchat', recipient: { id: 'bot' } } as Activity;

  it('in local mode, resolves the anonymous identity once and shares it', async () => {
    const inner = new ConfigurationBotFrameworkAuthentication({});
    const calls = jest.spyOn(inner, 'authenticateRequest');
    const auth = new CachingBotFrameworkAuthentication(inner);
    const first = await auth.authenticateRequest(plain, '');
    const second = await auth.authenticateRequest(plain, '');
    expect(calls).toHaveBeenCalledTimes(1);
    expect(second).toBe(first);
    expect(first.claimsIdentity.authenticationType).toBe(AuthenticationConstants.AnonymousAuthType);
    expect(first.callerId).toBeNull();
  });

  it('asks every time for the Emulator calling as a skill (a different identity)', async () => {
    const inner = new ConfigurationBotFrameworkAuthentication({});
    const calls = jest.spyOn(inner, 'authenticateRequest');
    const auth = new CachingBotFrameworkAuthentication(inner);
    const skill = { ...plain, channelId: 'emulator', recipient: { id: 'bot', role: 'skill' } } as Activity;
    await auth.authenticateRequest(skill, '');
    await auth.authenticateRequest(skill, '');
    expect(calls).toHaveBeenCalledTimes(2);
  });

  it('with credentials, refuses every request without a token, not just the first', async () => {
    const auth = new CachingBotFrameworkAuthentication(
      new ConfigurationBotFrameworkAuthentication({
        MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
        MicrosoftAppPassword: 'secret',
        MicrosoftAppType: 'MultiTenant'
      })
    );
    await expect(auth.authenticateRequest(plain, '')).rejects.toThrow();
    await expect(auth.authenticateRequest(plain, '')).rejects.toThrow();
  });
});
