/**
 * Direct Line tokens for the local endpoint: compact JWTs (HS256) signed with the server secret,
 * scoped to one conversation and one user, with an expiry. Pure: no I/O, the clock is passed in.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  /** Conversation the token may use. */
  conv: string;
  /** User id the token speaks for (Direct Line JS reads `user` to know the id is bound). */
  user: string;
  /** Issued at / expires at, in whole seconds since the epoch. */
  iat: number;
  exp: number;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'conversation' };

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function sign(data: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

export function issueToken(
  scope: { conversationId: string; userId: string },
  secret: string,
  ttlSeconds: number,
  nowMs: number
): { token: string; claims: TokenClaims } {
  const iat = Math.floor(nowMs / 1000);
  const claims: TokenClaims = { conv: scope.conversationId, user: scope.userId, iat, exp: iat + ttlSeconds };
  const body = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return { token: `${body}.${sign(body, secret).toString('base64url')}`, claims };
}

function isClaims(value: unknown): value is TokenClaims {
  const c = value as TokenClaims;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof c.conv === 'string' &&
    typeof c.user === 'string' &&
    Number.isInteger(c.iat) &&
    Number.isInteger(c.exp)
  );
}

/**
 * Checks signature, expiry and (when given) that the token belongs to `conversationId`.
 * The signature is compared in constant time and checked before the payload is trusted.
 */
export function verifyToken(
  token: string,
  secret: string,
  nowMs: number,
  conversationId?: string
): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) {
    return { ok: false, reason: 'malformed' };
  }
  const expected = sign(`${parts[0]}.${parts[1]}`, secret);
  const given = Buffer.from(parts[2]!, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'signature' };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!isClaims(claims)) return { ok: false, reason: 'malformed' };
  if (claims.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  if (conversationId !== undefined && claims.conv !== conversationId)
    return { ok: false, reason: 'conversation' };
  return { ok: true, claims };
}

/** The token from an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
