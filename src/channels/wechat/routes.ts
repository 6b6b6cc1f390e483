/**
 * GET and POST /api/wechat: the server-verification handshake and WeChat's message pushes.
 *
 * Every request is checked before anything else: the timestamp must be within 5 minutes and
 * `signature` must match the Token; an encrypted push must also match `msg_signature` and decrypt for
 * our app id. Failures are 401 (logged without the body), malformed XML is 400, and nothing the
 * sender controls can crash the server. A push answered once is not answered again when WeChat
 * retries it (see dedupe below).
 */
import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { WeChatConfig } from '../../config';
import { LogEvents, type Logger } from '../../logging/logger';
import type { WeChatTurns } from './adapter';
import { WeChatCrypto, WeChatCryptoError } from './crypto';
import { dedupeKey, toActivity } from './inbound';
import { signatureMatches, timestampIsFresh, wechatSignature } from './signature';
import type { WeChatStore } from './store';
import { buildWeChatXml, parseWeChatXml, WeChatXmlError, type XmlFields } from './xml';

export const WECHAT_PATH = '/api/wechat';

/** WeChat's pushes are a few hundred bytes; anything near this is not from WeChat. */
export const MAX_PUSH_BYTES = 64 * 1024;
/** A push is remembered this long: WeChat's retries come within ~20 s; older timestamps are refused anyway. */
const DEDUPE_TTL_MS = 10 * 60_000;
const DUPLICATE_POLL_MS = 25;

export interface WeChatRouteOptions {
  config: WeChatConfig;
  logger: Logger;
  turns: WeChatTurns;
  store: WeChatStore;
  /** False while the knowledge is not loaded: pushes get 503 (WeChat retries). */
  ready: () => boolean;
  now?: () => number;
}

/** What the dedupe store remembers about a push. */
type PushRecord = { state: 'pending' } | { state: 'passive'; text: string } | { state: 'sent' };

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string
  ) {
    super(message);
  }
}

function sendText(res: Response, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function queryString(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** The raw body, at most `maxBytes`; larger is 413. */
function readBody(req: Request, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      req.removeAllListeners('data');
      if (error) {
        req.resume();
        reject(error);
      } else resolve(Buffer.concat(chunks, size).toString('utf8'));
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes)
        return finish(new HttpFailure(413, 'tooLarge', `WeChat pushes are smaller than ${maxBytes} bytes`));
      chunks.push(chunk);
    });
    req.once('end', () => finish());
    req.once('error', (error) => finish(error));
    req.once('aborted', () => finish(new Error('request aborted')));
  });
}

