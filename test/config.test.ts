import { ConfigError, loadConfig } from '../src/config';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/srv');
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('website chat configuration', () => {
  it('has working defaults: local Direct Line, a random token secret, same-origin only', () => {
    const config = loadConfig({}, '/srv');
    expect(config.directLine).toMatchObject({
      tokenSecretGenerated: true,
      tokenTtlSeconds: 1800,
      conversationTtlSeconds: 1800,
      maxConversations: 10_000,
      maxActivitiesPerConversation: 100,
      maxConversationBytes: 256 * 1024,
      maxBytes: 32 * 1024 * 1024,
      clientSharePercent: 20,
      newConversationsPerMinute: 60,
      tokenRatePerSecond: 5,
      tokenRateBurst: 20,
      clientChatRatePerSecond: 1000,
      clientChatRateBurst: 2000,
      azureSecret: '',
      azureEndpoint: 'https://directline.botframework.com/v3/directline'
    });
    expect(config.directLine.tokenSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({}, '/srv').directLine.tokenSecret).not.toBe(config.directLine.tokenSecret);
    expect(config.allowedOrigins).toEqual([]);
  });

  it('reads every setting', () => {
    const config = loadConfig(
      {
        DIRECTLINE_TOKEN_SECRET: 's'.repeat(40),
        DIRECTLINE_TOKEN_TTL_SECONDS: '3600',
        DIRECTLINE_CONVERSATION_TTL_SECONDS: '900',
        DIRECTLINE_MAX_CONVERSATIONS: '50',
        DIRECTLINE_MAX_ACTIVITIES: '20',
        DIRECTLINE_CONVERSATION_MAX_BYTES: '64KB',
        DIRECTLINE_MAX_BYTES: '8MB',
        DIRECTLINE_CLIENT_SHARE_PERCENT: '5',
        DIRECTLINE_NEW_CONVERSATIONS_PER_MINUTE: '30',
        DIRECTLINE_TOKEN_RATE_PER_SECOND: '2',
        DIRECTLINE_TOKEN_RATE_BURST: '8',
        DIRECTLINE_CLIENT_RATE_PER_SECOND: '300',
        DIRECTLINE_CLIENT_RATE_BURST: '600',
        DIRECTLINE_WEBSOCKET: 'false',
        DIRECTLINE_MAX_STREAMS: '500',
        DIRECTLINE_SECRET: 'azure',
        DIRECTLINE_ENDPOINT: 'https://europe.directline.botframework.com/v3/directline/',
        ALLOWED_ORIGINS: 'https://www.zhaoqing.gov.cn, http://localhost:8080/'
      },
      '/srv'
    );
    expect(config.directLine).toEqual({
      tokenSecret: 's'.repeat(40),
      tokenSecretGenerated: false,
      tokenTtlSeconds: 3600,
      webSocket: false,
      maxStreams: 500,
      conversationTtlSeconds: 900,
      maxConversations: 50,
      maxActivitiesPerConversation: 20,
      maxConversationBytes: 64 * 1024,
      maxBytes: 8 * 1024 * 1024,
      clientSharePercent: 5,
      newConversationsPerMinute: 30,
      tokenRatePerSecond: 2,
      tokenRateBurst: 8,
      clientChatRatePerSecond: 300,
      clientChatRateBurst: 600,
      azureSecret: 'azure',
      azureEndpoint: 'https://europe.directline.botframework.com/v3/directline'
    });
    expect(config.allowedOrigins).toEqual(['https://www.zhaoqing.gov.cn', 'http://localhost:8080']);
    expect(loadConfig({ ALLOWED_ORIGINS: '*' }, '/srv').allowedOrigins).toEqual(['*']);
  });

  it('names each bad value', () => {
    expect(
      problems({
        DIRECTLINE_TOKEN_SECRET: 'short',
        DIRECTLINE_TOKEN_TTL_SECONDS: '5',
        DIRECTLINE_MAX_CONVERSATIONS: 'many',
        DIRECTLINE_ENDPOINT: 'ftp://x',
        ALLOWED_ORIGINS: 'https://ok.example,www.example.com,https://a.example/path'
      })
    ).toEqual([
      'DIRECTLINE_TOKEN_SECRET must be at least 32 characters',
      'DIRECTLINE_ENDPOINT="ftp://x" is not an http(s) URL',
      'DIRECTLINE_TOKEN_TTL_SECONDS=5 is out of range (expected 960..86400)',
      'DIRECTLINE_MAX_CONVERSATIONS="many" is not a whole number (expected 1..1000000)',
      'ALLOWED_ORIGINS: "www.example.com" is not an origin like https://www.example.gov.cn (scheme, host, optional port; no path)',
      'ALLOWED_ORIGINS: "https://a.example/path" is not an origin like https://www.example.gov.cn (scheme, host, optional port; no path)'
    ]);
  });
});

describe('shared state configuration (Redis)', () => {
  it('is off by default, with the fao: key prefix', () => {
    expect(loadConfig({}, '/srv').redis).toEqual({ url: '', keyPrefix: 'fao:' });
  });

  it('reads REDIS_URL and REDIS_KEY_PREFIX', () => {
    expect(
      loadConfig(
        { REDIS_URL: 'rediss://user:pw@cache.example:6380/2', REDIS_KEY_PREFIX: 'fao:prod:' },
        '/srv'
      ).redis
    ).toEqual({ url: 'rediss://user:pw@cache.example:6380/2', keyPrefix: 'fao:prod:' });
  });

  it('refuses a URL that is not redis:// without echoing it (it may hold a password), and odd prefixes', () => {
    const found = problems({ REDIS_URL: 'http://user:secretpw@host', REDIS_KEY_PREFIX: 'a b' });
    expect(found).toEqual([
      'REDIS_URL is not a redis:// or rediss:// URL (e.g. redis://127.0.0.1:6379)',
      'REDIS_KEY_PREFIX="a b" may hold only letters, digits and : _ . - (at most 64)'
    ]);
    expect(found.join(' ')).not.toContain('secretpw');
  });
});

