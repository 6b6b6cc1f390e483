/**
 * Which Direct Line conversation a request speaks for: the key its per-token rate limit is counted
 * on. Only a token that verifies (signature, expiry, this conversation) counts; anything else is
 * limited per client address like any other request. Pure (the clock is passed in).
 */
import { bearerToken, verifyToken } from './tokens';

const CONVERSATION_PATH = /^\/v3\/directline\/conversations\/([^/?#]+)(\/[^?#]*)?(\?.*)?$/;

export function requestChat(
  url: string,
  authorization: string | undefined,
  secret: string,
  nowMs: number
): string | undefined {
  const match = CONVERSATION_PATH.exec(url);
  if (!match) return undefined;
  let conversationId: string;
  try {
    conversationId = decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
  // Streams carry the token in the URL (browsers cannot set headers on a WebSocket).
  const token =
    bearerToken(authorization) ??
    (match[2] === '/stream' ? (new URLSearchParams(match[3] ?? '').get('t') ?? undefined) : undefined);
  if (!token) return undefined;
  const check = verifyToken(token, secret, nowMs, conversationId);
  return check.ok ? conversationId : undefined;
}