export function registerWeChatRoutes(server: Server, options: WeChatRouteOptions): void {
  const { config, logger, turns, store } = options;
  const now = options.now ?? Date.now;
  const crypto = config.encodingAesKey ? new WeChatCrypto(config.encodingAesKey, config.appId) : undefined;

  const reject = (res: Response, failure: HttpFailure, method: string) => {
    // Never the body, the query's signatures or the sender: only what kind of failure it was.
    logger.warn(
      { event: LogEvents.wechatRejected, method, status: failure.status, reason: failure.reason },
      'WeChat request rejected'
    );
    sendText(res, failure.status, failure.message);
  };

  /** timestamp within 5 minutes and signature = sha1(sort(token, timestamp, nonce)). */
  const verifyRequest = (req: Request): { timestamp: string; nonce: string } => {
    const timestamp = queryString(req, 'timestamp');
    const nonce = queryString(req, 'nonce');
    const signature = queryString(req, 'signature');
    if (!timestamp || !nonce || !signature)
      throw new HttpFailure(401, 'unsigned', 'signature, timestamp and nonce are required');
    if (!timestampIsFresh(timestamp, now()))
      throw new HttpFailure(401, 'staleTimestamp', 'timestamp is more than 5 minutes away from our clock');
    if (!signatureMatches(signature, wechatSignature(config.token, timestamp, nonce)))
      throw new HttpFailure(401, 'badSignature', 'signature does not match the Token');
    return { timestamp, nonce };
  };

  // Server verification ("服务器配置" in the admin console): echo echostr only when the signature matches.
  server.get(WECHAT_PATH, async (req: Request, res: Response) => {
    try {
      verifyRequest(req);
    } catch (error) {
      if (error instanceof HttpFailure) return reject(res, error, 'GET');
      throw error;
    }
    const echostr = queryString(req, 'echostr');
    if (!echostr || echostr.length > 128) return sendText(res, 400, 'echostr is required');
    sendText(res, 200, echostr);
  });

  /** The push's fields: the plaintext XML, or (safe and compatible mode) its verified, decrypted <Encrypt>. */
  const readPush = (req: Request, body: string, timestamp: string, nonce: string): XmlFields => {
    const outer = parseXml(body);
    const encryptType = queryString(req, 'encrypt_type') ?? 'raw';
    if (encryptType === 'raw') return outer;
    if (encryptType !== 'aes')
      throw new HttpFailure(400, 'encryptType', `encrypt_type "${encryptType}" is not known`);
    if (!crypto)
      throw new HttpFailure(400, 'noAesKey', 'The push is encrypted but WECHAT_ENCODING_AES_KEY is not set');
    const encrypted = outer.Encrypt;
    if (!encrypted) throw new HttpFailure(400, 'noEncrypt', 'An encrypted push needs an <Encrypt> element');
    const msgSignature = queryString(req, 'msg_signature');
    if (!signatureMatches(msgSignature, wechatSignature(config.token, timestamp, nonce, encrypted)))
      throw new HttpFailure(401, 'badMsgSignature', 'msg_signature does not match the encrypted message');
    let inner: string;
    try {
      inner = crypto.decrypt(encrypted);
    } catch (error) {
      if (error instanceof WeChatCryptoError)
        throw new HttpFailure(error.reason === 'appId' ? 401 : 400, `decrypt.${error.reason}`, error.message);
      throw error;
    }
    return parseXml(inner);
  };

  /** The passive reply document: plain, or encrypted and signed when the push was. */
  const replyXml = (fields: XmlFields, text: string, encrypted: boolean): string => {
    const createTime = Math.floor(now() / 1000);
    const plain = buildWeChatXml({
      ToUserName: fields.FromUserName!,
      FromUserName: fields.ToUserName!,
      CreateTime: createTime,
      MsgType: 'text',
      Content: text
    });
    if (!encrypted || !crypto) return plain;
    const encrypt = crypto.encrypt(plain);
    const timestamp = String(createTime);
    const nonce = randomBytes(8).toString('hex');
    return buildWeChatXml({
      Encrypt: encrypt,
      MsgSignature: wechatSignature(config.token, timestamp, nonce, encrypt),
      TimeStamp: createTime,
      Nonce: nonce
    });
  };

  server.post(WECHAT_PATH, async (req: Request, res: Response) => {
    const started = now();
    let fields: XmlFields;
    let body: string;
    try {
      const { timestamp, nonce } = verifyRequest(req);
      body = await readBody(req, MAX_PUSH_BYTES);
      fields = readPush(req, body, timestamp, nonce);
    } catch (error) {
      if (error instanceof HttpFailure) return reject(res, error, 'POST');
      // The sender went away mid-body: nobody is left to answer.
      if (error instanceof Error && error.message === 'request aborted') return;
      throw error;
    }
    const encrypted = queryString(req, 'encrypt_type') === 'aes';
    const answer = (text: string | undefined) =>
      text === undefined
        ? sendText(res, 200, 'success')
        : sendText(res, 200, replyXml(fields, text, encrypted), 'application/xml; charset=utf-8');

    if (!options.ready()) return sendText(res, 503, 'The assistant is starting; WeChat will retry');
    const push = toActivity(fields, new Date(now()));
    if (push.kind === 'invalid')
      return reject(res, new HttpFailure(400, 'invalidPush', push.message), 'POST');
    if (push.kind === 'ignore') {
      logger.debug({ event: LogEvents.wechatIgnored, reason: push.reason }, 'WeChat push needs no answer');
      return answer(undefined);
    }

    const key = dedupeKey(fields);
    const recordKey = `push:${config.appId}:${key ?? ''}`;
    const remainingMs = () => config.passiveReplyMs - (now() - started);
    let first = true;
    try {
      if (key) first = await store.add(recordKey, JSON.stringify({ state: 'pending' }), DEDUPE_TTL_MS);
    } catch (error) {
      // The shared store (Redis) is away: without it a retry could be answered twice. WeChat retries.
      logger.warn(
        {
          event: LogEvents.wechatRejected,
          method: 'POST',
          status: 503,
          reason: 'storeUnavailable',
          err: { message: errorText(error) }
        },
        'WeChat push not taken: the shared store is not reachable'
      );
      return sendText(res, 503, 'The shared store is not reachable; WeChat will retry');
    }
    if (!first) {
      // A retry: WeChat did not get (or did not wait for) our first answer. Answer what the first
      // attempt answered, once it has; the turn never runs twice.
      const record = await waitForRecord(store, recordKey, remainingMs);
      logger.info(
        { event: LogEvents.wechatDuplicate, state: record?.state ?? 'unknown' },
        'WeChat push retried'
      );
      return answer(record?.state === 'passive' ? record.text : undefined);
    }

    const turn = await turns.processPush(push.activity as Activity, remainingMs());
    if (turn.late)
      logger.info(
        { event: LogEvents.wechatLateReply, waitedMs: Math.round(now() - started) },
        'turn outlived the passive window; replying through the customer-service API'
      );
    const record: PushRecord =
      turn.passive === undefined ? { state: 'sent' } : { state: 'passive', text: turn.passive };
    // A failed write only means a retry would be answered "success"; the answer itself goes out.
    if (key) await store.set(recordKey, JSON.stringify(record), DEDUPE_TTL_MS).catch(() => undefined);
    answer(turn.passive);
    // The response is on its way; what did not fit in it (or came late) goes through the API.
    void turn.release();
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parseXml(text: string): XmlFields {
  try {
    return parseWeChatXml(text);
  } catch (error) {
    if (error instanceof WeChatXmlError) throw new HttpFailure(400, 'badXml', error.message);
    throw error;
  }
}

/** The first attempt's record once it is no longer pending, waiting at most `remainingMs()`. */
async function waitForRecord(
  store: WeChatStore,
  key: string,
  remainingMs: () => number
): Promise<PushRecord | undefined> {
  for (;;) {
    const raw = await store.get(key).catch(() => undefined);
    let record: PushRecord | undefined;
    try {
      record = raw ? (JSON.parse(raw) as PushRecord) : undefined;
    } catch {
      record = undefined;
    }
    if (!record || record.state !== 'pending' || remainingMs() <= DUPLICATE_POLL_MS) return record;
    await new Promise((resolve) => setTimeout(resolve, DUPLICATE_POLL_MS));
  }
}
