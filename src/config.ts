/**
 * Configuration: parsed once from the environment into a typed object, validated, and passed in.
 * Nothing else in the server reads `process.env` (the staff CLI reads KNOWLEDGE_DIR for its default).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { isSupportedLocale, type Locale } from './language/locale';
import { DEFAULT_MAX_TOTAL_BYTES } from './knowledge/loader';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface AppConfig {
  port: number;
  host: string;
  knowledgeDir: string;
  defaultLocale: Locale;
  logLevel: LogLevel;
  /** Largest accepted request body, in bytes; bigger bodies get 413. */
  maxBodyBytes: number;
  /** Per-client rate limit: sustained requests per second and burst size. 0 disables. */
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  /** Longest time a client may take to send a whole request (headers and body), in milliseconds. */
  requestTimeoutMs: number;
  /** Longest time a client may take to send its request headers, in milliseconds (slow-header sockets). */
  headersTimeoutMs: number;
  /** Connections held open at once (all clients); more are closed at once. */
  maxConnections: number;
  /** Connections one client address may hold at once; 0 = no per-address cap (behind a proxy). */
  maxConnectionsPerClient: number;
  /** Deepest JSON nesting accepted in a request body; deeper is 400. */
  maxJsonDepth: number;
  /** How long an idle keep-alive connection stays open, in milliseconds. */
  keepAliveTimeoutMs: number;
  /** Reverse proxies in front of the server whose X-Forwarded-For is believed (0 = none). */
  trustProxyHops: number;
  /** Reload knowledge when files under knowledgeDir change. */
  watchKnowledge: boolean;
  /** Quiet time after the last file change before reloading, in milliseconds. */
  reloadDebounceMs: number;
  /** When a reload is refused rather than made live (the last good knowledge stays). */
  knowledgeReload: KnowledgeReloadConfig;
  /**
   * Bearer token that shows /readyz's details (entry counts, KNOWLEDGE_DIR, reload problems) to a
   * monitor outside this host; '' = details only to loopback clients.
   */
  adminToken: string;
  /** On SIGTERM/SIGINT: longest wait for in-flight requests before giving up, in milliseconds. */
  shutdownTimeoutMs: number;
  /** Conversation and user state kept in memory: at most this many items... */
  stateMaxItems: number;
  /** ...and at most this many bytes together (STATE_MAX_BYTES); the least recently used go first. */
  stateMaxBytes: number;
  /** ...each forgotten after this long unused, in seconds. */
  stateTtlSeconds: number;
  /** Longest user message handled as a question; longer text gets a polite "too long" reply. */
  maxMessageChars: number;
  /** The website chat: local Direct Line endpoint, or Azure's Direct Line when a secret is set. */
  directLine: DirectLineConfig;
  /** Shared state on Redis (bot state, Direct Line, rate limits); url '' = everything in this process's memory. */
  redis: RedisConfig;
  /** Sites allowed to embed the chat (frame-ancestors) and call /v3/directline (CORS). '*' = any. */
  allowedOrigins: readonly string[];
  /** The WeChat Official Account channel (/api/wechat); undefined when WECHAT_TOKEN etc. are not set. */
  wechat?: WeChatConfig;
  /**
   * Local mode only (no MicrosoftAppId): accept the Bot Framework Emulator's activities, whose
   * replies are POSTed to its loopback serviceUrl. Off: local mode answers only expectReplies.
   */
  allowLocalServiceUrls: boolean;
  /** Bot Framework credentials; all empty = local mode without authentication (Emulator). */
  botAuth: {
    MicrosoftAppId: string;
    MicrosoftAppPassword: string;
    MicrosoftAppType: string;
    MicrosoftAppTenantId: string;
  };
}

export interface KnowledgeReloadConfig {
  /** A reload that loses more than this share of the live entries is refused (0-100). */
  maxDropPercent: number;
  /** Total size of the knowledge files; a folder above it is refused (as is any file above 5 MB). */
  maxTotalBytes: number;
  /** A file written less than this long ago may be half-written: the reload waits for it, in milliseconds. */
  settleMs: number;
}

export interface RedisConfig {
  /** `redis://[user:password@]host:port[/db]` or `rediss://` (TLS); '' = no Redis. */
  url: string;
  /** Prefix of every key, so several deployments (or test runs) can share one Redis. */
  keyPrefix: string;
}

