import http from 'node:http';
import { messageActivity, startApp, type RunningApp } from '../helpers/server';

/** A raw request, so the test controls framing (chunked, no content-length) exactly. */
function rawRequest(
  baseUrl: string,
  options: { method: string; path: string; headers?: Record<string, string>; chunks?: string[] }
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: options.path,
        headers: options.headers,
        agent: false
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      }
    );
    // The server may answer 413 and close before the whole body is written; that is fine here.
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)
    );
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

function expectJsonErrorWithoutStack(body: string): Record<string, unknown> {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  expect(typeof parsed.code).toBe('string');
  expect(typeof parsed.message).toBe('string');
  expect(body).not.toMatch(/\bat .+:\d+:\d+|node_modules|\.ts:|\.js:/);
  return parsed;
}

describe('limits and errors over HTTP', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ RATE_LIMIT_PER_SECOND: '0' });
  });
  afterAll(async () => {
    await running.close();
  });

  it('refuses a chunked body without content-length once it passes 256 KB', async () => {
    const json = JSON.stringify(messageActivity('x'.repeat(300 * 1024)));
    const chunks = json.match(/[\s\S]{1,16384}/g)!;
    const response = await rawRequest(running.baseUrl, {
      method: 'POST',
      path: '/api/messages',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks
    });
    expect(response.headers['content-length']).toBeDefined();
    expect(response.status).toBe(413);
    expectJsonErrorWithoutStack(response.body);
  });

  it('accepts a chunked body under the limit', async () => {
    const json = JSON.stringify(messageActivity('service passport'));
    const response = await rawRequest(running.baseUrl, {
      method: 'POST',
      path: '/api/messages',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks: [json.slice(0, 40), json.slice(40)]
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatch(/Service Passport/);
  });

  it('answers unknown paths with a JSON 404 and wrong methods with a JSON 405', async () => {
    const notFound = await rawRequest(running.baseUrl, { method: 'GET', path: '/nope/../../etc/passwd' });
    expect(notFound.status).toBe(404);
    expect(notFound.headers['content-type']).toMatch(/json/);
    expectJsonErrorWithoutStack(notFound.body);

    const wrongMethod = await rawRequest(running.baseUrl, { method: 'GET', path: '/api/messages' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers['content-type']).toMatch(/json/);
    expect(wrongMethod.headers.allow).toMatch(/POST/);
    expectJsonErrorWithoutStack(wrongMethod.body);
  });

  it('answers a wrong content type and malformed JSON with JSON errors, no stack', async () => {
    const post = (contentType: string, body: string) =>
      rawRequest(running.baseUrl, {
        method: 'POST',
        path: '/api/messages',
        headers: { 'content-type': contentType },
        chunks: [body]
      });
    const wrongType = await post('text/plain', 'hello');
    expect(wrongType.status).toBeGreaterThanOrEqual(400);
    expect(wrongType.status).toBeLessThan(500);
    expectJsonErrorWithoutStack(wrongType.body);

    const malformed = await post('application/json', '{"type":');
    expect(malformed.status).toBe(400);
    expectJsonErrorWithoutStack(malformed.body);
  });
});

describe('rate limit behind a reverse proxy (TRUST_PROXY)', () => {
  /**
   * The statuses of requests sent all at once (one per X-Forwarded-For value, in order), and how many
   * whole seconds they took: at 1 request per second a slow machine refills a token each second, so
   * sequential requests could pass the limit by being slow (a stress run did); parallel ones cannot.
   */
  async function statusesFor(
    running: RunningApp,
    forwardedFor: string[]
  ): Promise<{ statuses: number[]; seconds: number }> {
    const started = Date.now();
    const statuses = await Promise.all(
      forwardedFor.map(async (client) => {
        const response = await fetch(`${running.baseUrl}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
          body: JSON.stringify(messageActivity('service passport'))
        });
        await response.arrayBuffer();
        return response.status;
      })
    );
    return { statuses, seconds: Math.floor((Date.now() - started) / 1000) };
  }
  const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

  it('limits each forwarded client separately when the proxy is trusted', async () => {
    const running = await startApp({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '2', TRUST_PROXY: '1' });
    try {
      const one = Array.from({ length: 6 }, () => '203.0.113.1');
      const { statuses, seconds } = await statusesFor(running, [
        ...one,
        '203.0.113.2',
        '9.9.9.9, 203.0.113.3'
      ]);
      const forOne = statuses.slice(0, 6);
      // Burst 2, plus at most one refill per second the requests took; the rest are refused.
      expect(count(forOne, 200)).toBeLessThanOrEqual(2 + seconds);
      expect(count(forOne, 200) + count(forOne, 429)).toBe(6);
      expect(count(forOne, 429)).toBeGreaterThan(0);
      // The other two clients (the last one behind two proxies) have buckets of their own.
      expect(statuses.slice(6)).toEqual([200, 200]);
    } finally {
      await running.close();
    }
  });

  it('ignores X-Forwarded-For by default, so a client cannot dodge the limit by forging it', async () => {
    const running = await startApp({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '2' });
    try {
      const forged = Array.from({ length: 6 }, (_, i) => `203.0.113.${i + 1}`);
      const { statuses, seconds } = await statusesFor(running, forged);
      // One client (the loopback address) whatever the header says: burst 2 plus one per second.
      expect(count(statuses, 200)).toBeLessThanOrEqual(2 + seconds);
      expect(count(statuses, 429)).toBeGreaterThan(0);
    } finally {
      await running.close();
    }
  });
});
