/**
 * Where /api/messages may send replies: local mode (no MicrosoftAppId) never POSTs to a serviceUrl
 * a caller chose, unless ALLOW_LOCAL_SERVICE_URLS=true and it is the Emulator's. Real listeners on
 * loopback prove which requests arrive.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { messageActivity, startApp } from '../helpers/server';

/** A fake channel (or an internal service someone aims at): records every request it receives. */
async function startListener(): Promise<{
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
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}

function post(baseUrl: string, activity: Record<string, unknown>, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity)
  });
}

describe('local mode: replies go nowhere a caller chose', () => {
  it('never POSTs to a loopback serviceUrl by default, whatever the path or channel', async () => {
    const target = await startListener();
    const running = await startApp({ RATE_LIMIT_PER_SECOND: '0' });
    try {
      for (const [channelId, serviceUrl] of [
        ['test', `${target.url}/internal/admin?x=`],
        ['emulator', target.url],
        ['emulator', `${target.url.replace('127.0.0.1', 'localhost')}/`],
        ['webchat', `http://[::1]:${new URL(target.url).port}`]
      ]) {
        const response = await post(
          running.baseUrl,
          messageActivity('service passport', { deliveryMode: undefined, channelId, serviceUrl })
        );
        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({
          code: 'Forbidden',
          message: expect.stringContaining('ALLOW_LOCAL_SERVICE_URLS')
        });
      }
      // A request the server would have sent would have arrived by the time a normal turn is answered.
      const answered = await post(running.baseUrl, messageActivity('service passport'));
      expect(answered.status).toBe(200);
      expect(target.received).toEqual([]);
    } finally {
      await running.close();
      await target.close();
    }
  });

  it('with ALLOW_LOCAL_SERVICE_URLS=true delivers to the Emulator, and still refuses other loopback targets', async () => {
    const channel = await startListener();
    const running = await startApp({ RATE_LIMIT_PER_SECOND: '0', ALLOW_LOCAL_SERVICE_URLS: 'true' });
    try {
      for (const text of ['service passport', '公务护照怎么办理？']) {
        const response = await post(
          running.baseUrl,
          messageActivity(text, { deliveryMode: undefined, channelId: 'emulator', serviceUrl: channel.url })
        );
        expect(response.status).toBe(200);
      }
      expect(channel.received).toHaveLength(2);
      expect(channel.received[0]!.path).toMatch(
        /^\/v3\/conversations\/conversation-\d+\/activities\/activity-\d+$/
      );
      expect(channel.received[0]!.body.text).toMatch(/Service Passport is issued/);
      expect(channel.received[1]!.body.text).toMatch(/公务护照由/);

      for (const [channelId, serviceUrl] of [
        ['emulator', `${channel.url}/internal/admin?x=`],
        ['emulator', `${channel.url}/?x=1`],
        ['test', channel.url],
        ['emulator', 'http://10.0.0.1:8080']
      ]) {
        const response = await post(
          running.baseUrl,
          messageActivity('service passport', { deliveryMode: undefined, channelId, serviceUrl })
        );
        expect(response.status).toBe(403);
      }
      expect(channel.received).toHaveLength(2);
    } finally {
      await running.close();
      await channel.close();
    }
  });
});

describe('with credentials', () => {
  it('refuses unauthenticated and forged requests with 401 JSON, logged, and sends nothing', async () => {
    const channel = await startListener();
    const running = await startApp({
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'MultiTenant'
    });
    try {
      for (const headers of [{}, { authorization: 'Bearer not-a-token' }] as Record<string, string>[]) {
        const response = await post(
          running.baseUrl,
          messageActivity('service passport', { deliveryMode: undefined, serviceUrl: channel.url }),
          headers
        );
        expect(response.status).toBe(401);
        expect(await response.json()).toMatchObject({ code: 'Unauthorized' });
      }
      expect(running.logs.filter((l) => l.event === 'auth.rejected')).toHaveLength(2);
      expect(channel.received).toEqual([]);
    } finally {
      await running.close();
      await channel.close();
    }
  });
});