export interface DirectLineConfig {
  /** HMAC key for local Direct Line tokens. */
  tokenSecret: string;
  /** True when no DIRECTLINE_TOKEN_SECRET was given and a random one was made at start. */
  tokenSecretGenerated: boolean;
  tokenTtlSeconds: number;
  /** A conversation nobody has touched for this long is forgotten. */
  conversationTtlSeconds: number;
  maxConversations: number;
  maxActivitiesPerConversation: number;
  /** Bytes of activities (as sent) one conversation keeps; older ones are dropped. */
  maxConversationBytes: number;
  /** Bytes all conversations together keep (DIRECTLINE_MAX_BYTES); past it the least recently used end. */
  maxBytes: number;
  /** Share of the conversations and bytes one client address may hold, in percent. */
  clientSharePercent: number;
  /** New conversations one client address may start per minute (and at once). */
  newConversationsPerMinute: number;
  /** Requests per second (sustained, burst) one conversation's token may make. */
  tokenRatePerSecond: number;
  tokenRateBurst: number;
  /** Requests per second (sustained, burst) all chats behind one address may make together. */
  clientChatRatePerSecond: number;
  clientChatRateBurst: number;
  /** Offer a WebSocket `streamUrl` (Direct Line streaming); false = clients poll. */
  webSocket: boolean;
  /** WebSocket streams one instance holds at once. */
  maxStreams: number;
  /** Azure Direct Line secret; non-empty = Azure mode (tokens come from Azure, the page talks to Azure). */
  azureSecret: string;
  /** Azure Direct Line base URL (…/v3/directline). */
  azureEndpoint: string;
}

export interface WeChatConfig {
  /** The Token entered in the WeChat admin console (3-32 letters or digits): signs every request. */
  token: string;
  appId: string;
  appSecret: string;
  /** EncodingAESKey (43 characters) for safe and compatible mode; undefined: plaintext mode only. */
  encodingAesKey?: string;
  /** WeChat's API (access_token, customer-service messages, menu); tests point it at a local server. */
  apiBaseUrl: string;
  /** How long a push waits for the bot's turn before answering `success` and replying through the API. */
  passiveReplyMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const APP_TYPES = ['', 'MultiTenant', 'SingleTenant', 'UserAssignedMSI'];

/** ADMIN_TOKEN: empty, or long enough not to be guessed (it shows the server's paths and problems). */
function readAdminToken(env: Env, problems: string[]): string {
  const token = env.ADMIN_TOKEN?.trim() ?? '';
  if (token !== '' && token.length < 16) problems.push('ADMIN_TOKEN must be at least 16 characters');
  return token;
}

/** How a numeric setting is written: what `raw` means (undefined: not a number), and the problem then. */
interface NumberSyntax {
  parse(raw: string): number | undefined;
  unreadable(name: string, raw: string, range: string): string;
  /** After the range in the out-of-range problem: ' bytes' for sizes. */
  unit: string;
}

/**
 * The one reader of numeric settings: unset or empty = `fallback`; a value that does not parse, or
 * lies outside min..max, is a problem (and the fallback, so every problem is listed at once).
 */
function readNumber(
  syntax: NumberSyntax,
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[]
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = syntax.parse(raw);
  if (value === undefined) {
    problems.push(syntax.unreadable(name, raw, `${min}..${max}`));
    return fallback;
  }
  if (value < min || value > max) {
    problems.push(`${name}=${raw} is out of range (expected ${min}..${max}${syntax.unit})`);
    return fallback;
  }
  return value;
}

const WHOLE_NUMBER: NumberSyntax = {
  parse: (raw) => (/^\d+$/.test(raw) ? Number(raw) : undefined),
  unreadable: (name, raw, range) => `${name}="${raw}" is not a whole number (expected ${range})`,
  unit: ''
};

const KB = 1024;
const MB = 1024 * KB;
const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: KB,
  kb: KB,
  m: MB,
  mb: MB,
  g: 1024 * MB,
  gb: 1024 * MB
};

/** A size in bytes: `8388608`, `8MB`, `512 KB`, `1g` (units of 1024). */
const SIZE: NumberSyntax = {
  parse: (raw) => {
    const match = /^(\d+)\s*([a-zA-Z]*)$/.exec(raw);
    const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
    return match && unit !== undefined ? Number(match[1]) * unit : undefined;
  },
  unreadable: (name, raw) => `${name}="${raw}" is not a size (e.g. 8MB, 512KB or a number of bytes)`,
  unit: ' bytes'
};

