/**
 * The WeChat Official Account HTTP API we call: access_token, customer-service messages (replies that
 * missed the 5-second window, or did not fit in one) and the custom menu.
 *
 * The access_token lives 2 hours and fetching a new one retires the old one, so it is cached until
 * shortly before it expires, shared through the WeChatStore (Redis with several instances), fetched by
 * one caller at a time, and refreshed once when WeChat says it is invalid or expired (40001, 42001,
 * 40014). "System busy" (-1) and network errors are retried twice.
 */
import type { WeChatStore } from './store';

export class WeChatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly path: string
  ) {
    super(`WeChat API ${path} failed: ${errcode} ${errmsg}`);
    this.name = 'WeChatApiError';
  }
}

export interface WeChatApiOptions {
  /** https://api.weixin.qq.com, or a test server. */
  baseUrl: string;
  appId: string;
  appSecret: string;
  store: WeChatStore;
  fetch?: typeof fetch;
  now?: () => number;
  /** Longest wait for one API request. */
  timeoutMs?: number;
  /** Waits between retries of "system busy" and network errors. */
  retryDelaysMs?: readonly number[];
}

/** access_token invalid (40001), not an access_token (40014), expired (42001): fetch a new one once. */
const TOKEN_ERRORS: ReadonlySet<number> = new Set([40001, 40014, 42001]);
const SYSTEM_BUSY = -1;
/** Stop using a token this long before WeChat says it expires. */
const EXPIRY_MARGIN_MS = 5 * 60_000;
/** How long one instance may take to fetch a token for all; the others poll for it meanwhile. */
const LOCK_TTL_MS = 5_000;
const LOCK_POLL_MS = 20;

interface CachedToken {
  token: string;
  expiresAt: number;
}

interface ApiResult {
  errcode?: number;
  errmsg?: string;
  [key: string]: unknown;
}

export class WeChatApi {
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly retryDelaysMs: readonly number[];
  private cached: CachedToken | undefined;
  private fetching: Promise<string> | undefined;

  constructor(private readonly options: WeChatApiOptions) {
    this.fetch = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retryDelaysMs = options.retryDelaysMs ?? [200, 1000];
  }

  private get tokenKey(): string {
    return `token:${this.options.appId}`;
  }

  /** Sends a text customer-service message to a follower (OpenID). */
  async sendText(openId: string, content: string): Promise<void> {
    await this.call('/cgi-bin/message/custom/send', { touser: openId, msgtype: 'text', text: { content } });
  }

  /** Replaces the account's custom menu. */
  async createMenu(menu: unknown): Promise<void> {
    await this.call('/cgi-bin/menu/create', menu);
  }

  /** A valid access_token: from memory, the shared store, or WeChat. */
  async accessToken(): Promise<string> {
    const now = this.now();
    if (this.cached && this.cached.expiresAt > now) return this.cached.token;
    const shared = parseToken(await this.options.store.get(this.tokenKey));
    if (shared && shared.expiresAt > now) {
      this.cached = shared;
      return shared.token;
    }
    this.fetching ??= this.fetchShared().finally(() => (this.fetching = undefined));
    return this.fetching;
  }

  /**
   * One instance fetches (it holds a short lock in the shared store); the others wait for its token
   * to appear there, and fetch themselves only if it does not come in time.
   */
  private async fetchShared(): Promise<string> {
    const lock = `${this.tokenKey}:lock`;
    if (await this.options.store.add(lock, '1', LOCK_TTL_MS)) {
      try {
        return await this.fetchToken();
      } finally {
        await this.options.store.delete(lock);
      }
    }
    // Real time, not the injectable clock: this waits for another process.
    const deadline = Date.now() + LOCK_TTL_MS;
    while (Date.now() < deadline) {
      await delay(LOCK_POLL_MS);
      const shared = parseToken(await this.options.store.get(this.tokenKey));
      if (shared && shared.expiresAt > this.now()) {
        this.cached = shared;
        return shared.token;
      }
      if ((await this.options.store.get(lock)) === undefined) break;
    }
    return this.fetchToken();
  }

  /** Forgets `token` (WeChat refused it), here and in the shared store, unless a newer one replaced it. */
  private async discardToken(token: string): Promise<void> {
    if (this.cached?.token === token) this.cached = undefined;
    const shared = parseToken(await this.options.store.get(this.tokenKey));
    if (shared?.token === token) await this.options.store.delete(this.tokenKey);
  }

  private async fetchToken(): Promise<string> {
    const url = new URL('/cgi-bin/token', this.options.baseUrl);
    url.searchParams.set('grant_type', 'client_credential');
    url.searchParams.set('appid', this.options.appId);
    url.searchParams.set('secret', this.options.appSecret);
    const result = await this.request('/cgi-bin/token', url, undefined);
    const token = result.access_token;
    const expiresIn = Number(result.expires_in);
    if (typeof token !== 'string' || !token || !Number.isFinite(expiresIn) || expiresIn <= 0)
      throw new WeChatApiError(
        result.errcode ?? 0,
        result.errmsg ?? 'no access_token in the answer',
        '/cgi-bin/token'
      );
    const lifetimeMs = expiresIn * 1000;
    const usableMs = Math.max(lifetimeMs / 2, lifetimeMs - EXPIRY_MARGIN_MS);
    const cached = { token, expiresAt: this.now() + usableMs };
    this.cached = cached;
    await this.options.store.set(this.tokenKey, JSON.stringify(cached), usableMs);
    return token;
  }

  /** POSTs JSON to an access_token API; a refused token is replaced once. */
  private async call(path: string, body: unknown): Promise<ApiResult> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const url = new URL(path, this.options.baseUrl);
      url.searchParams.set('access_token', token);
      try {
        return await this.request(path, url, body);
      } catch (error) {
        if (attempt === 0 && error instanceof WeChatApiError && TOKEN_ERRORS.has(error.errcode)) {
          await this.discardToken(token);
          continue;
        }
        throw error;
      }
    }
  }

  /** One API request with retries for "system busy" and network failures; errcode != 0 throws. */
  private async request(path: string, url: URL, body: unknown): Promise<ApiResult> {
    for (let attempt = 0; ; attempt++) {
      let result: ApiResult;
      try {
        const response = await this.fetch(url, {
          method: body === undefined ? 'GET' : 'POST',
          headers: body === undefined ? undefined : { 'content-type': 'application/json; charset=utf-8' },
          // WeChat wants Chinese as UTF-8 text, not \u escapes; JSON.stringify leaves it as it is.
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.timeoutMs)
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        result = (await response.json()) as ApiResult;
        if (typeof result !== 'object' || result === null) throw new Error('not a JSON object');
      } catch (error) {
        if (attempt < this.retryDelaysMs.length) {
          await delay(this.retryDelaysMs[attempt]!);
          continue;
        }
        throw new WeChatApiError(-2, error instanceof Error ? error.message : String(error), path);
      }
      const errcode = typeof result.errcode === 'number' ? result.errcode : 0;
      if (errcode === 0) return result;
      if (errcode === SYSTEM_BUSY && attempt < this.retryDelaysMs.length) {
        await delay(this.retryDelaysMs[attempt]!);
        continue;
      }
      throw new WeChatApiError(errcode, String(result.errmsg ?? ''), path);
    }
  }
}

function parseToken(raw: string | undefined): CachedToken | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<CachedToken>;
    return typeof value.token === 'string' && typeof value.expiresAt === 'number'
      ? { token: value.token, expiresAt: value.expiresAt }
      : undefined;
  } catch {
    return undefined;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
