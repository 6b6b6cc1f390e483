/**
 * A fake WeChat on loopback, written from WeChat's documentation independently of src/channels/wechat
 * (its own signing, encryption and XML), so the tests check our server against the protocol, not
 * against itself:
 * - `FakeWeChatApi`: the API server (`/cgi-bin/token`, `/cgi-bin/message/custom/send`,
 *   `/cgi-bin/menu/create`) with scripted failures and expiring tokens;
 * - `WeChatPusher`: WeChat's side of the push, signing and (safe/compatible mode) encrypting each push,
 *   and verifying the signature, encryption and XML of every passive reply.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';

export type PushMode = 'plain' | 'compatible' | 'safe';

export interface SentMessage {
  touser: string;
  content: string;
  at: number;
}

function sha1(...parts: string[]): string {
  return createHash('sha1').update(parts.sort().join('')).digest('hex');
}

/** Polls `check` (sync or async) until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 5000,
  what = 'condition'
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export class FakeWeChatApi {
  readonly sent: SentMessage[] = [];
  readonly menus: unknown[] = [];
  tokenRequests = 0;
  /** Seconds each new token lives (WeChat: 7200). */
  expiresIn = 7200;
  private server: http.Server | undefined;
  private validTokens = new Set<string>();
  private tokenCount = 0;
  /** errcodes the next API calls (not token requests) answer with, in order. */
  private failures: number[] = [];
  baseUrl = '';

  constructor(
    readonly appId: string,
    readonly appSecret: string
  ) {}

  /** The next API calls fail with these errcodes (e.g. -1 system busy, 42001 token expired). */
  failNext(...errcodes: number[]): void {
    this.failures.push(...errcodes);
  }

  /** Every token issued so far stops working, as when another party fetched a new one. */
  expireAllTokens(): void {
    this.validTokens.clear();
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/cgi-bin/token') {
      this.tokenRequests++;
      if (url.searchParams.get('grant_type') !== 'client_credential')
        return json({ errcode: 40002, errmsg: 'invalid grant_type' });
      if (url.searchParams.get('appid') !== this.appId || url.searchParams.get('secret') !== this.appSecret)
        return json({ errcode: 40125, errmsg: 'invalid appsecret' });
      const token = `ACCESS_TOKEN_${++this.tokenCount}`;
      this.validTokens.add(token);
      return json({ access_token: token, expires_in: this.expiresIn });
    }
    if (req.method !== 'POST') return json({ errcode: 43002, errmsg: 'require POST method' });
    const token = url.searchParams.get('access_token') ?? '';
    const failure = this.failures.shift();
    if (failure !== undefined) {
      if (failure === 42001 || failure === 40001) this.validTokens.delete(token);
      return json({ errcode: failure, errmsg: `scripted failure ${failure}` });
    }
    if (!this.validTokens.has(token))
      return json({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      return json({ errcode: 47001, errmsg: 'data format error' });
    }
    if (url.pathname === '/cgi-bin/message/custom/send') {
      const text = body.text as { content?: unknown } | undefined;
      if (body.msgtype !== 'text' || typeof body.touser !== 'string' || typeof text?.content !== 'string')
        return json({ errcode: 47001, errmsg: 'data format error' });
      // WeChat's limit for a text message.
      if (Buffer.byteLength(text.content) > 2048)
        return json({ errcode: 45002, errmsg: 'content size out of limit' });
      this.sent.push({ touser: body.touser, content: text.content, at: Date.now() });
      return json({ errcode: 0, errmsg: 'ok' });
    }
    if (url.pathname === '/cgi-bin/menu/create') {
      this.menus.push(body);
      return json({ errcode: 0, errmsg: 'ok' });
    }
    return json({ errcode: 48001, errmsg: 'api unauthorized' });
  }
}

/** WeChat's AES scheme, written out once more from the documentation (PKCS#7 to 32-byte blocks). */
export class FakeCipher {
  private readonly key: Buffer;

  constructor(
    encodingAesKey: string,
    private readonly appId: string
  ) {
    this.key = Buffer.from(`${encodingAesKey}=`, 'base64');
  }

  encrypt(xml: string, appId = this.appId): string {
    const message = Buffer.from(xml);
    const header = Buffer.alloc(20);
    randomBytes(16).copy(header);
    header.writeUInt32BE(message.length, 16);
    const plain = Buffer.concat([header, message, Buffer.from(appId)]);
    const pad = 32 - (plain.length % 32);
    const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.key.subarray(0, 16));
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
  }

  decrypt(encrypted: string): { xml: string; appId: string; padding: number } {
    const decipher = createDecipheriv('aes-256-cbc', this.key, this.key.subarray(0, 16));
    decipher.setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
    const padding = plain[plain.length - 1]!;
    const unpadded = plain.subarray(0, plain.length - padding);
    const length = unpadded.readUInt32BE(16);
    return {
      xml: unpadded.subarray(20, 20 + length).toString(),
      appId: unpadded.subarray(20 + length).toString(),
      padding
    };
  }
}

export interface PushResult {
  status: number;
  text: string;
  /** The passive reply's fields once verified (signature, decryption, addressing); undefined for `success`. */
  reply?: Record<string, string>;
}

export interface PushOptions {
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Sign with another token (an attacker, a misconfigured console). */
  token?: string;
  /** Send this body instead of the push's XML (malformed XML tests). */
  rawBody?: string;
  /** Encrypt for another app id. */
  appId?: string;
  /** Tamper with msg_signature. */
  badMsgSignature?: boolean;
  contentType?: string;
}