const readInt = readNumber.bind(undefined, WHOLE_NUMBER);
const readBytes = readNumber.bind(undefined, SIZE);

function readOrigins(raw: string | undefined, problems: string[]): string[] {
  const origins: string[] = [];
  for (const item of (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (item === '*') {
      origins.push(item);
      continue;
    }
    let url: URL | undefined;
    try {
      url = new URL(item);
    } catch {
      url = undefined;
    }
    if (
      !url ||
      (url.protocol !== 'http:' && url.protocol !== 'https:') ||
      url.origin !== item.replace(/\/$/, '')
    ) {
      problems.push(
        `ALLOWED_ORIGINS: "${item}" is not an origin like https://www.example.gov.cn (scheme, host, optional port; no path)`
      );
    } else origins.push(url.origin);
  }
  return origins;
}

function readDirectLine(env: Env, problems: string[]): DirectLineConfig {
  // RATE_LIMIT_PER_SECOND=0 (tests, benchmarks) turns the chat limits off too, unless they are set.
  const limited = env.RATE_LIMIT_PER_SECOND?.trim() !== '0';
  const given = env.DIRECTLINE_TOKEN_SECRET?.trim() ?? '';
  if (given && given.length < 32) problems.push('DIRECTLINE_TOKEN_SECRET must be at least 32 characters');
  const endpoint = (
    env.DIRECTLINE_ENDPOINT?.trim() || 'https://directline.botframework.com/v3/directline'
  ).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(endpoint)) {
    problems.push(`DIRECTLINE_ENDPOINT="${endpoint}" is not an http(s) URL`);
  }
  return {
    tokenSecret: given || randomBytes(32).toString('base64url'),
    tokenSecretGenerated: !given,
    // Direct Line JS refreshes its token every 15 minutes, so a token must outlive that.
    tokenTtlSeconds: readInt(env, 'DIRECTLINE_TOKEN_TTL_SECONDS', 1800, 960, 86_400, problems),
    conversationTtlSeconds: readInt(env, 'DIRECTLINE_CONVERSATION_TTL_SECONDS', 1800, 60, 604_800, problems),
    maxConversations: readInt(env, 'DIRECTLINE_MAX_CONVERSATIONS', 10_000, 1, 1_000_000, problems),
    maxActivitiesPerConversation: readInt(env, 'DIRECTLINE_MAX_ACTIVITIES', 100, 10, 100_000, problems),
    maxConversationBytes: readBytes(
      env,
      'DIRECTLINE_CONVERSATION_MAX_BYTES',
      256 * KB,
      4 * KB,
      64 * MB,
      problems
    ),
    // Measured with bench/attacks/01 (32 KB posts, 16 at once, rate limit off): peak RSS is about
    // 370 MB + 1.8 x (DIRECTLINE_MAX_BYTES + STATE_MAX_BYTES); 32 MB + 32 MB peaked at 481 MB.
    maxBytes: readBytes(env, 'DIRECTLINE_MAX_BYTES', 32 * MB, 1 * MB, 64 * 1024 * MB, problems),
    clientSharePercent: readInt(env, 'DIRECTLINE_CLIENT_SHARE_PERCENT', 20, 1, 100, problems),
    newConversationsPerMinute: readInt(
      env,
      'DIRECTLINE_NEW_CONVERSATIONS_PER_MINUTE',
      limited ? 60 : 0,
      0,
      1_000_000,
      problems
    ),
    // Web Chat polls once a second and posts now and then; streaming makes no requests at all.
    tokenRatePerSecond: readInt(
      env,
      'DIRECTLINE_TOKEN_RATE_PER_SECOND',
      limited ? 5 : 0,
      0,
      1_000_000,
      problems
    ),
    tokenRateBurst: readInt(env, 'DIRECTLINE_TOKEN_RATE_BURST', 20, 0, 1_000_000, problems),
    // 500 polling chats behind one NAT make ~500 requests a second.
    clientChatRatePerSecond: readInt(
      env,
      'DIRECTLINE_CLIENT_RATE_PER_SECOND',
      limited ? 1000 : 0,
      0,
      1_000_000,
      problems
    ),
    clientChatRateBurst: readInt(env, 'DIRECTLINE_CLIENT_RATE_BURST', 2000, 0, 1_000_000, problems),
    webSocket: readBool(env, 'DIRECTLINE_WEBSOCKET', true, problems),
    maxStreams: readInt(env, 'DIRECTLINE_MAX_STREAMS', 20_000, 1, 1_000_000, problems),
    azureSecret: env.DIRECTLINE_SECRET?.trim() ?? '',
    azureEndpoint: endpoint
  };
}

