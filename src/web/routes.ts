/**
 * The website: the chat page at /, the embed script at /embed.js, and the static files they load,
 * Microsoft's Web Chat bundle among them, all from this server (the office network may be closed).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Request, Response, Server } from 'restify';
import type { AppConfig } from '../config';
import { frameAncestors } from '../http/origins';
import type { Locale } from '../language/locale';
import type { KnowledgeStore } from '../runtime/knowledgeStore';
import { DIRECT_LINE_PATH } from '../channels/directline/routes';
import { pickPageLocale, renderChatPage, type PageOffice } from './page';
import { PAGE_STRINGS } from './strings';

export const PUBLIC_DIR = path.resolve(__dirname, '..', '..', 'public');

interface Asset {
  body: Buffer;
  gzipped: Buffer;
  type: string;
  etag: string;
}

function asset(body: Buffer, type: string): Asset {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
  return { body, gzipped: gzipSync(body), type, etag };
}

/** Web Chat's full bundle, from the npm package (its `exports` hide dist/, so go from the main file). */
export function webChatBundlePath(): string {
  return path.resolve(path.dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
}

function webChatVersion(): string {
  const pkg = path.resolve(path.dirname(webChatBundlePath()), '..', 'package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

export interface WebDeps {
  config: AppConfig;
  store: KnowledgeStore;
}

function securityHeaders(config: AppConfig): Record<string, string> {
  const connect = ["'self'"];
  if (config.directLine.azureSecret) connect.push(new URL(config.directLine.azureEndpoint).origin);
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    // Web Chat styles its components with generated <style> elements.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    `frame-ancestors ${frameAncestors(config.allowedOrigins)}`,
    "base-uri 'none'",
    "form-action 'self'"
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()'
  };
}

export function registerWebRoutes(server: Server, { config, store }: WebDeps): void {
  const webChatPath = `/static/webchat-${webChatVersion()}.js`;
  const files = {
    webChat: asset(readFileSync(webChatBundlePath()), 'application/javascript; charset=utf-8'),
    script: asset(readFileSync(path.join(PUBLIC_DIR, 'chat.js')), 'application/javascript; charset=utf-8'),
    style: asset(readFileSync(path.join(PUBLIC_DIR, 'chat.css')), 'text/css; charset=utf-8')
  };
  const embedSource = readFileSync(path.join(PUBLIC_DIR, 'embed.js'), 'utf8');
  const embed = asset(
    Buffer.from(embedSource.replace('__FAO_STRINGS__', JSON.stringify(embedStrings()))),
    'application/javascript; charset=utf-8'
  );
  const assets = {
    webChat: webChatPath,
    script: `/static/chat.js?v=${files.script.etag.slice(1, 9)}`,
    style: `/static/chat.css?v=${files.style.etag.slice(1, 9)}`
  };
  const page = securityHeaders(config);

  const serve = (
    req: Request,
    res: Response,
    file: Asset,
    cacheControl: string,
    extra: Record<string, string> = {}
  ) => {
    const headers: Record<string, string> = {
      'Content-Type': file.type,
      'Cache-Control': cacheControl,
      ETag: file.etag,
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
      ...extra
    };
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? file.gzipped : file.body;
    if (gzip) headers['Content-Encoding'] = 'gzip';
    headers['Content-Length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  // Versioned path: cache for a year. chat.js/css carry a content hash in the query; an hour is safe.
  server.get(webChatPath, async (req: Request, res: Response) =>
    serve(req, res, files.webChat, 'public, max-age=31536000, immutable')
  );
  server.get('/static/chat.js', async (req: Request, res: Response) =>
    serve(req, res, files.script, 'public, max-age=3600')
  );
  server.get('/static/chat.css', async (req: Request, res: Response) =>
    serve(req, res, files.style, 'public, max-age=3600')
  );
  // Loaded by other sites' pages: allow cross-origin use of the script itself.
  server.get('/embed.js', async (req: Request, res: Response) =>
    serve(req, res, embed, 'public, max-age=3600', { 'Cross-Origin-Resource-Policy': 'cross-origin' })
  );

  server.get('/', async (req: Request, res: Response) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const locale = pickPageLocale(query.lang, req.headers['accept-language'], config.defaultLocale);
    const html = renderChatPage({
      locale,
      embed: query.embed === '1',
      office: officeFor(store, locale),
      assets,
      tokenUrl: `${DIRECT_LINE_PATH}/tokens/generate`,
      directLineDomain: config.directLine.azureSecret ? config.directLine.azureEndpoint : undefined,
      // Our own Direct Line streams when DIRECTLINE_WEBSOCKET is on; Azure mode keeps polling as before.
      webSocket: !config.directLine.azureSecret && config.directLine.webSocket
    });
    const body = Buffer.from(html, 'utf8');
    res.writeHead(200, {
      ...page,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Language': locale,
      'Content-Length': String(body.length),
      'Cache-Control': 'no-store',
      Vary: 'Accept-Language'
    });
    res.end(body);
  });
}

function officeFor(store: KnowledgeStore, locale: Locale): PageOffice {
  // Before the knowledge loads the page still works; the chat answers 503 until then.
  if (!store.ready) return { name: '', address: '', phones: [] };
  const { office } = store.current().knowledge;
  return {
    name: office.name[locale],
    address: office.address?.[locale] ?? '',
    phones: office.phones,
    website: office.website
  };
}

function embedStrings(): Record<string, { open: string; close: string }> {
  return Object.fromEntries(
    Object.entries(PAGE_STRINGS).map(([locale, s]) => [locale, { open: s.open, close: s.close }])
  );
}
