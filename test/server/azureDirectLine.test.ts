/**
 * Azure mode against a fake Azure Direct Line on loopback: the server exchanges its secret for a
 * token, the page is pointed at the upstream, and the secret never reaches the browser.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startApp, type RunningApp } from '../helpers/server';

const SECRET = 'azure-direct-line-secret-value';

interface Seen {
  path: string;
  authorization?: string;
  body: string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    req.on('end', () => resolve(data));
  });
}

describe('Azure Direct Line mode', () => {
  let upstream: Server;
  let upstreamUrl: string;
  let running: RunningApp;
  const seen: Seen[] = [];
  let behaviour: 'ok' | 'refuse' | 'garbage' = 'ok';

  beforeAll(async () => {
    upstream = createServer(async (req, res) => {
      const body = await readBody(req);
      seen.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
      // Two steps: restify patches Node's ServerResponse, and its writeHead does not return `res`.
      const reply = (status: number, text: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(text);
      };
      if (behaviour === 'refuse') {
        reply(403, '{"error":{"code":"Forbidden"}}');
      } else if (behaviour === 'garbage') {
        reply(200, '<html>proxy error</html>');
      } else if (
        req.url === '/v3/directline/tokens/generate' &&
        req.headers.authorization === `Bearer ${SECRET}`
      ) {
        reply(
          200,
          JSON.stringify({ conversationId: 'azure-conv-1', token: 'azure-token-1', expires_in: 3600 })
        );
      } else if (
        req.url === '/v3/directline/tokens/refresh' &&
        req.headers.authorization === 'Bearer azure-token-1'
      ) {
        reply(
          200,
          JSON.stringify({ conversationId: 'azure-conv-1', token: 'azure-token-2', expires_in: 3600 })
        );
      } else {
        reply(403, '{"error":{"code":"TokenExpired"}}');
      }
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    running = await startApp({
      DIRECTLINE_SECRET: SECRET,
      DIRECTLINE_ENDPOINT: `${upstreamUrl}/v3/directline`
    });
  });
  afterAll(async () => {
    await running.close();
    await new Promise((resolve) => upstream.close(resolve));
  });
  beforeEach(() => {
    behaviour = 'ok';
    seen.length = 0;
  });

  it('exchanges the secret for an Azure token bound to a fresh user id', async () => {
    const response = await fetch(`${running.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(SECRET);
    const body = JSON.parse(text) as { conversationId: string; token: string; userId: string };
    expect(body).toMatchObject({ conversationId: 'azure-conv-1', token: 'azure-token-1', expires_in: 3600 });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.authorization).toBe(`Bearer ${SECRET}`);
    const sent = JSON.parse(seen[0]!.body) as { user: { id: string } };
    expect(sent.user.id).toMatch(/^dl_/);
    expect(body.userId).toBe(sent.user.id);
  });

  it("refreshes through Azure, passing Azure's refusal on to the client", async () => {
    const ok = await fetch(`${running.baseUrl}/v3/directline/tokens/refresh`, {
      method: 'POST',
      headers: { authorization: 'Bearer azure-token-1' }
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      conversationId: 'azure-conv-1',
      token: 'azure-token-2',
      expires_in: 3600
    });
    const refused = await fetch(`${running.baseUrl}/v3/directline/tokens/refresh`, {
      method: 'POST',
      headers: { authorization: 'Bearer stale' }
    });
    expect(refused.status).toBe(403);
  });

  it('answers 502 without details when Azure refuses the secret or answers nonsense', async () => {
    for (const mode of ['refuse', 'garbage'] as const) {
      behaviour = mode;
      const response = await fetch(`${running.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' });
      expect(response.status).toBe(502);
      const text = await response.text();
      expect(text).not.toContain(SECRET);
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'UpstreamFailed' } });
    }
    expect(running.logs.some((l) => l.event === 'directline.upstream_failed')).toBe(true);
  });

  it('points the page at Azure and lets it connect there, and nowhere else', async () => {
    const response = await fetch(`${running.baseUrl}/?lang=en`);
    const html = await response.text();
    expect(html).toContain(`"directLineDomain":"${upstreamUrl}/v3/directline"`);
    expect(html).not.toContain(SECRET);
    expect(response.headers.get('content-security-policy')).toContain(`connect-src 'self' ${upstreamUrl};`);
  });
});

describe('Azure mode with an unreachable Direct Line', () => {
  it('answers 502 quickly', async () => {
    const running = await startApp({
      DIRECTLINE_SECRET: SECRET,
      DIRECTLINE_ENDPOINT: 'http://127.0.0.1:1/v3/directline'
    });
    try {
      const response = await fetch(`${running.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' });
      expect(response.status).toBe(502);
    } finally {
      await running.close();
    }
  });
});