function readWeChat(env: Env, problems: string[]): WeChatConfig | undefined {
  const token = env.WECHAT_TOKEN?.trim() ?? '';
  const appId = env.WECHAT_APP_ID?.trim() ?? '';
  const appSecret = env.WECHAT_APP_SECRET?.trim() ?? '';
  const encodingAesKey = env.WECHAT_ENCODING_AES_KEY?.trim() ?? '';
  if (!token && !appId && !appSecret && !encodingAesKey) return undefined;
  const missing = [
    ['WECHAT_TOKEN', token],
    ['WECHAT_APP_ID', appId],
    ['WECHAT_APP_SECRET', appSecret]
  ].filter(([, value]) => !value);
  if (missing.length > 0)
    problems.push(
      `WeChat needs ${missing.map(([name]) => name).join(', ')} too (or none of the WECHAT_ settings)`
    );
  if (token && !/^[A-Za-z0-9]{3,32}$/.test(token))
    problems.push('WECHAT_TOKEN must be 3-32 letters or digits, as the WeChat admin console requires');
  if (appId && /\s/.test(appId)) problems.push('WECHAT_APP_ID must not contain spaces');
  if (encodingAesKey && !/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey))
    problems.push('WECHAT_ENCODING_AES_KEY must be the 43 characters the WeChat admin console shows');
  const apiBaseUrl = (env.WECHAT_API_BASE_URL?.trim() || 'https://api.weixin.qq.com').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+$/.test(apiBaseUrl))
    problems.push(
      `WECHAT_API_BASE_URL="${apiBaseUrl}" is not an http(s) origin like https://api.weixin.qq.com`
    );
  return {
    token,
    appId,
    appSecret,
    encodingAesKey: encodingAesKey || undefined,
    apiBaseUrl,
    // WeChat gives up after 5 s; the answer must be on its way well before.
    passiveReplyMs: readInt(env, 'WECHAT_PASSIVE_REPLY_MS', 4000, 50, 4500, problems)
  };
}

function readRedis(env: Env, problems: string[]): RedisConfig {
  const url = env.REDIS_URL?.trim() ?? '';
  if (url) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || !parsed.hostname) {
      problems.push('REDIS_URL is not a redis:// or rediss:// URL (e.g. redis://127.0.0.1:6379)');
    }
  }
  const keyPrefix = env.REDIS_KEY_PREFIX?.trim() ?? 'fao:';
  if (!/^[A-Za-z0-9:_.-]{0,64}$/.test(keyPrefix)) {
    problems.push(`REDIS_KEY_PREFIX="${keyPrefix}" may hold only letters, digits and : _ . - (at most 64)`);
  }
  return { url, keyPrefix };
}

function readBool(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  problems.push(`${name}="${env[name]}" is not a yes/no value (use true or false)`);
  return fallback;
}

/** TRUST_PROXY: a number of proxy hops, or true/false (= 1/0) as most people write it. */
function readTrustProxy(env: Env, problems: string[]): number {
  const raw = env.TRUST_PROXY?.trim().toLowerCase();
  if (raw && !/^\d+$/.test(raw)) return readBool(env, 'TRUST_PROXY', false, problems) ? 1 : 0;
  return readInt(env, 'TRUST_PROXY', 0, 0, 10, problems);
}

