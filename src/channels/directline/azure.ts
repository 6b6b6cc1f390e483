/**
 * Azure mode: the server exchanges its Direct Line secret for a short-lived token at Azure's Direct
 * Line service, so the secret never reaches a browser. The bot is unchanged: Azure calls /api/messages.
 */
import { randomBytes } from 'node:crypto';
import type { TokenResponse } from './service';

export type UpstreamOutcome = ({ ok: true } & TokenResponse) | { ok: false; status: number; message: string };

export interface AzureTokenClientOptions {
  secret: string;
  /** Base URL ending in /v3/directline. */
  endpoint: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

function isTokenBody(value: unknown): value is { conversationId: string; token: string; expires_in: number } {
  const v = value as Record<string, unknown>;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof v.conversationId === 'string' &&
    typeof v.token === 'string' &&
    typeof v.expires_in === 'number'
  );
}

export class AzureTokenClient {
  constructor(private readonly options: AzureTokenClientOptions) {}

  /** A token for a new conversation, bound to a fresh user id. */
  generate(): Promise<UpstreamOutcome> {
    const userId = `dl_${randomBytes(12).toString('base64url')}`;
    return this.call('tokens/generate', this.options.secret, { user: { id: userId } }, userId, false);
  }

  /** Refreshes a token Azure issued (the client's own token is the credential). */
  refresh(token: string): Promise<UpstreamOutcome> {
    return this.call('tokens/refresh', token, undefined, '', true);
  }

  private async call(
    path: string,
    bearer: string,
    body: unknown,
    userId: string,
    clientCredential: boolean
  ): Promise<UpstreamOutcome> {
    const fetchImpl = this.options.fetchImpl ?? fetch;
    let response: Response;
    try {
      response = await fetchImpl(`${this.options.endpoint}/${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000)
      });
    } catch (error) {
      return {
        ok: false,
        status: 502,
        message: `Direct Line service unreachable: ${(error as Error).message}`
      };
    }
    const parsed: unknown = await response.json().catch(() => undefined);
    // A refused client token passes through so Direct Line JS reacts as it would at Azure; a refused
    // secret is the server's problem (502), never the page's.
    if (clientCredential && (response.status === 403 || response.status === 404)) {
      return { ok: false, status: response.status, message: 'Direct Line service refused the token' };
    }
    if (!response.ok || !isTokenBody(parsed)) {
      return { ok: false, status: 502, message: `Direct Line service answered ${response.status}` };
    }
    return {
      ok: true,
      conversationId: parsed.conversationId,
      token: parsed.token,
      expires_in: parsed.expires_in,
      userId
    };
  }
}
