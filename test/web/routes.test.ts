import { mkdtempSync, rmSync } from 'node:fs';
import { get, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DirectLineClient } from '../helpers/directLine';
import { startApp, type RunningApp } from '../helpers/server';

/** A raw GET (fetch would undo the gzip we want to see). */
function rawGet(
  url: string,
  headers: Record<string, string>
): Promise<{ res: IncomingMessage; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('website routes over HTTP', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ ALLOWED_ORIGINS: 'https://www.zhaoqing.gov.cn,http://localhost:8080' });
  });
  afterAll(async () => running.close());

  it("serves the page in the browser's language with security headers", async () => {
    const response = await fetch(`${running.baseUrl}/`, {
      headers: { 'accept-language': 'zh-TW,zh;q=0.9,en;q=0.8' }
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-language')).toBe('zh-Hant');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("frame-ancestors 'self' https://www.zhaoqing.gov.cn http://localhost:8080");
    const html = await response.text();
    expect(html).toContain('<html lang="zh-Hant">');
    expect(html).toContain('肇慶市外事辦公室');
    expect(html).toContain('請勿輸入護照號、身份證號或銀行卡號。');
  });

  it('lets ?lang win over the browser', async () => {
    const html = await (
      await fetch(`${running.baseUrl}/?lang=en`, { headers: { 'accept-language': 'zh-CN' } })
    ).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Foreign Affairs Office of Zhaoqing Municipality');
  });

  it('serves Web Chat from the npm package, gzipped, cacheable, with 304 on a matching ETag', async () => {
    const html = await (await fetch(`${running.baseUrl}/?lang=en`)).text();
    const src = /src="(\/static\/webchat-[0-9.]+\.js)"/.exec(html)![1]!;
    const { res, body } = await rawGet(`${running.baseUrl}${src}`, { 'accept-encoding': 'gzip, deflate' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(res.headers['content-encoding']).toBe('gzip');
    const script = gunzipSync(body);
    expect(body.length).toBeLessThan(script.length / 2);
    expect(script.length).toBeGreaterThan(1_000_000);
    expect(script.toString('utf8')).toContain('createDirectLine');
    const plain = await rawGet(`${running.baseUrl}${src}`, {});
    expect(plain.res.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(script)).toBe(true);
    const etag = String(res.headers.etag);
    const again = await fetch(`${running.baseUrl}${src}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    for (const asset of [/href="(\/static\/chat\.css\?v=[\w-]+)"/, /src="(\/static\/chat\.js\?v=[\w-]+)"/]) {
      expect((await fetch(`${running.baseUrl}${asset.exec(html)![1]}`)).status).toBe(200);
    }
  });

  it('tells /embed.js whether the site asking may show the chat', async () => {
    const ask = async (origin?: string) => {
      const res = await fetch(`${running.baseUrl}/embed/allowed`, { headers: origin ? { origin } : {} });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      return ((await res.json()) as { allowed: boolean }).allowed;
    };
    await expect(ask('https://www.zhaoqing.gov.cn')).resolves.toBe(true);
    await expect(ask('https://evil.example')).resolves.toBe(false);
    await expect(ask('not a url')).resolves.toBe(false);
    await expect(ask(running.baseUrl)).resolves.toBe(true);
    await expect(ask()).resolves.toBe(true);
  });

  it('serves /embed.js with its strings filled in, as valid JavaScript any site may load', async () => {
    const response = await fetch(`${running.baseUrl}/embed.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const source = await response.text();
    expect(source).not.toContain('__FAO_STRINGS__');
    expect(source).toContain('"zh-Hant":{"open":"線上諮詢","close":"關閉對話"}');
    expect(() => new Function(source)).not.toThrow();
  });

  it('answers 404 for unknown paths under /static', async () => {
    expect((await fetch(`${running.baseUrl}/static/../package.json`)).status).toBe(404);
    expect((await fetch(`${running.baseUrl}/static/nothing.js`)).status).toBe(404);
  });
});

describe('website before the knowledge has loaded', () => {
  it('still serves the page, and the chat says it is not ready (503)', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'fao-empty-'));
    const running = await startApp({ KNOWLEDGE_DIR: empty });
    try {
      const response = await fetch(`${running.baseUrl}/?lang=en`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('<title>Online enquiries</title>');
      expect(html).toContain('<p class="office" data-text="office" hidden></p>');
      const client = new DirectLineClient(running.baseUrl);
      expect((await client.generate()).status).toBe(200);
      const started = await client.startConversation('en');
      expect(started.status).toBe(503);
      expect(started.body.error!.code).toBe('NotReady');
    } finally {
      await running.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
