/**
 * WeChat's request signatures and timestamps. Pure.
 *
 * WeChat signs every request to the developer's URL with `signature = sha1(sort(token, timestamp, nonce))`;
 * in safe and compatible mode the encrypted body is signed too: `msg_signature = sha1(sort(token,
 * timestamp, nonce, Encrypt))`. Both are lowercase hex; "sort" is a plain code-unit sort, then concatenation.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from our clock (WeChat retries within ~15 s; clocks drift). */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export function wechatSignature(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** Constant-time comparison of a received hex signature with the expected one. */
export function signatureMatches(received: unknown, expected: string): boolean {
  if (typeof received !== 'string' || received.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(received.toLowerCase()), Buffer.from(expected));
}

/**
 * Whether a request timestamp (Unix seconds, as WeChat sends it) is within the allowed skew of `nowMs`.
 * Anything that is not a plain number is refused.
 */
export function timestampIsFresh(
  timestamp: unknown,
  nowMs: number,
  skewSeconds = MAX_CLOCK_SKEW_SECONDS
): boolean {
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(Number(timestamp) - nowMs / 1000) <= skewSeconds;
}