/** Parses and validates the environment. Throws ConfigError listing every bad value at once. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): AppConfig {
  const problems: string[] = [];

  const defaultLocale = (env.DEFAULT_LOCALE?.trim() || 'zh-Hans') as Locale;
  if (!isSupportedLocale(defaultLocale)) {
    problems.push(`DEFAULT_LOCALE="${env.DEFAULT_LOCALE}" is not supported (use en, zh-Hans or zh-Hant)`);
  }
  const logLevel = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL="${env.LOG_LEVEL}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  const appType = env.MicrosoftAppType?.trim() ?? '';
  if (!APP_TYPES.includes(appType)) {
    problems.push(`MicrosoftAppType="${appType}" is not one of ${APP_TYPES.filter(Boolean).join(', ')}`);
  }
  const appId = env.MicrosoftAppId?.trim() ?? '';
  const appPassword = env.MicrosoftAppPassword?.trim() ?? '';
  if (appPassword && !appId) problems.push('MicrosoftAppPassword is set but MicrosoftAppId is empty');

  const config: AppConfig = {
    port: readInt(env, 'PORT', 3978, 0, 65535, problems),
    host: env.HOST?.trim() || '0.0.0.0',
    knowledgeDir: path.resolve(cwd, env.KNOWLEDGE_DIR?.trim() || 'knowledge'),
    defaultLocale,
    logLevel,
    maxBodyBytes: readInt(env, 'MAX_BODY_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024, problems),
    rateLimitPerSecond: readInt(env, 'RATE_LIMIT_PER_SECOND', 20, 0, 1_000_000, problems),
    rateLimitBurst: readInt(env, 'RATE_LIMIT_BURST', 40, 0, 1_000_000, problems),
    requestTimeoutMs: readInt(env, 'REQUEST_TIMEOUT_MS', 30_000, 1000, 600_000, problems),
    headersTimeoutMs: readInt(env, 'HEADERS_TIMEOUT_MS', 10_000, 500, 600_000, problems),
    maxConnections: readInt(env, 'MAX_CONNECTIONS', 10_000, 1, 1_000_000, problems),
    maxConnectionsPerClient: 0,
    maxJsonDepth: readInt(env, 'MAX_JSON_DEPTH', 64, 8, 1000, problems),
    keepAliveTimeoutMs: readInt(env, 'KEEP_ALIVE_TIMEOUT_MS', 5_000, 1000, 600_000, problems),
    trustProxyHops: readTrustProxy(env, problems),
    watchKnowledge: readBool(env, 'KNOWLEDGE_WATCH', true, problems),
    reloadDebounceMs: readInt(env, 'KNOWLEDGE_RELOAD_DEBOUNCE_MS', 300, 0, 60_000, problems),
    knowledgeReload: {
      maxDropPercent: readInt(env, 'KNOWLEDGE_MAX_DROP_PERCENT', 20, 0, 100, problems),
      maxTotalBytes: readInt(
        env,
        'KNOWLEDGE_MAX_BYTES',
        DEFAULT_MAX_TOTAL_BYTES,
        1024,
        1024 * 1024 * 1024,
        problems
      ),
      settleMs: readInt(env, 'KNOWLEDGE_SETTLE_MS', 1000, 0, 60_000, problems)
    },
    adminToken: readAdminToken(env, problems),
    shutdownTimeoutMs: readInt(env, 'SHUTDOWN_TIMEOUT_MS', 9_000, 100, 600_000, problems),
    stateMaxItems: readInt(env, 'STATE_MAX_ITEMS', 20_000, 100, 10_000_000, problems),
    stateMaxBytes: readBytes(env, 'STATE_MAX_BYTES', 32 * MB, 64 * KB, 64 * 1024 * MB, problems),
    stateTtlSeconds: readInt(env, 'STATE_TTL_SECONDS', 86_400, 60, 31_536_000, problems),
    maxMessageChars: readInt(env, 'MAX_MESSAGE_CHARS', 1000, 10, 100_000, problems),
    directLine: readDirectLine(env, problems),
    allowedOrigins: readOrigins(env.ALLOWED_ORIGINS, problems),
    wechat: readWeChat(env, problems),
    redis: readRedis(env, problems),
    allowLocalServiceUrls: readBool(env, 'ALLOW_LOCAL_SERVICE_URLS', false, problems),
    botAuth: {
      MicrosoftAppId: appId,
      MicrosoftAppPassword: appPassword,
      MicrosoftAppType: appType,
      MicrosoftAppTenantId: env.MicrosoftAppTenantId?.trim() ?? ''
    }
  };
  // Behind a proxy every connection comes from the proxy: a per-address cap would cut everyone.
  config.maxConnectionsPerClient = readInt(
    env,
    'MAX_CONNECTIONS_PER_CLIENT',
    config.trustProxyHops > 0 ? 0 : 1000,
    0,
    1_000_000,
    problems
  );
  if (config.headersTimeoutMs > config.requestTimeoutMs)
    problems.push(
      `HEADERS_TIMEOUT_MS=${config.headersTimeoutMs} is longer than REQUEST_TIMEOUT_MS=${config.requestTimeoutMs}`
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