/** WeChat's MsgIds are unique across the account: one counter for every pusher (64-bit, beyond 2^53). */
let lastMsgId = BigInt('24000000000000000') * 1000n + BigInt(randomBytes(2).readUInt16BE(0)) * 1_000_000n;

const replyParser = new XMLParser({ parseTagValue: false, processEntities: false });

function xmlOf(fields: Record<string, string | number>): string {
  const parts = Object.entries(fields).map(([name, value]) =>
    typeof value === 'number' ? `<${name}>${value}</${name}>` : `<${name}><![CDATA[${value}]]></${name}>`
  );
  return `<xml>${parts.join('')}</xml>`;
}

export class WeChatPusher {
  readonly cipher: FakeCipher | undefined;
  private events = 0;

  constructor(
    private readonly serverUrl: string,
    private readonly token: string,
    private readonly appId: string,
    encodingAesKey?: string,
    readonly account = 'gh_fao_account'
  ) {
    this.cipher = encodingAesKey ? new FakeCipher(encodingAesKey, appId) : undefined;
  }

  /** A text message push from `openId` (a MsgId WeChat-sized: beyond JavaScript's safe integers). */
  textPush(openId: string, content: string): Record<string, string | number> {
    lastMsgId += 1n;
    return {
      ToUserName: this.account,
      FromUserName: openId,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'text',
      Content: content,
      MsgId: lastMsgId.toString()
    };
  }

  eventPush(
    openId: string,
    event: string,
    extra: Record<string, string | number> = {}
  ): Record<string, string | number> {
    return {
      ToUserName: this.account,
      FromUserName: openId,
      // Events carry no MsgId: sender + CreateTime identify them, so each test event gets its own second.
      CreateTime: Math.floor(Date.now() / 1000) + this.events++,
      MsgType: 'event',
      Event: event,
      ...extra
    };
  }

  /** The server-verification GET WeChat sends when the admin console saves the URL. */
  async handshake(echostr: string, options: PushOptions = {}): Promise<{ status: number; text: string }> {
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = randomBytes(6).toString('hex');
    const signature = sha1(options.token ?? this.token, timestamp, nonce);
    const query = new URLSearchParams({ signature, timestamp, nonce, echostr });
    const response = await fetch(`${this.serverUrl}/api/wechat?${query}`);
    return { status: response.status, text: await response.text() };
  }

  async push(
    fields: Record<string, string | number>,
    mode: PushMode,
    options: PushOptions = {}
  ): Promise<PushResult> {
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = randomBytes(6).toString('hex');
    const token = options.token ?? this.token;
    const query = new URLSearchParams({
      signature: sha1(token, timestamp, nonce),
      timestamp,
      nonce,
      openid: String(fields.FromUserName)
    });
    let body = xmlOf(fields);
    if (mode !== 'plain') {
      if (!this.cipher) throw new Error('an EncodingAESKey is needed for encrypted modes');
      const encrypt = this.cipher.encrypt(body, options.appId ?? this.appId);
      query.set('encrypt_type', 'aes');
      query.set(
        'msg_signature',
        options.badMsgSignature ? sha1('tampered', encrypt) : sha1(token, timestamp, nonce, encrypt)
      );
      body =
        mode === 'safe'
          ? xmlOf({ ToUserName: String(fields.ToUserName), Encrypt: encrypt })
          : body.replace('</xml>', `<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`);
    }
    const response = await fetch(`${this.serverUrl}/api/wechat?${query}`, {
      method: 'POST',
      headers: { 'content-type': options.contentType ?? 'text/xml' },
      body: options.rawBody ?? body
    });
    const text = await response.text();
    const result: PushResult = { status: response.status, text };
    if (response.status === 200 && text !== 'success' && text !== '')
      result.reply = this.verifyReply(text, fields, mode !== 'plain');
    return result;
  }

  /** Checks a passive reply as WeChat would: signature, decryption, app id, XML fields. */
  private verifyReply(
    text: string,
    push: Record<string, string | number>,
    encrypted: boolean
  ): Record<string, string> {
    let xml = text;
    if (encrypted) {
      const outer = (replyParser.parse(text) as { xml: Record<string, string> }).xml;
      for (const field of ['Encrypt', 'MsgSignature', 'TimeStamp', 'Nonce'])
        if (!outer[field]) throw new Error(`encrypted reply lacks <${field}>`);
      if (sha1(this.token, outer.TimeStamp!, outer.Nonce!, outer.Encrypt!) !== outer.MsgSignature)
        throw new Error('encrypted reply: MsgSignature does not match');
      const inner = this.cipher!.decrypt(outer.Encrypt!);
      if (inner.appId !== this.appId) throw new Error(`encrypted reply for app id ${inner.appId}`);
      if (inner.padding < 1 || inner.padding > 32) throw new Error(`bad padding ${inner.padding}`);
      xml = inner.xml;
    }
    const reply = (replyParser.parse(xml) as { xml: Record<string, string> }).xml;
    if (reply.ToUserName !== push.FromUserName) throw new Error('reply ToUserName is not the sender');
    if (reply.FromUserName !== push.ToUserName) throw new Error('reply FromUserName is not the account');
    if (reply.MsgType !== 'text') throw new Error(`reply MsgType ${reply.MsgType}`);
    if (!/^\d+$/.test(reply.CreateTime ?? '')) throw new Error('reply CreateTime is not a number');
    if (typeof reply.Content !== 'string' || reply.Content === '') throw new Error('reply without Content');
    if (Buffer.byteLength(reply.Content) > 2048) throw new Error('reply Content over 2048 bytes');
    return reply;
  }
}