describe('WeChat configuration', () => {
  const wechat = { WECHAT_TOKEN: 'tok123', WECHAT_APP_ID: 'wx1234567890abcdef', WECHAT_APP_SECRET: 's3cret' };

  it('is absent unless set, with defaults when it is', () => {
    expect(loadConfig({}, '/srv').wechat).toBeUndefined();
    expect(loadConfig(wechat, '/srv').wechat).toEqual({
      token: 'tok123',
      appId: 'wx1234567890abcdef',
      appSecret: 's3cret',
      encodingAesKey: undefined,
      apiBaseUrl: 'https://api.weixin.qq.com',
      passiveReplyMs: 4000
    });
    expect(
      loadConfig(
        {
          ...wechat,
          WECHAT_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
          WECHAT_API_BASE_URL: 'http://127.0.0.1:9999/',
          WECHAT_PASSIVE_REPLY_MS: '300'
        },
        '/srv'
      ).wechat
    ).toMatchObject({
      encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      apiBaseUrl: 'http://127.0.0.1:9999',
      passiveReplyMs: 300
    });
  });

  it('names what is missing or wrong', () => {
    expect(problems({ WECHAT_TOKEN: 'tok123' })).toEqual([
      expect.stringMatching(/WECHAT_APP_ID, WECHAT_APP_SECRET/)
    ]);
    expect(problems({ ...wechat, WECHAT_TOKEN: 'a b' })).toEqual([
      expect.stringMatching(/WECHAT_TOKEN must be 3-32/)
    ]);
    expect(problems({ ...wechat, WECHAT_ENCODING_AES_KEY: 'short' })).toEqual([
      expect.stringMatching(/43 characters/)
    ]);
    expect(problems({ ...wechat, WECHAT_API_BASE_URL: 'api.weixin.qq.com' })).toEqual([
      expect.stringMatching(/WECHAT_API_BASE_URL/)
    ]);
    // WeChat gives up after 5 s: a longer window would never be answered in time.
    expect(problems({ ...wechat, WECHAT_PASSIVE_REPLY_MS: '5000' })).toEqual([
      expect.stringMatching(/WECHAT_PASSIVE_REPLY_MS/)
    ]);
  });
});

describe('size budgets configuration', () => {
  it('reads sizes with units, and names a bad one', () => {
    expect(loadConfig({ STATE_MAX_BYTES: '512 KB' }, '/srv').stateMaxBytes).toBe(512 * 1024);
    expect(loadConfig({ DIRECTLINE_MAX_BYTES: '1g' }, '/srv').directLine.maxBytes).toBe(1024 ** 3);
    expect(loadConfig({}, '/srv').stateMaxBytes).toBe(32 * 1024 * 1024);
    expect(problems({ DIRECTLINE_MAX_BYTES: 'lots', STATE_MAX_BYTES: '1KB' })).toEqual([
      'STATE_MAX_BYTES=1KB is out of range (expected 65536..68719476736 bytes)',
      'DIRECTLINE_MAX_BYTES="lots" is not a size (e.g. 8MB, 512KB or a number of bytes)'
    ]);
  });

  it('RATE_LIMIT_PER_SECOND=0 turns the chat limits off too, unless they are set', () => {
    expect(loadConfig({ RATE_LIMIT_PER_SECOND: '0' }, '/srv').directLine).toMatchObject({
      tokenRatePerSecond: 0,
      clientChatRatePerSecond: 0,
      newConversationsPerMinute: 0
    });
    expect(
      loadConfig({ RATE_LIMIT_PER_SECOND: '0', DIRECTLINE_TOKEN_RATE_PER_SECOND: '3' }, '/srv').directLine
        .tokenRatePerSecond
    ).toBe(3);
  });
});

describe('connection limits configuration', () => {
  it('defaults: 10 s for headers, 30 s for the request, 10k connections, 1k per address, depth 64', () => {
    expect(loadConfig({}, '/srv')).toMatchObject({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      maxConnections: 10_000,
      maxConnectionsPerClient: 1000,
      maxJsonDepth: 64
    });
  });

  it('has no per-address cap behind a proxy unless asked, and reads every setting', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }, '/srv').maxConnectionsPerClient).toBe(0);
    expect(
      loadConfig(
        {
          TRUST_PROXY: '1',
          MAX_CONNECTIONS_PER_CLIENT: '300',
          MAX_CONNECTIONS: '500',
          HEADERS_TIMEOUT_MS: '2000',
          REQUEST_TIMEOUT_MS: '4000',
          MAX_JSON_DEPTH: '32'
        },
        '/srv'
      )
    ).toMatchObject({
      maxConnectionsPerClient: 300,
      maxConnections: 500,
      headersTimeoutMs: 2000,
      requestTimeoutMs: 4000,
      maxJsonDepth: 32
    });
  });

  it('refuses a header timeout longer than the request timeout', () => {
    expect(problems({ HEADERS_TIMEOUT_MS: '40000' })).toEqual([
      'HEADERS_TIMEOUT_MS=40000 is longer than REQUEST_TIMEOUT_MS=30000'
    ]);
  });
});
