/**
 * Issue 14 attack 9: /readyz (public, not rate limited) showed the absolute KNOWLEDGE_DIR and file
 * problems; 404 bodies echoed the path; HEAD on / and /healthz was 405. Real server on loopback; a
 * visitor from outside arrives through a proxy (X-Forwarded-For), as it would in production.
 */
import { startApp, type RunningApp } from '../helpers/server';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const FROM_OUTSIDE = { 'x-forwarded-for': '203.0.113.7' };

describe('/readyz: public says ready and the version, details for the admin token or this host', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ ADMIN_TOKEN, TRUST_PROXY: '1', RATE_LIMIT_PER_SECOND: '0' });
  });
  afterAll(async () => running.close());

  const readyz = async (headers: Record<string, string>) => {
    const response = await fetch(`${running.baseUrl}/readyz`, { headers });
    return { status: response.status, text: await response.text() };
  };

  it('a visitor gets only the state and the knowledge version', async () => {
    const { status, text } = await readyz(FROM_OUTSIDE);
    expect(status).toBe(200);
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).toEqual({
      status: 'ready',
      knowledge: { version: expect.stringMatching(/^[0-9a-f]{12}$/) as unknown }
    });
    expect(text).not.toContain(running.config.knowledgeDir);
    expect(text).not.toMatch(/entries|problems|redis/);
  });

  it.each([
    ['a wrong token', `Bearer ${ADMIN_TOKEN}x`],
    ['the token without Bearer', ADMIN_TOKEN],
    ['a prefix of the token', `Bearer ${ADMIN_TOKEN.slice(0, 10)}`]
  ])('%s shows nothing more', async (_what, authorization) => {
    const { text } = await readyz({ ...FROM_OUTSIDE, authorization });
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['status', 'knowledge']);
    expect(text).not.toContain('entries');
  });

  it('the admin token shows the details, from anywhere', async () => {
    const { text } = await readyz({ ...FROM_OUTSIDE, authorization: `Bearer ${ADMIN_TOKEN}` });
    const body = JSON.parse(text) as { knowledge: { entries: number; directory: string } };
    expect(body.knowledge.entries).toBe(5);
    expect(body.knowledge.directory).toBe(running.config.knowledgeDir);
  });

  it('a client on this host (no proxy in between) sees the details', async () => {
    const body = JSON.parse((await readyz({})).text) as { knowledge: { entries: number } };
    expect(body.knowledge.entries).toBe(5);
  });
});

describe('HEAD is answered wherever GET is; 404s do not repeat the request', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ RATE_LIMIT_PER_SECOND: '0' });
  });
  afterAll(async () => running.close());

  it.each(['/', '/healthz', '/readyz', '/embed.js', '/static/chat.css', '/embed/allowed'])(
    'HEAD %s: the GET status and headers, no body',
    async (path) => {
      const get = await fetch(`${running.baseUrl}${path}`, { headers: { 'accept-encoding': 'identity' } });
      const getBody = Buffer.from(await get.arrayBuffer());
      const head = await fetch(`${running.baseUrl}${path}`, {
        method: 'HEAD',
        headers: { 'accept-encoding': 'identity' }
      });
      expect(get.status).toBe(200);
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
      expect(Number(head.headers.get('content-length'))).toBe(getBody.length);
      expect((await head.arrayBuffer()).byteLength).toBe(0);
    }
  );

  it('HEAD on a POST-only route is 405, like GET', async () => {
    for (const method of ['GET', 'HEAD']) {
      const response = await fetch(`${running.baseUrl}/api/messages`, { method });
      expect(response.status).toBe(405);
    }
  });

  it.each([
    '/<script>alert(1)</script>',
    '/etc/passwd-probe-7f3a',
    '/static/%3Cimg%20src%3Dx%3E',
    `/${'long-path-'.repeat(50)}`
  ])('404 for %s does not echo it', async (path) => {
    const response = await fetch(`${running.baseUrl}${path}`);
    expect(response.status).toBe(404);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ code: 'ResourceNotFound', message: 'Nothing here' });
    for (const part of path.split('/').filter(Boolean)) expect(text).not.toContain(part.slice(0, 12));
  });

  it('405 does not echo the method', async () => {
    const response = await fetch(`${running.baseUrl}/api/messages`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(await response.text()).not.toContain('DELETE');
  });
});
