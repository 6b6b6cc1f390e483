/** A small Direct Line 3.0 client over fetch, as Direct Line JS calls the endpoint, for HTTP tests. */

export interface DirectLineActivity {
  id: string;
  type: string;
  text?: string;
  locale?: string;
  from: { id: string; role?: string };
  channelData?: { clientActivityID?: string };
  replyToId?: string;
  suggestedActions?: { actions: { title: string; value?: unknown }[] };
}

export interface HttpResult<T> {
  status: number;
  headers: Headers;
  body: T;
}

async function call<T>(
  baseUrl: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {}
): Promise<HttpResult<T>> {
  const response = await fetch(`${baseUrl}/v3/directline${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
}

export class DirectLineClient {
  token = '';
  conversationId = '';
  userId = '';
  watermark = '';
  /** The WebSocket stream URL the server offered when the conversation started (streaming on). */
  streamUrl = '';
  private sequence = 0;

  constructor(readonly baseUrl: string) {}

  static async start(baseUrl: string, locale?: string): Promise<DirectLineClient> {
    const client = new DirectLineClient(baseUrl);
    const generated = await client.generate();
    if (generated.status !== 200) throw new Error(`tokens/generate: ${generated.status}`);
    const started = await client.startConversation(locale);
    if (started.status !== 201)
      throw new Error(`conversations: ${started.status} ${JSON.stringify(started.body)}`);
    client.streamUrl = started.body.streamUrl ?? '';
    return client;
  }

  async generate(): Promise<
    HttpResult<{ conversationId: string; token: string; expires_in: number; userId: string }>
  > {
    const result = await call<{ conversationId: string; token: string; expires_in: number; userId: string }>(
      this.baseUrl,
      'POST',
      '/tokens/generate',
      undefined,
      {}
    );
    if (result.status === 200)
      Object.assign(this, {
        token: result.body.token,
        conversationId: result.body.conversationId,
        userId: result.body.userId
      });
    return result;
  }

  startConversation(locale?: string, token = this.token) {
    return call<{
      conversationId: string;
      token: string;
      expires_in: number;
      streamUrl?: string;
      error?: { code: string };
    }>(this.baseUrl, 'POST', '/conversations', token, { user: { id: 'ignored' }, locale });
  }

  /** Posts a message the way Web Chat does (with a clientActivityID). */
  send(
    text: string,
    extra: Record<string, unknown> = {},
    token = this.token,
    conversationId = this.conversationId
  ) {
    this.sequence++;
    return call<{ id: string; error?: { code: string; message: string } }>(
      this.baseUrl,
      'POST',
      `/conversations/${conversationId}/activities`,
      token,
      {
        type: 'message',
        text,
        from: { id: 'r_webchat', name: '', role: 'user' },
        locale: 'en-US',
        channelData: {
          clientActivityID: `client-${this.sequence}`,
          clientTimestamp: new Date().toISOString()
        },
        ...extra
      }
    );
  }

  activities(watermark = this.watermark, token = this.token, conversationId = this.conversationId) {
    return call<{ activities: DirectLineActivity[]; watermark: string; error?: { code: string } }>(
      this.baseUrl,
      'GET',
      `/conversations/${conversationId}/activities?watermark=${encodeURIComponent(watermark)}`,
      token
    );
  }

  /** Activities since the last call, advancing the watermark like a polling client. */
  async poll(): Promise<DirectLineActivity[]> {
    const result = await this.activities();
    if (result.status !== 200) throw new Error(`poll: ${result.status}`);
    this.watermark = result.body.watermark;
    return result.body.activities;
  }

  call<T>(method: string, path: string, token?: string, body?: unknown, headers?: Record<string, string>) {
    return call<T>(this.baseUrl, method, path, token, body, headers);
  }
}
